package dev.roocode.cli.help;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roocode.connectors.worker.ConnectorsConfig;
import dev.roocode.processor.ProcessorConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** docs/configuration.md is generated from the ConfigDefs; this test fails when it is stale (and rewrites it with -Droocode.docs.update=true). */
class ConfigDocsTest {
    private static final Path DOCS = Path.of("..", "docs", "configuration.md");

    @Test
    void shouldMatchTheCommittedReference() throws Exception {
        String generated = ConfigDocs.markdown();
        if (Boolean.getBoolean("roocode.docs.update")) {
            Files.writeString(DOCS, generated, StandardCharsets.UTF_8);
        }
        String committed = Files.exists(DOCS) ? Files.readString(DOCS, StandardCharsets.UTF_8) : "";

        assertThat(committed)
                .as("docs/configuration.md is stale: run mvn -B -pl admin-cli -am test -Dtest=ConfigDocsTest"
                        + " -Dsurefire.failIfNoSpecifiedTests=false -Droocode.docs.update=true")
                .isEqualTo(generated);
    }

    @Test
    void shouldListEveryDeclaredKeyOnce() {
        String generated = ConfigDocs.markdown();
        for (var def : List.of(ProcessorConfig.CONFIG, ConnectorsConfig.CONFIG_DEF)) {
            for (String name : def.names()) {
                assertThat(generated).as(name).containsOnlyOnce("| `" + name + "` |");
            }
        }
    }
}
