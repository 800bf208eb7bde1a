package dev.roocode.cli.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.core.http.HttpResponseFor;
import com.openai.core.http.StreamResponse;
import com.openai.errors.BadRequestException;
import com.openai.errors.InternalServerException;
import com.openai.errors.NotFoundException;
import com.openai.errors.UnauthorizedException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.embeddings.CreateEmbeddingResponse;
import com.openai.models.embeddings.EmbeddingCreateParams;
import com.openai.models.models.Model;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseFormatTextJsonSchemaConfig;
import com.openai.models.responses.ResponseStatus;
import com.openai.models.responses.ResponseTextConfig;
import dev.roocode.api.ApiConfig;
import dev.roocode.api.ApiServices;
import dev.roocode.api.auth.Caller;
import dev.roocode.api.auth.StaticKeys;
import dev.roocode.cli.testing.Cli;
import dev.roocode.core.trace.TraceParent;
import dev.roocode.schemas.avro.RoutePolicy;
import dev.roocode.schemas.config.CommonConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Chat, embeddings, responses and models through roocode-api, called with the official openai-java SDK. */
class SyncApiIT {
    @RegisterExtension
    static final ApiStack API = new ApiStack();

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void shouldAnswerChatThroughKafkaContinuingTheCallersTrace() {
        TraceParent trace = TraceParent.fresh();
        HttpResponseFor<ChatCompletion> raw = API.client(ApiStack.TENANT_A_KEY)
                .chat()
                .completions()
                .withRawResponse()
                .create(ChatCompletionCreateParams.builder()
                        .model("gpt-4o-mini")
                        .addUserMessage("Say hello")
                        .maxCompletionTokens(20)
                        .putAdditionalHeader(TraceParent.HEADER, trace.header())
                        .build());
        ChatCompletion completion = raw.parse();
        assertThat(completion.choices()).hasSize(1);
        assertThat(completion.choices().get(0).message().content())
                .hasValueSatisfying(text -> assertThat(text).isNotBlank());
        assertThat(completion.usage())
                .hasValueSatisfying(u -> assertThat(u.totalTokens()).isPositive());
        String requestId = raw.headers().values("x-request-id").get(0);
        assertThat(API.stack().simulator().traceparent(requestId)).contains(trace.traceId());
    }

    @Test
    void shouldAnswerEmbeddings() {
        CreateEmbeddingResponse embeddings = API.client(ApiStack.TENANT_B_KEY)
                .embeddings()
                .create(EmbeddingCreateParams.builder()
                        .model("text-embedding-3-small")
                        .input("Kafka is a log")
                        .build());
        assertThat(embeddings.data()).hasSize(1);
        assertThat(embeddings.data().get(0).embedding()).isNotEmpty();
    }

    @Test
    void shouldAnswerResponsesPlainAndWithStructuredOutput() {
        OpenAIClient client = API.client(ApiStack.TENANT_A_KEY);
        Response plain = client.responses()
                .create(ResponseCreateParams.builder()
                        .model("gpt-4o-mini")
                        .instructions("Be brief")
                        .input("Say hello")
                        .maxOutputTokens(50)
                        .build());
        assertThat(plain.status()).contains(ResponseStatus.COMPLETED);
        assertThat(plain.instructions()).isPresent();
        assertThat(plain.output()
                        .get(0)
                        .message()
                        .orElseThrow()
                        .content()
                        .get(0)
                        .outputText())
                .hasValueSatisfying(t -> assertThat(t.text()).isNotBlank());
        assertThat(plain.usage())
                .hasValueSatisfying(
                        u -> assertThat(u.inputTokens() + u.outputTokens()).isEqualTo(u.totalTokens()));

        Response structured = client.responses()
                .create(ResponseCreateParams.builder()
                        .model("gpt-4o-mini")
                        .input("Ann is 31.")
                        .text(ResponseTextConfig.builder()
                                .format(ResponseFormatTextJsonSchemaConfig.builder()
                                        .name("person")
                                        .strict(true)
                                        .schema(ResponseFormatTextJsonSchemaConfig.Schema.builder()
                                                .putAdditionalProperty("type", JsonValue.from("object"))
                                                .putAdditionalProperty(
                                                        "properties",
                                                        JsonValue.from(Map.of("age", Map.of("type", "integer"))))
                                                .build())
                                        .build())
                                .build())
                        .build());
        assertThat(structured.text().orElseThrow().format().orElseThrow().jsonSchema())
                .hasValueSatisfying(format -> assertThat(format.name()).isEqualTo("person"));
        assertThat(structured.output()).isNotEmpty();
    }

    @Test
    void shouldListTheRoutedModelsAndFindOneByName() throws Exception {
        String model = "it-routed-" + System.nanoTime();
        publishRoute(RoutePolicy.newBuilder()
                .setModel(model)
                .setAliases(List.of(model + "-alias"))
                .setVersion(1)
                .build());
        OpenAIClient client = API.client(ApiStack.TENANT_B_KEY);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        List<String> ids = List.of();
        while (!ids.contains(model) && System.nanoTime() < deadline) {
            ids = client.models().list().data().stream().map(Model::id).toList();
            Thread.sleep(100);
        }
        assertThat(ids).contains(model, model + "-alias").doesNotContain("*");
        assertThat(client.models().retrieve(model).ownedBy()).isEqualTo("roocode");
        assertThatThrownBy(() -> client.models().retrieve("no-such-model")).isInstanceOf(NotFoundException.class);
    }

    @Test
    void shouldRefuseStreamingWithABadRequest() {
        ChatCompletionCreateParams params = ChatCompletionCreateParams.builder()
                .model("gpt-4o-mini")
                .addUserMessage("hi")
                .build();
        assertThatThrownBy(() -> {
                    try (StreamResponse<ChatCompletionChunk> stream = API.client(ApiStack.TENANT_A_KEY)
                            .chat()
                            .completions()
                            .createStreaming(params)) {
                        stream.stream().count();
                    }
                })
                .isInstanceOf(BadRequestException.class)
                .hasMessageContaining("stream=true is not supported");
    }

    @Test
    void shouldRefuseBadRequestsWithOpenAisErrorsNamingTheProblem() throws Exception {
        assertThatThrownBy(() -> API.client(ApiStack.TENANT_A_KEY)
                        .responses()
                        .create(ResponseCreateParams.builder()
                                .model("gpt-4o-mini")
                                .input("again")
                                .previousResponseId("resp_123")
                                .build()))
                .isInstanceOfSatisfying(
                        BadRequestException.class, e -> assertThat(e.code()).contains("unsupported_parameter"))
                .hasMessageContaining("previous_response_id is not supported");
        assertThatThrownBy(() -> API.client("sk-wrong")
                        .chat()
                        .completions()
                        .create(ChatCompletionCreateParams.builder()
                                .model("gpt-4o-mini")
                                .addUserMessage("hi")
                                .build()))
                .isInstanceOf(UnauthorizedException.class);
        HttpResponse<String> notJson = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(API.baseUrl() + "/chat/completions"))
                                .header("Authorization", "Bearer " + ApiStack.TENANT_A_KEY)
                                .POST(HttpRequest.BodyPublishers.ofString("{\"model\": \"gpt-4o-mini\","))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(notJson.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(notJson.body()).at("/error/type").asText()).isEqualTo("invalid_request_error");
        HttpResponse<String> noMessages = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(API.baseUrl() + "/chat/completions"))
                                .header("Authorization", "Bearer " + ApiStack.TENANT_A_KEY)
                                .POST(HttpRequest.BodyPublishers.ofString("{\"model\": \"gpt-4o-mini\"}"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(noMessages.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(noMessages.body()).at("/error/message").asText())
                .contains("messages is required");
    }

    @Test
    void shouldAnswer504WhenNoResultComesInTime() throws Exception {
        Map<String, Object> settings = new HashMap<>(API.stack().clientProperties());
        settings.put(CommonConfig.HTTP_HOST, "127.0.0.1");
        settings.put(CommonConfig.HTTP_PORT, 0);
        settings.put(ApiConfig.FILES_DIR, dir.resolve("files").toString());
        settings.put(ApiConfig.SYNC_TIMEOUT_MS, 1000L);
        settings.put(ApiConfig.INSTANCE_ID, "it-timeout");
        String key = "sk-test-timeout-0123456789";
        try (ApiServices quick = ApiServices.start(
                new ApiConfig(settings),
                API.stack().registry(),
                new StaticKeys(Map.of(key, new Caller("key-t", ApiStack.TENANT_A, false))))) {
            OpenAIClient client = OpenAIOkHttpClient.builder()
                    .baseUrl(quick.baseUrl())
                    .apiKey(key)
                    .maxRetries(0)
                    .build();
            ChatCompletionCreateParams slow = ChatCompletionCreateParams.builder()
                    .model("sim-latency-5000")
                    .addUserMessage("take your time")
                    .build();
            assertThatThrownBy(() -> client.chat().completions().create(slow))
                    .isInstanceOfSatisfying(InternalServerException.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(504);
                        assertThat(e.code()).contains("timeout");
                    })
                    .hasMessageContaining(ApiConfig.SYNC_TIMEOUT_MS);
        }
    }

    @Test
    void shouldRunABatchFileOfResponsesLinesWithResponsesShapedOutput() throws Exception {
        Path input = dir.resolve("responses.jsonl");
        Files.writeString(
                input,
                String.join(
                                "\n",
                                "{\"custom_id\":\"r-1\",\"method\":\"POST\",\"url\":\"/v1/responses\",\"body\":{\"model\":\"gpt-4o-mini\",\"input\":\"Say hi\",\"instructions\":\"Be brief\",\"metadata\":{\"run\":\"it\"}}}",
                                "{\"custom_id\":\"r-2\",\"method\":\"POST\",\"url\":\"/v1/responses\",\"body\":{\"model\":\"gpt-4o-mini\",\"input\":[{\"role\":\"user\",\"content\":[{\"type\":\"input_text\",\"text\":\"Hello\"}]}]}}",
                                "{\"custom_id\":\"r-3\",\"method\":\"POST\",\"url\":\"/v1/responses\",\"body\":{\"model\":\"gpt-4o-mini\",\"input\":\"x\",\"previous_response_id\":\"resp_1\"}}")
                        + "\n",
                StandardCharsets.UTF_8);
        Path output = dir.resolve("responses.out.jsonl");
        Cli.Run run = new Cli(dir.resolve("cli"))
                .cluster(API.stack().bootstrapServers(), API.stack().schemaRegistryUrl())
                .run("submit", input.toString(), "--wait", "--out", output.toString(), "--no-progress");
        assertThat(run.exit()).as(run.toString()).isZero();
        List<JsonNode> lines =
                Files.readAllLines(output).stream().map(SyncApiIT::tree).toList();
        assertThat(lines).extracting(l -> l.get("custom_id").asText()).containsExactly("r-1", "r-2", "r-3");
        JsonNode first = lines.get(0).at("/response/body");
        assertThat(first.get("object").asText()).isEqualTo("response");
        assertThat(first.at("/output/0/content/0/type").asText()).isEqualTo("output_text");
        assertThat(first.at("/metadata/run").asText()).isEqualTo("it");
        assertThat(first.get("instructions").asText()).isEqualTo("Be brief");
        assertThat(lines.get(1).at("/response/body/object").asText()).isEqualTo("response");
        assertThat(lines.get(2).at("/error/code").asText()).isEqualTo("unsupported_parameter");
        assertThat(lines.get(2).at("/error/message").asText()).contains("previous_response_id is not supported");
    }

    private static JsonNode tree(String line) {
        try {
            return JSON.readTree(line);
        } catch (Exception e) {
            throw new IllegalStateException(line, e);
        }
    }

    /** Publishes {@code route} on the shared stack's routes topic (the models list follows it). */
    static void publishRoute(RoutePolicy route) throws Exception {
        String topic = API.stack().topics().routes().name();
        Map<String, Object> props = new HashMap<>(API.stack().clientProperties());
        props.keySet().removeIf(k -> k.startsWith("schema.registry"));
        try (KafkaProducer<String, byte[]> producer =
                new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(
                            topic,
                            route.getModel(),
                            API.stack()
                                    .topics()
                                    .routes()
                                    .valueSerde(API.stack().registry())
                                    .serialize(topic, route)))
                    .get();
        }
    }
}
