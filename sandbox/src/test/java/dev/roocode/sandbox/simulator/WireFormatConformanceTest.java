package dev.roocode.sandbox.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The directives every registered wire format must honour the same way, one chat call recipe per provider.
 * A format added to {@link ProviderSimulator#FORMATS} without a recipe here fails
 * {@link #shouldHaveARecipeForEveryRegisteredFormat()}.
 */
class WireFormatConformanceTest {

    private static final String KEY = "conformance-key";

    @RegisterExtension
    static final SimulatorExtension SIM = SimulatorExtension.configured(b -> b.apiKey(KEY));

    /** How to send a chat call with a given model to one provider. */
    record Provider(
            String name,
            WireFormat format,
            UnaryOperator<String> path,
            UnaryOperator<String> body,
            int overloadedStatus,
            String... headers) {

        @Override
        public String toString() {
            return name;
        }
    }

    static final List<Provider> PROVIDERS = List.of(
            new Provider(
                    "openai",
                    ProviderSimulator.FORMATS.get(0),
                    m -> "/v1/chat/completions",
                    m -> SimClient.chatBody(m, "Hello"),
                    503,
                    "Authorization",
                    "Bearer " + KEY),
            new Provider(
                    "azure-openai",
                    ProviderSimulator.FORMATS.get(1),
                    m -> "/openai/deployments/" + m + "/chat/completions?api-version=2024-10-21",
                    m -> SimClient.chatBody("ignored", "Hello"),
                    503,
                    "api-key",
                    KEY),
            new Provider(
                    "anthropic",
                    ProviderSimulator.FORMATS.get(2),
                    m -> "/v1/messages",
                    AnthropicWireFormatTest::body,
                    529,
                    "x-api-key",
                    KEY,
                    "anthropic-version",
                    "2023-06-01"),
            new Provider(
                    "gemini",
                    ProviderSimulator.FORMATS.get(3),
                    m -> "/v1beta/models/" + m + ":generateContent",
                    m -> "{\"contents\":[{\"parts\":[{\"text\":\"Hello\"}]}]}",
                    503,
                    "x-goog-api-key",
                    KEY),
            new Provider(
                    "cohere",
                    ProviderSimulator.FORMATS.get(4),
                    m -> "/v2/chat",
                    m -> SimClient.chatBody(m, "Hello"),
                    503,
                    "Authorization",
                    "Bearer " + KEY),
            new Provider(
                    "huggingface",
                    ProviderSimulator.FORMATS.get(5),
                    m -> "/hf/" + m + "/v1/chat/completions",
                    m -> SimClient.chatBody("tgi", "Hello"),
                    503,
                    "Authorization",
                    "Bearer " + KEY),
            new Provider(
                    "openai-compatible",
                    ProviderSimulator.FORMATS.get(6),
                    m -> "/compat/v1/chat/completions",
                    m -> SimClient.chatBody(m, "Hello"),
                    503,
                    "Authorization",
                    "Bearer " + KEY));

    private SimClient client;

    @BeforeEach
    void fresh() {
        SIM.simulator().reset();
        client = new SimClient(SIM.simulator());
    }

    static Stream<Provider> providers() {
        return PROVIDERS.stream();
    }

    private HttpResponse<String> call(Provider provider, String model, String requestId) throws Exception {
        return client.post(provider.path().apply(model), provider.body().apply(model), requestId, provider.headers());
    }

    @Test
    void shouldHaveARecipeForEveryRegisteredFormat() {
        Set<WireFormat> covered = new HashSet<>();
        PROVIDERS.forEach(p -> covered.add(p.format()));

        assertThat(covered)
                .as(
                        "every WireFormat in ProviderSimulator.FORMATS needs a Provider recipe here and a row in SIMULATOR.md")
                .containsExactlyInAnyOrderElementsOf(ProviderSimulator.FORMATS);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("providers")
    void shouldAnswerAnInstantModelWithJson(Provider provider) throws Exception {
        HttpResponse<String> response = call(provider, "plain-model", null);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(SimClient.json(response).isObject()).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("providers")
    void shouldServeModelNamesThatOnlyStartWithSimLikeAnyOtherModel(Provider provider) throws Exception {
        // the names llm-d's own files and deployments use for simulated models
        for (String model : List.of("sim-model", "sim-model-b")) {
            HttpResponse<String> response = call(provider, model, null);

            assertThat(response.statusCode()).as(model + ": " + response.body()).isEqualTo(200);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("providers")
    void shouldAnswerTheProvidersOverloadStatusForDown(Provider provider) throws Exception {
        assertThat(call(provider, "sim-down", null).statusCode()).isEqualTo(provider.overloadedStatus());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("providers")
    void shouldFailFlakyCallsWith500OrTheOverloadStatus(Provider provider) throws Exception {
        Set<Integer> statuses = new HashSet<>();
        for (int i = 0; i < 12; i++) {
            statuses.add(call(provider, "sim-flaky-100", "flaky-" + i).statusCode());
        }

        assertThat(statuses).containsExactlyInAnyOrder(500, provider.overloadedStatus());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("providers")
    void shouldCutTheBodyForMalformedAndAnswer429ForThe429Directive(Provider provider) throws Exception {
        HttpResponse<String> malformed = call(provider, "sim-malformed-100", null);
        HttpResponse<String> limited = call(provider, "sim-429", null);

        assertThat(malformed.statusCode()).isEqualTo(200);
        assertThatThrownBy(() -> SimClient.json(malformed)).isInstanceOf(RuntimeException.class);
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(SimClient.json(limited).isObject()).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("providers")
    void shouldDelayForLatencyAndDropTheConnectionForReset(Provider provider) throws Exception {
        long start = System.nanoTime();
        assertThat(call(provider, "sim-latency-50", null).statusCode()).isEqualTo(200);
        assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(50);

        assertThatThrownBy(() -> call(provider, "sim-reset-100", null)).isInstanceOf(IOException.class);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("providers")
    void shouldAnswer4xxNamingAnUnknownDirective(Provider provider) throws Exception {
        HttpResponse<String> response = call(provider, "sim-latency-5-flakey-5", null);

        assertThat(response.statusCode()).isBetween(400, 422);
        assertThat(response.body()).contains("flakey");
    }
}
