package dev.roocode.processor.topology;

import static dev.roocode.processor.topology.Fixtures.chatJob;
import static dev.roocode.processor.topology.Fixtures.provider;
import static org.assertj.core.api.Assertions.assertThat;

import dev.roocode.processor.router.Deferral;
import dev.roocode.schemas.avro.AttemptSucceeded;
import dev.roocode.schemas.avro.DispatchedJob;
import dev.roocode.schemas.avro.ErrorClass;
import dev.roocode.schemas.avro.Job;
import dev.roocode.schemas.avro.ProviderConfig;
import dev.roocode.schemas.avro.ProviderState;
import dev.roocode.schemas.avro.ProviderStatus;
import dev.roocode.schemas.avro.Result;
import dev.roocode.schemas.avro.Usage;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The context-window check learns a provider model's tokenizer from the usage its outcomes report:
 * llama.cpp serving a Llama model counted 4.8 times the router's cl100k/o200k estimate.
 */
class TokenCalibrationFlowTest {
    /** About 150 prompt tokens by the router's estimate. */
    private static final String LONG_PROMPT =
            "Summarize the following report in two sentences. " + "The quarterly figures of the small bakery "
                    + "rose steadily while flour prices fell, and the owners hired two apprentices for the morning shift. "
                            .repeat(6);

    private static final int WINDOW = 400;

    private TopologyHarness harness;

    @BeforeEach
    void start() {
        harness = new TopologyHarness(3, Deferral.NEVER);
        ProviderConfig llama = provider("llama", 0.01, ProviderStatus.ACTIVE);
        llama.getOffers().get(0).setContextWindow(WINDOW);
        harness.addProviders(llama, provider("cloud", 2.50, ProviderStatus.ACTIVE));
    }

    @AfterEach
    void stop() {
        harness.close();
    }

    @Test
    void shouldStopRoutingAJobThatFitsOnlyByTheUncalibratedEstimate() {
        for (int i = 0; i < 3; i++) {
            harness.submit(longJob("r" + i));
        }
        List<DispatchedJob> sent = dispatched("llama");
        assertThat(sent).as("fits the 400-token window by the estimate").hasSize(3);
        long estimate = sent.get(0).getAssignment().getEstimatedInputTokens();
        assertThat(estimate + 50).isLessThanOrEqualTo(WINDOW);
        assertThat(Math.round(estimate * 4.8) + 50).isGreaterThan(WINDOW);

        for (DispatchedJob job : sent) {
            harness.pipe(harness.topics.outcomes().name(), job.getJob().getRequestId(), reporting(job, 4.8));
        }
        harness.flushDeltas();
        harness.driver.advanceWallClockTime(Duration.ofSeconds(1));
        assertThat(states())
                .last()
                .satisfies(state -> assertThat(state.getPromptTokenRatios()).containsKey("llama-mini"));

        harness.submit(longJob("r-next"));

        assertThat(dispatched("llama")).isEmpty();
        assertThat(dispatched("cloud"))
                .extracting(d -> d.getJob().getRequestId())
                .containsExactly("r-next");
    }

    @Test
    void shouldFailANamedProviderJobWithNoRouteNamingTheCalibratedContextWindow() {
        harness.submit(longJob("r1"));
        DispatchedJob first = dispatched("llama").get(0);
        harness.pipe(harness.topics.outcomes().name(), "r1", reporting(first, 4.8));
        harness.flushDeltas();
        harness.driver.advanceWallClockTime(Duration.ofSeconds(1));
        harness.read(harness.topics.results().name(), Result.class);

        Job named = longJob("r2");
        named.getRouting().setProvider("llama");
        harness.submit(named);

        assertThat(dispatched("llama")).isEmpty();
        assertThat(harness.read(harness.topics.results().name(), Result.class))
                .singleElement()
                .satisfies(result -> {
                    assertThat(result.getError().getErrorClass()).isEqualTo(ErrorClass.NO_ROUTE);
                    assertThat(result.getError().getMessage())
                            .contains("llama: context window 400 <")
                            .contains("observed at this provider model");
                });
    }

    private static Job longJob(String requestId) {
        Job job = chatJob(requestId, "b1");
        job.getChat().getMessages().get(0).setContent(LONG_PROMPT);
        return job;
    }

    /** The outcome of {@code dispatched}, its provider reporting {@code ratio} times the estimated prompt tokens. */
    private static AttemptSucceeded reporting(DispatchedJob dispatched, double ratio) {
        AttemptSucceeded success = Fixtures.succeeded(dispatched);
        long prompt = Math.round(dispatched.getAssignment().getEstimatedInputTokens() * ratio);
        success.getOutput()
                .setUsage(Usage.newBuilder()
                        .setInputTokens(prompt)
                        .setOutputTokens(20)
                        .setTotalTokens(prompt + 20)
                        .build());
        return success;
    }

    private List<DispatchedJob> dispatched(String provider) {
        return harness.read("roocode.dispatch." + provider, DispatchedJob.class);
    }

    private List<ProviderState> states() {
        return harness.read(harness.topics.providerState().name(), ProviderState.class);
    }
}
