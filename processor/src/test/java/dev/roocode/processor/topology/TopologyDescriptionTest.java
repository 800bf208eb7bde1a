package dev.roocode.processor.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roocode.processor.requests.ProcessorSettings;
import dev.roocode.schemas.registry.InMemorySchemaRegistryClient;
import dev.roocode.schemas.topic.Topics;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A renamed node, store or internal topic must be a failing test, not silently lost state. To accept
 * an intended change run with {@code -Droocode.golden.write=true} and commit the file.
 */
class TopologyDescriptionTest {
    private static final Path GOLDEN = Path.of("src/test/resources/golden/topology.txt");

    @Test
    void shouldMatchGoldenTopologyDescription() throws IOException {
        ProcessorSettings settings = new ProcessorSettings(
                Topics.defaults(),
                new InMemorySchemaRegistryClient(),
                Pattern.compile(".*"),
                Duration.ofDays(7),
                3,
                topic -> true);
        String description =
                RoocodeTopology.build(settings).describe().toString().replaceAll("@[0-9a-f]+", "@x");

        if (Boolean.getBoolean("roocode.golden.write")) {
            Files.writeString(GOLDEN, description, StandardCharsets.UTF_8);
        }
        assertThat(GOLDEN)
                .as("golden file; write it with -Droocode.golden.write=true")
                .exists();
        assertThat(description).isEqualTo(Files.readString(GOLDEN, StandardCharsets.UTF_8));
    }
}
