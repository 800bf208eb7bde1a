package dev.roocode.connectors.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.roocode.connectors.provider.contract.SteadyServer;
import dev.roocode.connectors.testing.SharedFiles;
import dev.roocode.schemas.avro.ErrorClass;
import dev.roocode.schemas.avro.JobKind;
import dev.roocode.schemas.avro.ProviderOutput;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Spec conformance of the provider types, against the providers' published OpenAPI documents in
 * {@code ../shared/specs}: every request the contract suite builds is sent to Steady serving the
 * spec and must come back without a validation error ({@code X-Steady-Error-Count: 0}, not 400);
 * every non-streaming example response of the endpoints used must parse with the type's response
 * mapper. openai, azure-openai and openai-compatible are checked against {@code openai-openapi.yaml}
 * (Azure's deployment path mapped to the spec's operation path), huggingface chat against
 * {@code tgi-openapi.json}, anthropic against {@code anthropic-openapi.json} and gemini against
 * {@code gemini-openapi.json} (cohere publishes its spec under a licence that keeps it out of
 * {@code ../shared/specs}). Without the shared folder or Steady the test skips with a notice; with
 * {@code CI=true} it fails.
 */
class ProviderSpecConformanceIT {
    private static final String CHAT = "/chat/completions";
    private static final String EMBEDDINGS = "/embeddings";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private static SteadyServer openAi;
    private static SteadyServer tgi;
    private static SteadyServer anthropic;
    private static SteadyServer gemini;
    private static Path specs;

    @BeforeAll
    static void startSteady() throws Exception {
        Path openAiSpec = SharedFiles.file("specs/openai-openapi.yaml");
        Path tgiSpec = SharedFiles.file("specs/tgi-openapi.json");
        specs = openAiSpec.getParent();
        Path steady = Path.of(System.getProperty("steady.bin", "target/steady/node_modules/.bin/steady"));
        if (!Files.isExecutable(steady)) {
            String notice = "Steady not installed at " + steady.toAbsolutePath()
                    + " (the build installs it with npm ci in pre-integration-test)";
            if (SharedFiles.required()) {
                Assertions.fail(notice + " and it is required (CI=true)");
            }
            System.out.println("NOTICE: skipping spec conformance, " + notice);
            Assumptions.abort(notice);
        }
        Path logs = Path.of("target", "steady-logs");
        openAi = SteadyServer.start(steady, openAiSpec, logs);
        tgi = SteadyServer.start(steady, tgiSpec, logs);
        anthropic = SteadyServer.start(steady, specs.resolve("anthropic-openapi.json"), logs);
        gemini = SteadyServer.start(steady, specs.resolve("gemini-openapi.json"), logs);
    }

    @AfterAll
    static void stopSteady() {
        if (openAi != null) {
            openAi.close();
        }
        for (SteadyServer server : new SteadyServer[] {tgi, anthropic, gemini}) {
            if (server != null) {
                server.close();
            }
        }
    }

    @TestFactory
    Stream<DynamicTest> openAiRequestsConformToTheOpenAiSpec() throws Exception {
        return requests("openai", openAi, ProviderSpecConformanceIT::openAiPath);
    }

    @TestFactory
    Stream<DynamicTest> azureOpenAiRequestsConformToTheOpenAiSpec() throws Exception {
        return requests("azure-openai", openAi, ProviderSpecConformanceIT::openAiPath);
    }

    @TestFactory
    Stream<DynamicTest> openAiCompatibleRequestsConformToTheOpenAiSpec() throws Exception {
        return requests("openai-compatible", openAi, ProviderSpecConformanceIT::openAiPath);
    }

    /** TGI's spec has chat only: feature extraction (TEI) is not part of it, so embeddings calls are reported as unchecked. */
    @TestFactory
    Stream<DynamicTest> huggingFaceChatRequestsConformToTheTgiSpec() throws Exception {
        return requests("huggingface", tgi, path -> path.endsWith("/v1" + CHAT) ? "/v1" + CHAT : null);
    }

    @TestFactory
    Stream<DynamicTest> anthropicRequestsConformToTheAnthropicSpec() throws Exception {
        return requests("anthropic", anthropic, path -> path.endsWith("/v1/messages") ? "/v1/messages" : null);
    }

    /**
     * The Gemini spec's server URL holds the version, so its paths lack the {@code /v1beta} prefix the
     * adapter sends. Its path parameter {@code modelsId} is documented as {@code models/{model}} (the
     * discovery document's {@code {+model}}), so the model segment is sent to Steady in that form,
     * with the slash escaped.
     */
    @TestFactory
    Stream<DynamicTest> geminiRequestsConformToTheGeminiSpec() throws Exception {
        return requests(
                "gemini",
                gemini,
                path -> path.startsWith("/v1beta/models/")
                        ? "/models/models%2F" + path.substring("/v1beta/models/".length())
                        : null);
    }

    @TestFactory
    Stream<DynamicTest> anthropicSpecExamplesParse() throws IOException {
        JsonNode examples = JSON.readTree(
                        specs.resolve("anthropic-openapi.json").toFile())
                .at("/components/schemas/Message/examples");
        assertThat(examples.isArray() && !examples.isEmpty())
                .as("Message examples in anthropic-openapi.json")
                .isTrue();
        List<DynamicTest> tests = new ArrayList<>();
        examples.forEach(example -> tests.add(dynamicTest(
                "anthropic: spec Message example " + tests.size(),
                () -> assertParses("anthropic", new Example("spec Message", JobKind.CHAT, example.toString())))));
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> openAiSpecExamplesParse() throws IOException {
        JsonNode spec =
                new YAMLMapper().readTree(specs.resolve("openai-openapi.yaml").toFile());
        List<Example> examples = new ArrayList<>();
        collect(spec.at("/paths/~1chat~1completions/post/x-oaiMeta/examples"), JobKind.CHAT, "spec " + CHAT, examples);
        collect(
                spec.at("/components/schemas/CreateChatCompletionResponse/x-oaiMeta/example"),
                JobKind.CHAT,
                "spec CreateChatCompletionResponse",
                examples);
        collect(
                spec.at("/paths/~1embeddings/post/x-oaiMeta/examples"),
                JobKind.EMBEDDING,
                "spec " + EMBEDDINGS,
                examples);
        examples.add(new Example(
                "examples/oai-ex-chat-default.json",
                JobKind.CHAT,
                Files.readString(specs.resolve("examples/oai-ex-chat-default.json"))));
        examples.add(new Example(
                "examples/oai-ex-embeddings.json",
                JobKind.EMBEDDING,
                Files.readString(specs.resolve("examples/oai-ex-embeddings.json"))));
        assertThat(examples).hasSizeGreaterThanOrEqualTo(6);
        return Stream.of("openai", "azure-openai", "openai-compatible")
                .flatMap(type -> examples.stream()
                        .map(example -> dynamicTest(type + ": " + example.name(), () -> assertParses(type, example))));
    }

    @TestFactory
    Stream<DynamicTest> tgiExamplesParse() throws IOException {
        Example example = new Example(
                "examples/tgi-test_flash_llama_simple.json",
                JobKind.CHAT,
                Files.readString(specs.resolve("examples/tgi-test_flash_llama_simple.json")));
        return Stream.of("huggingface", "openai-compatible")
                .map(type -> dynamicTest(type + ": " + example.name(), () -> assertParses(type, example)));
    }

    /** TGI's spec gives example bodies for its chat errors (422, 424, 429, 500): each classifies as documented in huggingface.md. */
    @TestFactory
    Stream<DynamicTest> tgiErrorExamplesClassify() throws IOException {
        JsonNode responses = JSON.readTree(specs.resolve("tgi-openapi.json").toFile())
                .at("/paths/~1v1~1chat~1completions/post/responses");
        Map<Integer, ErrorClass> expected = Map.of(
                422,
                ErrorClass.BAD_REQUEST,
                424,
                ErrorClass.PROVIDER_ERROR,
                429,
                ErrorClass.RATE_LIMITED,
                500,
                ErrorClass.PROVIDER_ERROR);
        List<DynamicTest> tests = new ArrayList<>();
        responses.fields().forEachRemaining(e -> {
            JsonNode example = e.getValue().at("/content/application~1json/example");
            if (!e.getKey().startsWith("2") && !example.isMissingNode()) {
                int status = Integer.parseInt(e.getKey());
                tests.add(dynamicTest("huggingface " + status + " " + example, () -> {
                    ProviderError error = ProviderAdapters.forType("huggingface")
                            .classify(new HttpAnswer(status, Map.of(), JSON.writeValueAsBytes(example)));
                    assertThat(error.errorClass()).isEqualTo(expected.get(status));
                }));
            }
        });
        assertThat(tests).as("TGI's documented chat errors").hasSize(4);
        return tests.stream();
    }

    private Stream<DynamicTest> requests(String type, SteadyServer steady, Function<String, String> specPath)
            throws Exception {
        Map<String, HttpCall> calls = ProviderContractTest.forType(type).contractCalls();
        return calls.entrySet().stream()
                .map(e -> dynamicTest(type + " " + e.getKey(), () -> {
                    HttpCall call = e.getValue();
                    String path = specPath.apply(call.uri().getPath());
                    if (path == null) {
                        String notice = type + " " + e.getKey() + ": POST " + call.uri()
                                + " is not in the provider's published spec, not checked";
                        System.out.println("NOTICE: " + notice);
                        Assumptions.abort(notice);
                    }
                    HttpResponse<String> answer = send(steady, path, call);
                    String errors = steadyErrors(answer);
                    assertThat(answer.headers().firstValue("x-steady-error-count"))
                            .as("%s %s against the spec at %s: %s", type, e.getKey(), path, errors)
                            .contains("0");
                    assertThat(answer.statusCode())
                            .as("%s %s: %s", type, e.getKey(), answer.body())
                            .isNotEqualTo(400)
                            .isLessThan(500);
                }));
    }

    private static HttpResponse<String> send(SteadyServer steady, String path, HttpCall call)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(steady.baseUri() + path))
                .method(call.method(), HttpRequest.BodyPublishers.ofByteArray(call.body()));
        call.headers().forEach(request::header);
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private static String steadyErrors(HttpResponse<?> answer) {
        StringBuilder errors = new StringBuilder();
        answer.headers().map().forEach((name, values) -> {
            if (name.toLowerCase().matches("x-steady-error-\\d+-(message|path)")) {
                errors.append(name).append('=').append(values.get(0)).append("; ");
            }
        });
        return errors.toString();
    }

    /** The operation path in the OpenAI spec (its server URL ends with /v1; Azure's deployment prefix is not in it). */
    private static String openAiPath(String path) {
        return path.endsWith(CHAT) ? CHAT : path.endsWith(EMBEDDINGS) ? EMBEDDINGS : null;
    }

    private static void assertParses(String type, Example example) throws IOException {
        byte[] body = JSON.writeValueAsBytes(JSON.readTree(example.json()));
        ProviderOutput output =
                ProviderAdapters.forType(type).parse(example.kind(), new HttpAnswer(200, Map.of(), body));
        if (example.kind() == JobKind.CHAT) {
            assertThat(output.getChoices()).isNotEmpty();
            assertThat(output.getChoices().get(0).getFinishReason())
                    .isIn("stop", "length", "tool_calls", "content_filter");
        } else {
            assertThat(output.getEmbeddings()).isNotEmpty();
        }
        assertThat(output.getUsage().getInputTokens()).isPositive();
    }

    /** Response examples under {@code node} (a list of {title, response}, one {response}, or an example text), streaming ones left out. */
    private static void collect(JsonNode node, JobKind kind, String source, List<Example> into) {
        if (node.isMissingNode()) {
            throw new IllegalStateException("no examples at " + source + ": has the spec moved them?");
        }
        List<JsonNode> items = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(items::add);
        } else {
            items.add(node);
        }
        for (JsonNode item : items) {
            String title = item.path("title").asText(source);
            String response =
                    item.isTextual() ? item.asText() : item.path("response").asText(null);
            if (response == null || response.contains("chat.completion.chunk")) {
                continue;
            }
            into.add(new Example(source + " " + title, kind, response));
        }
    }

    /**
     * One example response. The spec's embeddings example elides floats with a {@code .... (1536 floats
     * ...)} line and leaves a trailing comma; those two documentation artefacts are removed before parsing.
     */
    private record Example(String name, JobKind kind, String json) {
        Example {
            json = json.replaceAll("(?m)^\\s*\\.\\.\\.\\..*$\\n?", "").replaceAll(",(\\s*[\\]}])", "$1");
        }
    }
}
