package dev.roocode.connectors.provider.huggingface;

import static dev.roocode.connectors.TestJobs.chatJob;
import static dev.roocode.connectors.TestJobs.provider;
import static dev.roocode.connectors.provider.contract.ErrorCase.of;
import static dev.roocode.connectors.provider.contract.InvalidCase.invalid;
import static dev.roocode.schemas.avro.ErrorClass.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.roocode.connectors.provider.HttpAnswer;
import dev.roocode.connectors.provider.HttpCall;
import dev.roocode.connectors.provider.ProviderAdapter;
import dev.roocode.connectors.provider.ProviderContractTest;
import dev.roocode.connectors.provider.ProviderException;
import dev.roocode.connectors.provider.contract.ContractJobs;
import dev.roocode.connectors.provider.contract.ErrorCase;
import dev.roocode.connectors.provider.contract.InvalidCase;
import dev.roocode.connectors.provider.contract.OpenAiParamCases;
import dev.roocode.connectors.provider.contract.RateLimitCase;
import dev.roocode.connectors.provider.contract.ResponseCase;
import dev.roocode.schemas.avro.ErrorClass;
import dev.roocode.schemas.avro.Job;
import dev.roocode.schemas.avro.JobKind;
import dev.roocode.schemas.avro.ProviderConfig;
import dev.roocode.schemas.avro.Usage;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The huggingface type on the provider contract, plus TGI grammar mapping and feature-extraction details. */
class HuggingFaceContractTest extends ProviderContractTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HuggingFaceAdapter adapter = new HuggingFaceAdapter();

    @Override
    protected ProviderAdapter adapter() {
        return adapter;
    }

    @Override
    protected ProviderConfig config() {
        return provider("hf-llama", "https://abc123.us-east-1.aws.endpoints.huggingface.cloud")
                .setType(HuggingFaceAdapter.TYPE)
                .build();
    }

    @Override
    protected OpenAiParamCases openAiParamCases() {
        return OpenAiParamCases.nativeApi()
                .passed("presence_penalty")
                .passed("frequency_penalty")
                .passed("logprobs")
                .passed("top_logprobs");
    }

    @Override
    protected String expectedChatUri() {
        return "https://abc123.us-east-1.aws.endpoints.huggingface.cloud/v1/chat/completions";
    }

    @Override
    protected String expectedEmbeddingUri() {
        return "https://abc123.us-east-1.aws.endpoints.huggingface.cloud";
    }

    @Override
    protected Map<String, String> expectedAuthHeaders(String apiKey) {
        return Map.of("Authorization", "Bearer " + apiKey);
    }

    /** TGI and TEI have no content filter: no content_filter finish reason, no content-policy error. */
    @Override
    protected Set<String> finishReasons() {
        return Set.of("stop", "length", "tool_calls");
    }

    @Override
    protected Set<ErrorClass> requiredErrorClasses() {
        return EnumSet.complementOf(EnumSet.of(
                CONTENT_POLICY,
                NO_ROUTE,
                BUDGET_EXCEEDED,
                INVALID_JOB,
                DEADLINE_EXCEEDED,
                CANCELLED,
                NETWORK,
                INVALID_RESPONSE));
    }

    @Override
    protected List<ResponseCase> responseCases() {
        return List.of(
                ResponseCase.chat(
                        "chat-basic",
                        "Deep Learning is a subset of machine learning that uses neural networks with many layers.",
                        "stop",
                        40,
                        18,
                        58),
                ResponseCase.chat("tgi-chat-length", TGI_CONTENT, "length", 61, 100, 161),
                ResponseCase.toolCall("chat-tool-calls", "get_current_weather", 615, 30, 645),
                ResponseCase.embeddings("embeddings", 2, 0.010071029f, 0, 0));
    }

    private static final String TGI_CONTENT =
            "As of your last question, the weather in Brooklyn, New York, is typically hot and humid throughout the year. "
                    + "The suburbs around New York City are jealously sheltered, and at least in the Lower Bronx, there are very few outdoor "
                    + "environments to appreciate nature.\n\nIn terms of temperature, the warmest times of the year are from June to August, "
                    + "when average high temperatures typically range from around 73°F or 23°C";

    @Override
    protected List<InvalidCase> invalidCases() {
        return List.of(
                invalid("invalid-no-choices", JobKind.CHAT),
                invalid("invalid-empty-choices", JobKind.CHAT),
                invalid("invalid-embeddings-count", JobKind.EMBEDDING),
                invalid("invalid-ragged", JobKind.EMBEDDING),
                invalid("invalid-token-embeddings", JobKind.EMBEDDING));
    }

    @Override
    protected List<ErrorCase> errorCases() {
        return List.of(
                of("bad-request", 400, BAD_REQUEST, false),
                of("authentication", 401, AUTHENTICATION, false),
                of("permission", 403, PERMISSION, false),
                of("not-found", 404, NOT_FOUND, false),
                of("timeout", 408, TIMEOUT, true),
                of("request-too-large", 413, CONTEXT_LENGTH, false),
                of("context-length-tgi", 422, CONTEXT_LENGTH, false),
                of("tgi-input-length", 422, CONTEXT_LENGTH, false),
                of("tgi-bad-request", 422, BAD_REQUEST, false),
                of("unprocessable", 422, BAD_REQUEST, false),
                of("generation", 424, PROVIDER_ERROR, false),
                of("overloaded", 429, RATE_LIMITED, true).retryAfter(Duration.ofSeconds(20)),
                of("overloaded-date", 429, RATE_LIMITED, true).retryAfter(Duration.ofSeconds(30)),
                of("rate-limited-hub", 429, RATE_LIMITED, true).retryAfter(Duration.ofSeconds(58)),
                of("incomplete-generation", 500, PROVIDER_ERROR, true),
                of("incomplete-generation-truncated", 500, PROVIDER_ERROR, true),
                of("invalid-html", 502, PROVIDER_UNAVAILABLE, true),
                of("loading", 503, PROVIDER_UNAVAILABLE, true).retryAfter(Duration.ofSeconds(20)));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "{\"type\":\"json_object\"}                                   | {\"type\":\"json\",\"value\":{\"type\":\"object\"}}",
                "{\"type\":\"json_schema\",\"json_schema\":{\"schema\":{}}}   | {\"type\":\"json_schema\",\"value\":{\"schema\":{}}}",
            })
    void shouldMapResponseFormatToTgiGrammar(String openAi, String tgi) throws Exception {
        Job job = chatJob("r-g", "hi").build();
        job.getChat().setResponseFormatJson(openAi);

        HttpCall call = adapter.toHttpCall(assigned(job), config(), KEY);

        assertThat(JSON.readTree(call.body()).get("response_format")).isEqualTo(JSON.readTree(tgi));
    }

    @Test
    void shouldSendTextResponseFormatAsTheDefault() throws Exception {
        Job job = chatJob("r-t", "hi").build();
        job.getChat().setResponseFormatJson("{\"type\":\"text\"}");

        assertThat(JSON.readTree(
                                adapter.toHttpCall(assigned(job), config(), KEY).body())
                        .has("response_format"))
                .isFalse();
    }

    @Test
    void shouldRefuseNegativeSeedNamingIt() {
        Job job = chatJob("r-s", "hi").build();
        job.getChat().setSeed(-1L);

        assertThatThrownBy(() -> adapter.toHttpCall(assigned(job), config(), KEY))
                .isInstanceOfSatisfying(
                        ProviderException.class, e -> assertThat(e.errorClass()).isEqualTo(BAD_REQUEST))
                .hasMessageContaining("seed");
    }

    @Test
    void shouldPostEmbeddingsToTheConfiguredPath() {
        ProviderConfig tei = provider("tei", "http://tei:8080/")
                .setType(HuggingFaceAdapter.TYPE)
                .setSettings(Map.of("embeddings.path", "/embed"))
                .build();

        HttpCall call = adapter.toHttpCall(assigned(ContractJobs.embedding(Set.of())), tei, KEY);

        assertThat(call.uri()).hasToString("http://tei:8080/embed");
    }

    @Test
    void shouldCountEmbeddingTokensFromTheComputeTokensHeader() {
        HttpAnswer answer = new HttpAnswer(
                200, Map.of("x-compute-tokens", List.of("9")), fixtures().response("embeddings"));

        assertThat(adapter.parse(JobKind.EMBEDDING, answer).getUsage()).isEqualTo(new Usage(9L, 0L, 9L));
    }

    @Test
    void shouldKeepToolCallArgumentsAsJsonText() throws Exception {
        HttpAnswer answer = new HttpAnswer(200, Map.of(), fixtures().response("chat-tool-calls"));

        String calls = adapter.parse(JobKind.CHAT, answer)
                .getChoices()
                .get(0)
                .getMessage()
                .getToolCallsJson();

        assertThat(JSON.readTree(JSON.readTree(calls)
                                .get(0)
                                .get("function")
                                .get("arguments")
                                .asText())
                        .get("location")
                        .asText())
                .isEqualTo("Brooklyn, New York");
    }

    /** The Hub's IETF RateLimit header (draft 9: "api";r=remaining;t=seconds) on every answer, 429s included. */
    @Override
    protected List<RateLimitCase> rateLimitSignals() {
        return List.of(
                new RateLimitCase("rate-limited-hub", 429, 0L, Duration.ofSeconds(58), Duration.ofSeconds(58)),
                new RateLimitCase("ratelimit-remaining", 200, 412L, Duration.ofSeconds(120), null));
    }
}
