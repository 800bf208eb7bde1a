package dev.roocode.processor.topology;

import static dev.roocode.processor.topology.Fixtures.chatJob;
import static dev.roocode.processor.topology.Fixtures.provider;
import static org.assertj.core.api.Assertions.assertThat;

import dev.roocode.processor.router.Deferral;
import dev.roocode.schemas.avro.BreakerState;
import dev.roocode.schemas.avro.DispatchedJob;
import dev.roocode.schemas.avro.ErrorClass;
import dev.roocode.schemas.avro.Job;
import dev.roocode.schemas.avro.ProviderConfig;
import dev.roocode.schemas.avro.ProviderLimits;
import dev.roocode.schemas.avro.ProviderState;
import dev.roocode.schemas.avro.ProviderStatus;
import dev.roocode.schemas.avro.Result;
import dev.roocode.schemas.avro.RoutePolicy;
import dev.roocode.schemas.avro.RoutingStrategy;
import dev.roocode.schemas.avro.WorkerState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Provider state aggregated from dispatches and usage, and read back by the router. */
class ProviderStateFlowTest {
    private TopologyHarness harness;

    @BeforeEach
    void start() {
        // deferral off: these tests are about the load the router sees; DeferralFlowTest covers waiting for room
        harness = new TopologyHarness(3, Deferral.NEVER);
        ProviderConfig cheap = provider("cheap", 0.15, ProviderStatus.ACTIVE);
        cheap.setLimits(ProviderLimits.newBuilder().setTpm(1_000L).build());
        harness.addProviders(cheap, provider("pricey", 2.50, ProviderStatus.ACTIVE));
    }

    @AfterEach
    void stop() {
        harness.close();
    }

    @Test
    void shouldSpreadABurstOnceTheCheapestCannotDrainItBeforeTheDeadline() {
        for (int i = 0; i < 20; i++) {
            harness.submit(withDeadline(chatJob("r" + i, "b1"), Duration.ofMinutes(1)));
        }
        // each job reserves ~70 tokens of cheap's 1000 TPM: about 14 fit in the minute, the rest go to pricey
        int onCheap = dispatched("cheap").size();
        assertThat(onCheap).isBetween(10, 16);
        assertThat(dispatched("pricey")).hasSize(20 - onCheap);
    }

    @Test
    void shouldPublishBacklogLatencyAndRatesPerProvider() {
        harness.submit(chatJob("r1", "b1"));
        harness.submit(chatJob("r2", "b1"));
        List<DispatchedJob> sent = dispatched("cheap");
        harness.pipe(harness.topics.outcomes().name(), "r1", Fixtures.succeeded(sent.get(0)));
        harness.flushDeltas();
        harness.driver.advanceWallClockTime(Duration.ofSeconds(1));

        assertThat(states()).last().satisfies(state -> {
            assertThat(state.getProvider()).isEqualTo("cheap");
            assertThat(state.getBacklog()).isEqualTo(1);
            assertThat(state.getBacklogTokens()).isPositive();
            assertThat(state.getRequestsInWindow()).isEqualTo(1);
            assertThat(state.getTokensInWindow()).isEqualTo(1500);
            assertThat(state.getLatencyEwmaMs()).isEqualTo(120);
        });
    }

    @Test
    void shouldStopRoutingToAProviderWhoseCircuitIsOpen() {
        harness.publishState(ProviderState.newBuilder()
                .setProvider("cheap")
                .setWindowStart(Fixtures.T0)
                .setBreaker(BreakerState.OPEN)
                .setUpdatedAt(Fixtures.T0)
                .build());
        harness.submit(chatJob("r1", "b1"));
        assertThat(dispatched("pricey")).hasSize(1);

        harness.publishState(ProviderState.newBuilder()
                .setProvider("pricey")
                .setWindowStart(Fixtures.T0)
                .setBreaker(BreakerState.OPEN)
                .setUpdatedAt(Fixtures.T0)
                .build());
        // a deadline inside the breaker's 30 s open wait: it cannot wait for a provider to come back
        // (OutageWaitFlowTest)
        harness.submit(withDeadline(chatJob("r2", "b1"), Duration.ofSeconds(10)));
        assertThat(harness.read("roocode.results", Result.class))
                .singleElement()
                .satisfies(r -> {
                    assertThat(r.getError().getErrorClass()).isEqualTo(ErrorClass.NO_ROUTE);
                    assertThat(r.getError().getMessage()).contains("cheap: circuit open", "pricey: circuit open");
                });
    }

    @Test
    void shouldStopRoutingToAProviderWhoseWorkersReportAnOpenBreaker() {
        harness.publishHealth(ProviderState.newBuilder()
                .setProvider("cheap")
                .setWindowStart(Fixtures.T0)
                .setBreaker(BreakerState.OPEN)
                .setUpdatedAt(Fixtures.T0)
                .build());
        harness.submit(chatJob("r1", "b1"));
        assertThat(dispatched("pricey")).hasSize(1);
        assertThat(dispatched("cheap")).isEmpty();

        harness.publishHealth(ProviderState.newBuilder()
                .setProvider("cheap")
                .setWindowStart(Fixtures.T0)
                .setBreaker(BreakerState.CLOSED)
                .setUpdatedAt(Fixtures.T0)
                .build());
        harness.submit(chatJob("r2", "b1"));
        assertThat(dispatched("cheap")).hasSize(1);
    }

    private static ProviderState worker(
            String provider, WorkerState state, String reason, Instant since, long configVersion) {
        return ProviderState.newBuilder()
                .setProvider(provider)
                .setWindowStart(Fixtures.T0)
                .setUpdatedAt(Fixtures.T0)
                .setWorker(state)
                .setWorkerReason(reason)
                .setWorkerSince(since)
                .setConfigVersion(configVersion)
                .build();
    }

    @Test
    void shouldStopRoutingToAProviderWhoseCredentialWasRejectedOrWhoseWorkerCannotStartAndSayWhy() {
        Instant rejectedAt = Fixtures.T0.plusSeconds(5);
        harness.publishHealth(
                worker("cheap", WorkerState.CREDENTIAL_REJECTED, "3 consecutive 401 answers", rejectedAt, 0));
        harness.submit(chatJob("r1", "b1"));
        assertThat(dispatched("pricey")).hasSize(1);
        assertThat(dispatched("cheap")).isEmpty();

        harness.publishHealth(worker(
                "pricey", WorkerState.CANNOT_START, "environment variable ROOCODE_X is not set", Fixtures.T0, 0));
        harness.submit(chatJob("r2", "b1"));
        assertThat(harness.read("roocode.results", Result.class))
                .singleElement()
                .satisfies(r -> {
                    assertThat(r.getRequestId()).isEqualTo("r2");
                    assertThat(r.getError().getErrorClass()).isEqualTo(ErrorClass.NO_ROUTE);
                    assertThat(r.getError().getMessage())
                            .contains(
                                    "cheap: credential rejected at " + rejectedAt + " (3 consecutive 401 answers)",
                                    "pricey: worker cannot start: environment variable ROOCODE_X is not set");
                });
    }

    @Test
    void shouldRouteAgainToARejectedProviderOnceItsRecordIsUpdated() {
        harness.publishHealth(
                worker("cheap", WorkerState.CREDENTIAL_REJECTED, "3 consecutive 401 answers", Fixtures.T0, 0));
        harness.submit(chatJob("r1", "b1"));
        assertThat(dispatched("cheap")).isEmpty();

        ProviderConfig updated = provider("cheap", 0.15, ProviderStatus.ACTIVE);
        updated.setLimits(ProviderLimits.newBuilder().setTpm(1_000L).build());
        updated.setVersion(1L); // e.g. 'providers update cheap --key-env ...': the report is about the old key
        harness.addProviders(updated);
        harness.submit(chatJob("r2", "b1"));
        assertThat(dispatched("cheap")).hasSize(1);
    }

    @Test
    void shouldKeepRoutingToAProviderNoWorkerHasReportedOnOrThatRuns() {
        harness.submit(chatJob("r1", "b1"));
        assertThat(dispatched("cheap"))
                .as("no report yet: queued on its topic for the worker to come")
                .hasSize(1);

        harness.publishHealth(worker("cheap", WorkerState.RUNNING, null, Fixtures.T0, 0));
        harness.submit(chatJob("r2", "b1"));
        assertThat(dispatched("cheap")).hasSize(1);
    }

    @Test
    void shouldRouteByPublishedLatencyUnderALatencyPolicy() {
        harness.addPolicy(RoutePolicy.newBuilder()
                .setModel("*")
                .setStrategy(RoutingStrategy.LATENCY)
                .build());
        harness.publishState(ProviderState.newBuilder()
                .setProvider("cheap")
                .setWindowStart(Fixtures.T0)
                .setLatencyEwmaMs(900)
                .setUpdatedAt(Fixtures.T0)
                .build());
        harness.publishState(ProviderState.newBuilder()
                .setProvider("pricey")
                .setWindowStart(Fixtures.T0)
                .setLatencyEwmaMs(150)
                .setUpdatedAt(Fixtures.T0)
                .build());

        harness.submit(chatJob("r1", "b1"));

        assertThat(dispatched("pricey"))
                .singleElement()
                .satisfies(d -> assertThat(d.getAssignment().getStrategy()).isEqualTo(RoutingStrategy.LATENCY));
    }

    private static Job withDeadline(Job job, Duration in) {
        job.getRouting().setDeadline(Fixtures.T0.plus(in));
        return job;
    }

    private List<DispatchedJob> dispatched(String provider) {
        return harness.read("roocode.dispatch." + provider, DispatchedJob.class);
    }

    private List<ProviderState> states() {
        return harness.read(harness.topics.providerState().name(), ProviderState.class);
    }
}
