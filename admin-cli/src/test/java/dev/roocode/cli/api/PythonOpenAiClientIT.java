package dev.roocode.cli.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.roocode.schemas.avro.RoutePolicy;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * roocode-api through the official Python {@code openai} SDK, as docs/http-api.md shows it: chat, embeddings,
 * responses, models, a batch file uploaded, run and its output and error files read back, another tenant's batch
 * (NotFoundError), a wrong key (AuthenticationError) and {@code stream=True} (BadRequestError). The interpreter is
 * {@code $ROOCODE_PYTHON} or {@code python3}; skipped with a notice where it cannot import {@code openai}, required
 * with CI=true (.ci/run installs the SDK in a virtual environment and sets ROOCODE_PYTHON).
 */
class PythonOpenAiClientIT {
    @RegisterExtension
    static final ApiStack API = new ApiStack();

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void shouldServeThePythonSdkForSyncCallsBatchesAndItsErrorClasses() throws Exception {
        String python = pythonWithOpenAi();
        String model = "py-routed-" + System.nanoTime();
        SyncApiIT.publishRoute(
                RoutePolicy.newBuilder().setModel(model).setVersion(1).build());
        awaitModel(model);
        Path script = dir.resolve("openai_client_check.py");
        try (InputStream in = PythonOpenAiClientIT.class.getResourceAsStream("/python/openai_client_check.py")) {
            Files.copy(in, script);
        }
        ProcessBuilder builder = new ProcessBuilder(python, script.toString()).redirectErrorStream(false);
        builder.environment().put("OPENAI_BASE_URL", API.baseUrl());
        builder.environment().put("KEY_A", ApiStack.TENANT_A_KEY);
        builder.environment().put("KEY_B", ApiStack.TENANT_B_KEY);
        builder.environment().put("ROUTED_MODEL", model);
        builder.environment().remove("OPENAI_API_KEY");
        Path err = dir.resolve("stderr.txt");
        builder.redirectError(err.toFile());
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(180, TimeUnit.SECONDS)).isTrue();
        String stderr = Files.readString(err);
        assertThat(process.exitValue()).as("python exit; stderr:%n%s", stderr).isZero();
        JsonNode seen = JSON.readTree(out.lines().reduce((a, b) -> b).orElseThrow());
        System.out.println("python openai " + seen.path("sdk").asText() + " saw: " + seen);

        assertThat(seen.at("/chat/object").asText()).isEqualTo("chat.completion");
        assertThat(seen.at("/chat/content").asText()).isNotBlank();
        assertThat(seen.at("/chat/finish_reason").asText()).isEqualTo("stop");
        assertThat(seen.at("/chat/total_tokens").asInt()).isPositive();
        assertThat(seen.at("/embeddings/count").asInt()).isEqualTo(2);
        assertThat(seen.at("/embeddings/dims").asInt()).isPositive();
        assertThat(seen.at("/responses/object").asText()).isEqualTo("response");
        assertThat(seen.at("/responses/status").asText()).isEqualTo("completed");
        assertThat(seen.at("/responses/output_text").asText()).isNotBlank();
        assertThat(JSON.convertValue(seen.get("models"), List.class)).contains(model);
        assertThat(seen.get("routed_model_owner").asText()).isEqualTo("roocode");

        assertThat(seen.at("/batch/status").asText()).isEqualTo("completed");
        assertThat(seen.at("/batch/metadata/from").asText()).isEqualTo("python");
        assertThat(seen.at("/batch/counts/total").asInt()).isEqualTo(4);
        assertThat(seen.at("/batch/counts/completed").asInt()).isEqualTo(3);
        assertThat(seen.at("/batch/counts/failed").asInt()).isEqualTo(1);
        assertThat(JSON.convertValue(seen.at("/batch/output_ids"), List.class)).containsExactly("py-0", "py-1", "py-2");
        assertThat(JSON.convertValue(seen.at("/batch/error_ids"), List.class)).containsExactly("py-bad");
        assertThat(seen.get("listed").asInt()).isEqualTo(1);

        assertThat(seen.get("other_tenant").asText()).isEqualTo("NotFoundError 404");
        assertThat(seen.get("wrong_key").asText()).isEqualTo("AuthenticationError 401");
        assertThat(seen.get("stream").asText()).isEqualTo("BadRequestError 400");
        assertThat(out + stderr).doesNotContain(ApiStack.TENANT_A_KEY).doesNotContain(ApiStack.TENANT_B_KEY);
    }

    /** The models list follows the routes topic: on a stack just started, wait until it has read them. */
    private static void awaitModel(String model) throws InterruptedException {
        var client = API.client(ApiStack.TENANT_A_KEY);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (client.models().list().data().stream().noneMatch(m -> m.id().equals(model))) {
            assertThat(System.nanoTime())
                    .as("%s in the models list within 60 s", model)
                    .isLessThan(deadline);
            Thread.sleep(200);
        }
    }

    /** The interpreter to use, or a skip (a failure with CI=true) when none can import the SDK. */
    private static String pythonWithOpenAi() throws IOException, InterruptedException {
        String configured = System.getenv("ROOCODE_PYTHON");
        String python = configured == null || configured.isBlank() ? "python3" : configured;
        boolean importable;
        try {
            Process check = new ProcessBuilder(python, "-c", "import openai")
                    .redirectErrorStream(true)
                    .start();
            check.getInputStream().readAllBytes();
            importable = check.waitFor(60, TimeUnit.SECONDS) && check.exitValue() == 0;
        } catch (IOException e) {
            importable = false;
        }
        if (!importable) {
            String notice = python + " cannot import openai (python3 -m venv v && v/bin/pip install openai, then"
                    + " ROOCODE_PYTHON=v/bin/python)";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new AssertionError(notice + "; CI=true needs it");
            }
            System.out.println("NOTICE: skipping, " + notice);
            assumeTrue(false, notice);
        }
        return python;
    }
}
