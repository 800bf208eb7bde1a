package dev.roocode.connectors.provider;

import static dev.roocode.connectors.TestJobs.dispatched;
import static dev.roocode.connectors.TestJobs.provider;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.roocode.connectors.execution.HttpTransport;
import dev.roocode.connectors.provider.contract.ContractJobs;
import dev.roocode.core.provider.JobField;
import dev.roocode.sandbox.simulator.ProviderSimulator;
import dev.roocode.schemas.avro.ErrorClass;
import dev.roocode.schemas.avro.Job;
import dev.roocode.schemas.avro.JobKind;
import dev.roocode.schemas.avro.ProviderConfig;
import dev.roocode.schemas.avro.ProviderOutput;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Each OpenAI-format adapter end to end against the provider simulator's wire format for its
 * provider (OpenAI paths, Azure deployments, Hugging Face endpoints under {@code /hf}, the
 * compatible format under {@code /compat}), over the worker's real HTTP transport: the contract's
 * all-fields chat and embedding jobs succeed and parse, and the simulator's 429, 503 and wrong-key
 * answers classify as RATE_LIMITED (with a wait), PROVIDER_UNAVAILABLE and AUTHENTICATION.
 */
class SimulatorWireFormatsIT {
    private static final String KEY = "sk-sim-key";
    private static ProviderSimulator simulator;
    private static ExecutorService executor;
    private static ScheduledExecutorService timer;
    private static HttpTransport transport;

    @BeforeAll
    static void start() {
        simulator = ProviderSimulator.builder().apiKey(KEY).build().start();
        executor = Executors.newFixedThreadPool(2);
        timer = Executors.newSingleThreadScheduledExecutor();
        transport = new HttpTransport(executor, timer, Clock.systemUTC(), Duration.ofSeconds(5));
    }

    @AfterAll
    static void stop() {
        simulator.close();
        executor.shutdownNow();
        timer.shutdownNow();
    }

    /** The provider config pointing a type at the simulator; Hugging Face serves one model per endpoint URL. */
    private static final Map<String, Function<String, ProviderConfig>> CONFIGS = Map.of(
            "openai", model -> config("openai", simulator.url()),
            "azure-openai", model -> config("azure-openai", simulator.url()),
            "huggingface", model -> config("huggingface", simulator.url() + "/hf/" + model),
            "openai-compatible", model -> config("openai-compatible", simulator.url() + "/compat"));

    private static ProviderConfig config(String type, String endpoint) {
        return provider("sim-" + type, endpoint).setType(type).build();
    }

    @TestFactory
    Stream<DynamicTest> everyOpenAiFormatTypeTalksToItsSimulatedProvider() {
        return CONFIGS.keySet().stream()
                .sorted()
                .flatMap(type -> Stream.of(
                        dynamicTest(type + " chat with every supported field", () -> {
                            ProviderOutput output = succeed(
                                    type,
                                    ContractJobs.chat(
                                            ProviderContractTest.forType(type).fields()));
                            assertThat(output.getChoices()).isNotEmpty();
                            assertThat(output.getChoices().get(0).getMessage().getContent())
                                    .isNotBlank();
                            assertThat(output.getUsage().getInputTokens()).isPositive();
                        }),
                        dynamicTest(type + " embeddings", () -> {
                            ProviderOutput output = succeed(type, ContractJobs.embedding(Set.of(JobField.EMBEDDINGS)));
                            assertThat(output.getEmbeddings()).hasSize(2);
                            assertThat(output.getEmbeddings().get(1).getVector())
                                    .isNotEmpty();
                        }),
                        dynamicTest(type + " 429", () -> {
                            ProviderError error = fail(type, "sim-429", KEY);
                            assertThat(error.errorClass()).isEqualTo(ErrorClass.RATE_LIMITED);
                            assertThat(error.retryable()).isTrue();
                            assertThat(error.retryAfter()).isNotNull().isPositive();
                        }),
                        dynamicTest(
                                type + " down",
                                () -> assertThat(fail(type, "sim-down", KEY).errorClass())
                                        .isEqualTo(ErrorClass.PROVIDER_UNAVAILABLE)),
                        dynamicTest(type + " wrong key", () -> {
                            ProviderError error = fail(type, "plain-model", "sk-wrong");
                            assertThat(error.errorClass()).isEqualTo(ErrorClass.AUTHENTICATION);
                            assertThat(error.message()).doesNotContain("sk-wrong");
                        })));
    }

    private static ProviderOutput succeed(String type, Job job) throws Exception {
        String model = job.getKind() == JobKind.EMBEDDING ? "embed-model" : "chat-model";
        HttpAnswer answer = call(type, job, model, KEY);
        assertThat(answer.status())
                .as("%s answered %s", type, new String(answer.body()))
                .isEqualTo(200);
        return ProviderAdapters.forType(type).parse(job.getKind(), answer);
    }

    private static ProviderError fail(String type, String model, String key) throws Exception {
        HttpAnswer answer = call(type, ContractJobs.chat(Set.of(JobField.MESSAGES)), model, key);
        assertThat(answer.isSuccess())
                .as("%s %s answered %s", type, model, answer.status())
                .isFalse();
        return ProviderAdapters.forType(type).classify(answer);
    }

    private static HttpAnswer call(String type, Job job, String model, String key) throws Exception {
        ProviderConfig config = CONFIGS.get(type).apply(model);
        HttpCall call =
                ProviderAdapters.forType(type).toHttpCall(dispatched(job, config.getName(), model), config, key);
        return transport.send(call, Duration.ofSeconds(10)).get();
    }
}
