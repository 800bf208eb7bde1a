package dev.roocode.connectors.provider;

import static dev.roocode.connectors.TestJobs.chatJob;
import static dev.roocode.connectors.TestJobs.dispatched;
import static dev.roocode.connectors.TestJobs.embeddingJob;
import static dev.roocode.connectors.TestJobs.provider;
import static org.assertj.core.api.Assertions.assertThat;

import dev.roocode.connectors.execution.HttpTransport;
import dev.roocode.sandbox.simulator.ProviderSimulator;
import dev.roocode.sandbox.simulator.SimulatorExtension;
import dev.roocode.schemas.avro.ErrorClass;
import dev.roocode.schemas.avro.Job;
import dev.roocode.schemas.avro.JobKind;
import dev.roocode.schemas.avro.ProviderConfig;
import dev.roocode.schemas.avro.ProviderOutput;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The anthropic, gemini and cohere adapters against the provider simulator's wire formats, through the
 * worker's real HTTP transport: what an adapter sends is accepted, what the simulator answers parses,
 * and its error answers classify as the provider's would.
 */
class NativeFormatsSimulatorIT {
    private static final String KEY = "sim-key-0123456789";
    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor();
    private static final HttpTransport TRANSPORT =
            new HttpTransport(Runnable::run, TIMER, Clock.systemUTC(), Duration.ofSeconds(5));

    @RegisterExtension
    static final SimulatorExtension SIMULATOR = SimulatorExtension.configured(builder -> builder.apiKey(KEY));

    @AfterAll
    static void stopTimer() {
        TIMER.shutdownNow();
    }

    private static ProviderConfig config(String type) {
        ProviderSimulator sim = SIMULATOR.simulator();
        return provider(type, sim.url()).setType(type).build();
    }

    private static HttpAnswer send(String type, Job job, String model, String key) {
        ProviderAdapter adapter = ProviderAdapters.forType(type);
        HttpCall call = adapter.toHttpCall(dispatched(job, type, model), config(type), key);
        return TRANSPORT.send(call, Duration.ofSeconds(10)).join();
    }

    @ParameterizedTest
    @ValueSource(strings = {"anthropic", "gemini", "cohere"})
    void shouldChatWithTheSimulator(String type) {
        Job job = chatJob("native-chat-" + type, "Hello there").build();
        job.getChat().setMaxTokens(32);

        HttpAnswer answer = send(type, job, "sim-latency-1", KEY);

        assertThat(answer.status())
                .as("%s: %s", type, new String(answer.body()))
                .isEqualTo(200);
        ProviderOutput output = ProviderAdapters.forType(type).parse(JobKind.CHAT, answer);
        assertThat(output.getChoices().get(0).getMessage().getContent()).startsWith("Simulated reply to: Hello there");
        assertThat(output.getChoices().get(0).getFinishReason()).isIn("stop", "length");
        assertThat(output.getUsage().getInputTokens()).isPositive();
        assertThat(SIMULATOR.simulator().callCount("native-chat-" + type)).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"gemini", "cohere"})
    void shouldEmbedWithTheSimulator(String type) {
        Job job = embeddingJob("native-embed-" + type, List.of("first text", "second text"))
                .build();
        job.getEmbedding().setInputType("search_query");

        HttpAnswer answer = send(type, job, "text-embedding-sim", KEY);

        assertThat(answer.status())
                .as("%s: %s", type, new String(answer.body()))
                .isEqualTo(200);
        ProviderOutput output = ProviderAdapters.forType(type).parse(JobKind.EMBEDDING, answer);
        assertThat(output.getEmbeddings()).hasSize(2);
        assertThat(output.getEmbeddings().get(1).getIndex()).isEqualTo(1);
        assertThat(output.getEmbeddings().get(0).getVector()).isNotEmpty();
    }

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource({
        "anthropic, sim-429,  RATE_LIMITED,         true",
        "gemini,    sim-429,  RATE_LIMITED,         true",
        "cohere,    sim-429,  RATE_LIMITED,         true",
        "anthropic, sim-down, PROVIDER_UNAVAILABLE, true",
        "gemini,    sim-down, PROVIDER_UNAVAILABLE, true",
        "cohere,    sim-down, PROVIDER_UNAVAILABLE, true",
    })
    void shouldClassifyTheSimulatorsFaults(String type, String model, ErrorClass expected, boolean retryable) {
        HttpAnswer answer =
                send(type, chatJob("native-" + model + "-" + type, "hi").build(), model, KEY);

        ProviderError error = ProviderAdapters.forType(type).classify(answer);

        assertThat(error.errorClass())
                .as("%s %s: %s", type, answer.status(), new String(answer.body()))
                .isEqualTo(expected);
        assertThat(error.retryable()).isEqualTo(retryable);
        if (expected == ErrorClass.RATE_LIMITED && !type.equals("cohere")) {
            assertThat(error.retryAfter()).as("%s gives a retry hint", type).isNotNull();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"anthropic", "gemini", "cohere"})
    void shouldClassifyAWrongKeyAsAuthenticationWithoutEchoingIt(String type) {
        String wrong = "wrong-key-9876543210";
        HttpAnswer answer = send(type, chatJob("native-key-" + type, "hi").build(), "sim", wrong);

        ProviderError error = ProviderAdapters.forType(type).classify(answer);

        assertThat(error.errorClass())
                .as("%s %s: %s", type, answer.status(), new String(answer.body()))
                .isEqualTo(ErrorClass.AUTHENTICATION);
        assertThat(error.message()).doesNotContain(wrong).doesNotContain(KEY);
    }
}
