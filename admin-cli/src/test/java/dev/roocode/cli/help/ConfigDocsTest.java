package dev.roocode.cli.help;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roocode.api.ApiConfig;
import dev.roocode.connectors.worker.ConnectorsConfig;
import dev.roocode.processor.ProcessorConfig;
import dev.roocode.schemas.config.CommonConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.config.ConfigDef;
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
    void shouldListEveryDeclaredKeyOncePerService() {
        // the shared keys once, in their own section; a service's own keys once in its section (two services may
        // declare the same key, e.g. http.port with their own defaults, or shutdown.timeout.ms)
        String generated = ConfigDocs.markdown();
        Set<String> shared = CommonConfig.define(CommonConfig.Registry.REQUIRED).names();
        for (String name : shared) {
            assertThat(generated).as(name).containsOnlyOnce("| `" + name + "` |");
        }
        // the health and metrics keys both services declare (with their own http.port default): once, in their section
        Set<String> endpoint = CommonConfig.defineMetrics(CommonConfig.defineHttp(new ConfigDef(), 0))
                .names();
        String endpointSection = section(generated, "Health and metrics endpoint (processor and connectors)");
        for (String name : endpoint) {
            assertThat(endpointSection).as(name).containsOnlyOnce("| `" + name + "` |");
        }
        Map<String, ConfigDef> services = Map.of(
                "Processor",
                ProcessorConfig.CONFIG,
                "Connectors",
                ConnectorsConfig.CONFIG_DEF,
                "API",
                ApiConfig.CONFIG);
        services.forEach((title, def) -> {
            String section = section(generated, title);
            def.names().stream()
                    .filter(name -> !shared.contains(name) && !endpoint.contains(name))
                    .forEach(name -> assertThat(section).as(title + " " + name).containsOnlyOnce("| `" + name + "` |"));
        });
    }

    private static String section(String markdown, String title) {
        int start = markdown.indexOf("\n## " + title + "\n");
        assertThat(start).as("section " + title).isNotNegative();
        int end = markdown.indexOf("\n## ", start + 1);
        return end < 0 ? markdown.substring(start) : markdown.substring(start, end);
    }
}
