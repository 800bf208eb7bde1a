package dev.roocode.processor.topology;

import static dev.roocode.processor.topology.Fixtures.chatJob;
import static dev.roocode.processor.topology.Fixtures.provider;
import static org.assertj.core.api.Assertions.assertThat;

import dev.roocode.schemas.avro.BatchEndpoint;
import dev.roocode.schemas.avro.DispatchedJob;
import dev.roocode.schemas.avro.ErrorClass;
import dev.roocode.schemas.avro.Job;
import dev.roocode.schemas.avro.ProviderConfig;
import dev.roocode.schemas.avro.ProviderStatus;
import dev.roocode.schemas.avro.Result;
import dev.roocode.schemas.avro.ResultStatus;
import dev.roocode.schemas.avro.UsageEvent;
import java.time.Duration;
import java.util.List;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A provider's batch candidate ({@code cheap:batch}) through the whole topology: its jobs on the provider's batch
 * dispatch topic, its Results at the discounted price, and its failed lines back to a realtime provider.
 */
class BatchCandidateFlowTest {
    private static final String BATCH_TOPIC = "roocode.dispatch-batch.cheap";

    private TopologyHarness harness;

    @BeforeEach
    void start() {
        // one attempt only: a batch line's fallback must not need a second one
        harness = new TopologyHarness(1);
        harness.addProviders(withBatch(provider("cheap", 0.15, ProviderStatus.ACTIVE)));
        harness.existingTopics.add(BATCH_TOPIC);
    }

    @AfterEach
    void stop() {
        harness.close();
    }

    @Test
    void shouldDispatchAJobWhoseDeadlineAllowsBatchToTheProvidersBatchTopic() {
        harness.submit(due(chatJob("r1", "b1"), Duration.ofDays(2)));
        harness.submit(chatJob("r2", "b1"));

        assertThat(harness.read(BATCH_TOPIC, DispatchedJob.class))
                .singleElement()
                .satisfies(d -> {
                    assertThat(d.getJob().getRequestId()).isEqualTo("r1");
                    assertThat(d.getAssignment().getProvider()).isEqualTo("cheap:batch");
                    assertThat(d.getAssignment().getProviderModel()).isEqualTo("cheap-mini");
                });
        assertThat(dispatched("cheap"))
                .as("no deadline: realtime")
                .extracting(d -> d.getJob().getRequestId())
                .containsExactly("r2");
    }

    @Test
    void shouldKeepJobsRealtimeWhileTheBatchTopicDoesNotExist() {
        harness.existingTopics.remove(BATCH_TOPIC);

        harness.submit(due(chatJob("r1", "b1"), Duration.ofDays(2)));
        harness.existingTopics.add(BATCH_TOPIC);
        harness.submit(due(chatJob("r2", "b1"), Duration.ofDays(2)));

        assertThat(dispatched("cheap"))
                .extracting(d -> d.getJob().getRequestId())
                .containsExactly("r1");
        assertThat(harness.read(BATCH_TOPIC, DispatchedJob.class))
                .as("once the topic exists")
                .extracting(d -> d.getJob().getRequestId())
                .containsExactly("r2");
        assertThat(results()).isEmpty();
    }

    @Test
    void shouldCostABatchLineAtTheDiscountAndNameTheBatchCandidateAsItsProvider() {
        harness.submit(due(chatJob("r1", "b1"), Duration.ofDays(2)));
        DispatchedJob line = harness.read(BATCH_TOPIC, DispatchedJob.class).get(0);

        harness.pipe(harness.topics.outcomes().name(), "r1", Fixtures.succeeded(line));

        double halfPrice = (1000 * 0.15 + 500 * 0.6) / 1e6 * 0.5;
        assertThat(results()).singleElement().satisfies(r -> {
            assertThat(r.getStatus()).isEqualTo(ResultStatus.SUCCEEDED);
            assertThat(r.getProvider()).isEqualTo("cheap:batch");
            assertThat(r.getCostUsd()).isCloseTo(halfPrice, Offset.offset(1e-12));
        });
        assertThat(harness.read(harness.topics.usage().name(), UsageEvent.class))
                .singleElement()
                .satisfies(u -> {
                    assertThat(u.getProvider()).isEqualTo("cheap:batch");
                    assertThat(u.getCostUsd()).isCloseTo(halfPrice, Offset.offset(1e-12));
                });
    }

    @Test
    void shouldSendAFailedBatchLineToARealtimeProviderWithoutSpendingTheJobsAttempts() {
        harness.submit(due(chatJob("r1", "b1"), Duration.ofDays(2)));
        DispatchedJob line = harness.read(BATCH_TOPIC, DispatchedJob.class).get(0);

        // the batch API rejected the line (too big for its file): says nothing of the realtime API
        harness.pipe(harness.topics.fallback().name(), "r1", Fixtures.failed(line, ErrorClass.BAD_REQUEST, 400, false));

        assertThat(dispatched("cheap")).singleElement().satisfies(d -> {
            assertThat(d.getAssignment().getProvider()).isEqualTo("cheap");
            assertThat(d.getAssignment().getAttempt()).isEqualTo(2);
            assertThat(d.getHistory()).extracting(a -> a.getProvider()).containsExactly("cheap:batch");
        });
        assertThat(harness.read(BATCH_TOPIC, DispatchedJob.class))
                .as("never to batch again")
                .isEmpty();
        assertThat(results()).isEmpty();
    }

    @Test
    void shouldSendAFailedBatchLineToAnotherProvidersBatchThenRealtimeCountingTheSecondBatchTry() {
        harness.close();
        // two attempts: the first batch try is free, the second counts and still leaves one realtime attempt
        harness = new TopologyHarness(2);
        harness.addProviders(
                withBatch(provider("cheap", 0.15, ProviderStatus.ACTIVE)),
                withBatch(provider("mid", 0.2, ProviderStatus.ACTIVE)));
        harness.existingTopics.add(BATCH_TOPIC);
        harness.existingTopics.add("roocode.dispatch-batch.mid");
        harness.submit(due(chatJob("r1", "b1"), Duration.ofDays(2)));
        DispatchedJob line = harness.read(BATCH_TOPIC, DispatchedJob.class).get(0);

        // a line whose batch expired whole (no answer of its own), two days before its deadline: mid's batch (half
        // of 0.2) is cheaper than cheap's realtime API (0.15), and there is room for its turnaround plus the margin
        harness.pipe(harness.topics.fallback().name(), "r1", Fixtures.failed(line, ErrorClass.TIMEOUT, null, true));

        List<DispatchedJob> rebatched = harness.read("roocode.dispatch-batch.mid", DispatchedJob.class);
        assertThat(rebatched).hasSize(1);
        DispatchedJob again = rebatched.get(0);
        assertThat(again.getAssignment().getProvider()).isEqualTo("mid:batch");
        assertThat(again.getAssignment().getAttempt()).isEqualTo(2);
        assertThat(dispatched("cheap")).isEmpty();

        harness.pipe(
                harness.topics.fallback().name(), "r1", Fixtures.failed(again, ErrorClass.PROVIDER_ERROR, 500, true));

        assertThat(dispatched("cheap")).singleElement().satisfies(d -> {
            assertThat(d.getAssignment().getProvider()).isEqualTo("cheap");
            assertThat(d.getAssignment().getAttempt()).isEqualTo(3);
            assertThat(d.getHistory()).extracting(a -> a.getProvider()).containsExactly("cheap:batch", "mid:batch");
        });
        assertThat(harness.read(BATCH_TOPIC, DispatchedJob.class))
                .as("not to cheap's batch again")
                .isEmpty();
        assertThat(results()).isEmpty();
    }

    @Test
    void shouldSendALineThatFailedOnItsOwnWithA500BackToTheSameProvidersBatch() {
        harness.close();
        // two attempts: the first batch try is free, the second counts and still leaves one realtime attempt
        harness = new TopologyHarness(2);
        harness.addProviders(withBatch(provider("cheap", 0.15, ProviderStatus.ACTIVE)));
        harness.existingTopics.add(BATCH_TOPIC);
        harness.submit(due(chatJob("r1", "b1"), Duration.ofDays(2)));
        DispatchedJob line = harness.read(BATCH_TOPIC, DispatchedJob.class).get(0);

        // the line's own answer was a 500: a new batch of the same provider answers it anew, at half price
        harness.pipe(
                harness.topics.fallback().name(), "r1", Fixtures.failed(line, ErrorClass.PROVIDER_ERROR, 500, true));

        assertThat(harness.read(BATCH_TOPIC, DispatchedJob.class))
                .singleElement()
                .satisfies(d -> {
                    assertThat(d.getAssignment().getProvider()).isEqualTo("cheap:batch");
                    assertThat(d.getAssignment().getAttempt()).isEqualTo(2);
                    assertThat(d.getHistory()).extracting(a -> a.getProvider()).containsExactly("cheap:batch");
                });
        assertThat(dispatched("cheap")).isEmpty();
        assertThat(results()).isEmpty();
    }

    private static ProviderConfig withBatch(ProviderConfig provider) {
        return ProviderConfig.newBuilder(provider)
                .setBatch(BatchEndpoint.newBuilder()
                        .setTurnaroundMs(Duration.ofHours(24).toMillis())
                        .build())
                .build();
    }

    private static Job due(Job job, Duration in) {
        job.getRouting().setDeadline(Fixtures.T0.plus(in));
        return job;
    }

    private List<DispatchedJob> dispatched(String provider) {
        return harness.read("roocode.dispatch." + provider, DispatchedJob.class);
    }

    private List<Result> results() {
        return harness.read("roocode.results", Result.class);
    }
}
