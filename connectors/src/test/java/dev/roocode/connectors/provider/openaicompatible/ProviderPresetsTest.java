package dev.roocode.connectors.provider.openaicompatible;

import static dev.roocode.connectors.TestJobs.chatJob;
import static dev.roocode.connectors.TestJobs.dispatched;
import static dev.roocode.connectors.TestJobs.provider;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.roocode.connectors.provider.HttpCall;
import dev.roocode.connectors.provider.ProviderAdapters;
import dev.roocode.schemas.avro.ProviderConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The vLLM, Ollama, OpenRouter and gateway presets in examples/providers/ build valid calls: presets are configuration, not code. */
class ProviderPresetsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void everyPresetBuildsACallWithItsAuthStyle() throws Exception {
        List<Path> presets;
        try (Stream<Path> files = Files.list(examples())) {
            presets = files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
        }
        assertThat(presets)
                .extracting(p -> p.getFileName().toString())
                .contains("vllm.json", "ollama.json", "openrouter.json", "gateway-x-api-key.json");
        for (Path preset : presets) {
            JsonNode node = JSON.readTree(preset.toFile());
            ProviderConfig config = config(node);
            String model = node.get("offers").get(0).get("providerModel").asText();

            HttpCall call = ProviderAdapters.forType(config.getType())
                    .toHttpCall(dispatched(chatJob("r-1", "hi").build(), config.getName(), model), config, "key-1");

            assertThat(call.uri().toString())
                    .as(preset.toString())
                    .endsWith("/v1/chat/completions")
                    .doesNotContain("/v1/v1");
            String auth = config.getSettings().getOrDefault("auth", "bearer");
            switch (auth) {
                case "none" ->
                    assertThat(call.headers().values()).as(preset.toString()).doesNotContain("key-1", "Bearer key-1");
                case "bearer" ->
                    assertThat(call.headers()).as(preset.toString()).containsEntry("Authorization", "Bearer key-1");
                default ->
                    assertThat(call.headers())
                            .as(preset.toString())
                            .containsEntry(config.getSettings().get("auth.header"), "key-1");
            }
        }
    }

    private static ProviderConfig config(JsonNode node) {
        Map<String, String> settings = new LinkedHashMap<>();
        node.path("settings")
                .fields()
                .forEachRemaining(e -> settings.put(e.getKey(), e.getValue().asText()));
        return provider(node.get("name").asText(), node.get("endpoint").asText())
                .setType(node.get("type").asText())
                .setSettings(settings)
                .build();
    }

    private static Path examples() {
        for (Path p = Path.of(System.getProperty("user.dir")).toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("examples/providers"))) {
                return p.resolve("examples/providers");
            }
        }
        throw new IllegalStateException("examples/providers not found above " + System.getProperty("user.dir"));
    }
}
