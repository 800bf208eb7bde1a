package dev.roocode.processor.topology;

import static dev.roocode.processor.topology.Fixtures.chatJob;
import static dev.roocode.processor.topology.Fixtures.provider;
import static org.assertj.core.api.Assertions.assertThat;

import dev.roocode.processor.router.Deferral;
import dev.roocode.schemas.avro.BreakerState;
import dev.roocode.schemas.avro.CircuitBreakerPolicy;
import dev.roocode.schemas.avro.DispatchedJob;
import dev.roocode.schemas.avro.ErrorClass;
import dev.roocode.schemas.avro.Job;
import dev.roocode.schemas.avro.ProviderConfig;
import dev.roocode.schemas.avro.ProviderState;
import dev.roocode.schemas.avro.ProviderStatus;
import dev.roocode.schemas.avro.Result;
import dev.roocode.schemas.avro.ResultStatus;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Jobs whose only provider is down wait out the outage (the outage-waits store) instead of failing at once. */
class OutageWaitFlowTest {
    private TopologyHarness harness;

    private void start(int maxAttempts, long waitInOpenMs) {
        harness = new TopologyHarness(maxAttempts, Deferral.NEVER);
        ProviderConfig solo = provider("solo", 0.15, ProviderStatus.ACTIVE);
        solo.setBreaker(CircuitBreakerPolicy.newBuilder()
                .setWaitInOpenMs(waitInOpenMs)
                .setHalfOpenCalls(1)
                .build());
        harness.addProviders(solo);
    }

    @AfterEach
    void stop() {
        harness.close();
    }

    @Test
    void shouldParkAJobWhoseOnlyProviderIsDownAndSendItBackWhenItsBreakerCloses() {
        start(3, 30_000);
        harness.submit(withDeadline(chatJob("r1", "b1"), Duration.ofMinutes(10)));
        DispatchedJob first = dispatched().get(0);
        breaker(BreakerState.OPEN);

        harness.pipe(
                harness.topics.fallback().name(), "r1", Fixtures.failed(first, ErrorClass.PROVIDER_UNAVAILABLE, 503));
        harness.driver.advanceWallClockTime(Duration.ofSeconds(1));
        assertThat(results()).as("waits instead of failing").isEmpty();
        assertThat(dispatched()).as("not sent while the breaker is open").isEmpty();

        breaker(BreakerState.CLOSED);
        harness.driver.advanceWallClockTime(Duration.ofSeconds(1));
        assertThat(dispatched()).singleElement().satisfies(again -> {
            assertThat(again.getAssignment().getProvider()).isEqualTo("solo");
            assertThat(again.getAssignment().getAttempt()).isEqualTo(2);
            assertThat(again.getHistory())
                    .extracting(a -> a.getErrorClass())
                    .containsExactly(ErrorClass.PROVIDER_UNAVAILABLE);
            harness.pipe(harness.topics.outcomes().name(), "r1", Fixtures.succeeded(again));
        });
        assertThat(results())
                .singleElement()
                .satisfies(r -> assertThat(r.getStatus()).isEqualTo(ResultStatus.SUCCEEDED));
    }

    @Test
    void shouldLetHalfOpenCallsProbeAfterTheWaitInOpen() {
        start(3, 5_000);
        for (String id : List.of("r1", "r2", "r3")) {
            harness.submit(withDeadline(chatJob(id, "b1"), Duration.ofMinutes(10)));
        }
        List<DispatchedJob> sent = dispatched();
        breaker(BreakerState.OPEN);
        for (DispatchedJob job : sent) {
            harness.pipe(
                    harness.topics.fallback().name(),
                    job.getJob().getRequestId(),
                    Fixtures.failed(job, ErrorClass.PROVIDER_UNAVAILABLE, 503));
        }
        harness.driver.advanceWallClockTime(Duration.ofSeconds(2));
        assertThat(dispatched()).isEmpty();

        harness.driver.advanceWallClockTime(Duration.ofSeconds(4));
        assertThat(dispatched())
                .as("halfOpenCalls = 1 probe once the 5 s wait in open has passed")
                .hasSize(1);
        harness.driver.advanceWallClockTime(Duration.ofSeconds(1));
        assertThat(dispatched())
                .as("no more probes until another wait in open has passed")
                .isEmpty();
        assertThat(results()).isEmpty();
    }

    @Test
    void shouldFailWithTheDeadlineWhenItPassesWhileTheProviderIsDown() {
        start(3, 15_000);
        harness.submit(withDeadline(chatJob("r1", "b1"), Duration.ofSeconds(20)));
        DispatchedJob first = dispatched().get(0);
        breaker(BreakerState.OPEN);
        harness.pipe(
                harness.topics.fallback().name(), "r1", Fixtures.failed(first, ErrorClass.PROVIDER_UNAVAILABLE, 503));
        assertThat(results()).isEmpty();

        harness.driver.advanceWallClockTime(Duration.ofSeconds(25));
        assertThat(results()).singleElement().satisfies(r -> {
            assertThat(r.getStatus()).isEqualTo(ResultStatus.FAILED);
            assertThat(r.getError().getErrorClass()).isEqualTo(ErrorClass.DEADLINE_EXCEEDED);
            assertThat(r.getError().getMessage())
                    .contains("passed while provider solo was unavailable", "waiting since");
            assertThat(r.getAttempts()).hasSize(1);
        });
        assertThat(dispatched()).isEmpty();
    }

    @Test
    void shouldFailAJobWithoutDeadlineAfterTheOutageMaxWait() {
        start(3, 300_000);
        harness.submit(chatJob("r1", "b1"));
        DispatchedJob first = dispatched().get(0);
        breaker(BreakerState.OPEN);
        harness.pipe(harness.topics.fallback().name(), "r1", Fixtures.failed(first, ErrorClass.NETWORK, 0));
        harness.driver.advanceWallClockTime(Duration.ofMinutes(4));
        assertThat(results()).isEmpty();

        harness.driver.advanceWallClockTime(Duration.ofMinutes(7));
        assertThat(results()).singleElement().satisfies(r -> {
            assertThat(r.getStatus()).isEqualTo(ResultStatus.FAILED);
            assertThat(r.getError().getErrorClass()).isEqualTo(ErrorClass.NETWORK);
            assertThat(r.getError().getMessage()).contains("stayed unavailable for the outage wait of 600000 ms");
        });
    }

    @Test
    void shouldFailWithTheAttemptBudgetWhenRetriesAfterTheWaitFailToo() {
        start(2, 30_000);
        harness.submit(withDeadline(chatJob("r1", "b1"), Duration.ofMinutes(10)));
        harness.pipe(
                harness.topics.fallback().name(),
                "r1",
                Fixtures.failed(dispatched().get(0), ErrorClass.TIMEOUT, 504));
        harness.driver.advanceWallClockTime(Duration.ofSeconds(1));
        DispatchedJob second = dispatched().get(0);
        assertThat(second.getAssignment().getAttempt()).isEqualTo(2);

        harness.pipe(harness.topics.fallback().name(), "r1", Fixtures.failed(second, ErrorClass.TIMEOUT, 504));
        assertThat(results()).singleElement().satisfies(r -> {
            assertThat(r.getStatus()).isEqualTo(ResultStatus.FAILED);
            assertThat(r.getError().getMessage()).contains("attempt budget of 2 spent");
            assertThat(r.getAttempts()).hasSize(2);
        });
    }

    @Test
    void shouldStillFailAtOnceWhenTheDeadlineLeavesNoRoomPastTheWaitInOpen() {
        start(3, 30_000);
        harness.submit(withDeadline(chatJob("r1", "b1"), Duration.ofSeconds(20)));
        harness.pipe(
                harness.topics.fallback().name(),
                "r1",
                Fixtures.failed(dispatched().get(0), ErrorClass.PROVIDER_UNAVAILABLE, 503));
        assertThat(results())
                .singleElement()
                .satisfies(r -> assertThat(r.getError().getMessage()).contains("no other provider"));
    }

    @Test
    void shouldParkANewJobWhoseOnlyProviderHasAnOpenCircuitAndSendItWhenTheCircuitCloses() {
        start(3, 30_000);
        breaker(BreakerState.OPEN);
        harness.submit(withDeadline(chatJob("r1", "b1"), Duration.ofMinutes(10)));
        harness.driver.advanceWallClockTime(Duration.ofSeconds(1));
        assertThat(results()).as("no NO_ROUTE while the deadline leaves room").isEmpty();
        assertThat(dispatched()).isEmpty();

        breaker(BreakerState.CLOSED);
        harness.driver.advanceWallClockTime(Duration.ofSeconds(1));
        assertThat(dispatched()).singleElement().satisfies(sent -> {
            assertThat(sent.getAssignment().getAttempt()).isEqualTo(1);
            assertThat(sent.getHistory()).isEmpty();
        });
    }

    @Test
    void shouldFailANewJobWithTheDeadlineMessageWhenItsOnlyProviderStaysOpen() {
        start(3, 30_000);
        breaker(BreakerState.OPEN);
        harness.submit(withDeadline(chatJob("r1", "b1"), Duration.ofMinutes(1)));
        harness.driver.advanceWallClockTime(Duration.ofSeconds(61));
        assertThat(results()).singleElement().satisfies(r -> {
            assertThat(r.getError().getErrorClass()).isEqualTo(ErrorClass.DEADLINE_EXCEEDED);
            assertThat(r.getError().getMessage())
                    .contains("passed while provider solo was unavailable", "circuit open for provider solo");
            assertThat(r.getAttempts()).as("never dispatched").isEmpty();
        });
    }

    @Test
    void shouldSendAWaitingJobAsTheProvidersCurrentConfigMapsItsModel() {
        start(3, 30_000);
        harness.submit(withDeadline(chatJob("r1", "b1"), Duration.ofMinutes(10)));
        breaker(BreakerState.OPEN);
        harness.pipe(
                harness.topics.fallback().name(),
                "r1",
                Fixtures.failed(dispatched().get(0), ErrorClass.PROVIDER_UNAVAILABLE, 503));
        ProviderConfig moved = provider("solo", 0.15, ProviderStatus.ACTIVE);
        moved.getOffers().get(0).setProviderModel("solo-mini-v2");
        harness.addProviders(moved);

        breaker(BreakerState.CLOSED);
        harness.driver.advanceWallClockTime(Duration.ofSeconds(1));
        assertThat(dispatched())
                .singleElement()
                .satisfies(again ->
                        assertThat(again.getAssignment().getProviderModel()).isEqualTo("solo-mini-v2"));
    }

    private void breaker(BreakerState state) {
        harness.publishHealth(ProviderState.newBuilder()
                .setProvider("solo")
                .setWindowStart(Fixtures.T0)
                .setBreaker(state)
                .setUpdatedAt(Fixtures.T0)
                .build());
    }

    private static Job withDeadline(Job job, Duration in) {
        job.getRouting().setDeadline(Fixtures.T0.plus(in));
        return job;
    }

    private List<DispatchedJob> dispatched() {
        return harness.read("roocode.dispatch.solo", DispatchedJob.class);
    }

    private List<Result> results() {
        return harness.read("roocode.results", Result.class);
    }
}
