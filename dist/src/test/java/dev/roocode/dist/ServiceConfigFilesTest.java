package dev.roocode.dist;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roocode.core.config.Settings;
import dev.roocode.dist.ServiceConfigFiles.Service;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;
import org.apache.kafka.common.config.AbstractConfig;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * The distribution's config/*.properties are generated from the ConfigDefs; this test fails when one
 * is stale (and rewrites them with -Droocode.docs.update=true), and checks that each file as shipped
 * starts its service: every key it sets is declared and valid.
 */
class ServiceConfigFilesTest {
    static final Path CONFIG = Path.of("src", "main", "dist", "config");
    static final List<Service> SERVICES = ServiceConfigFiles.SERVICES;

    @ParameterizedTest
    @FieldSource("SERVICES")
    void shouldMatchTheCommittedConfigFile(Service service) throws Exception {
        Path file = CONFIG.resolve(service.name() + ".properties");
        String generated = ServiceConfigFiles.properties(service);
        if (Boolean.getBoolean("roocode.docs.update")) {
            Files.writeString(file, generated, StandardCharsets.UTF_8);
        }
        String committed = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";

        assertThat(committed)
                .as("dist/" + file + " is stale: run mvn -B -pl dist -am test -Dtest=ServiceConfigFilesTest"
                        + " -Dsurefire.failIfNoSpecifiedTests=false -Droocode.docs.update=true")
                .isEqualTo(generated);
    }

    @ParameterizedTest
    @FieldSource("SERVICES")
    void shouldListEveryDeclaredKeyAndSetOnlyValidOnes(Service service) throws Exception {
        String generated = ServiceConfigFiles.properties(service);
        for (String name : service.definition().names()) {
            assertThat(Pattern.compile("(?m)^#?" + Pattern.quote(name) + "=")
                            .matcher(generated)
                            .results()
                            .count())
                    .as(name)
                    .isEqualTo(1);
        }
        Properties set = new Properties();
        set.load(new StringReader(generated));
        assertThat(service.definition().names()).containsAll(set.stringPropertyNames());
        Map<String, Object> settings = new HashMap<>(Settings.load(null, Map.of()));
        set.stringPropertyNames().forEach(k -> settings.put(k, set.getProperty(k)));
        new AbstractConfig(service.definition(), settings, false); // throws on an invalid or missing value
    }
}
