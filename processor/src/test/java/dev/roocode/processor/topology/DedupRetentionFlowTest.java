package dev.roocode.processor.topology;

import static dev.roocode.processor.topology.Fixtures.chatJob;
import static dev.roocode.processor.topology.Fixtures.provider;
import static org.assertj.core.api.Assertions.assertThat;

import dev.roocode.processor.router.Deferral;
import dev.roocode.schemas.avro.DispatchedJob;
import dev.roocode.schemas.avro.ProviderStatus;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A finished requestId is remembered (a resubmission is dropped) for dedup.retention.ms, then forgotten by the purge. */
class DedupRetentionFlowTest {
    private static final Duration RETENTION = Duration.ofMinutes(10);

    private TopologyHarness harness;

    @BeforeEach
    void start() {
        harness = new TopologyHarness(3, Deferral.DEFAULT, RETENTION);
        harness.addProviders(provider("cheap", 0.15, ProviderStatus.ACTIVE));
    }

    @AfterEach
    void stop() {
        harness.close();
    }

    @Test
    void shouldDropAResubmissionWithinTheRetentionAndAcceptItAfter() {
        harness.submit(chatJob("r1", "b1"));
        DispatchedJob first =
                harness.read("roocode.dispatch.cheap", DispatchedJob.class).get(0);
        harness.pipe(harness.topics.outcomes().name(), "r1", Fixtures.succeeded(first));

        harness.driver.advanceWallClockTime(RETENTION.minusMinutes(1));
        harness.submit(chatJob("r1", "b1"));
        assertThat(harness.read("roocode.dispatch.cheap", DispatchedJob.class))
                .as("remembered within the retention")
                .isEmpty();

        harness.driver.advanceWallClockTime(Duration.ofMinutes(2));
        harness.driver.advanceWallClockTime(Duration.ofMinutes(1)); // a purge pass starts (once a minute) and runs
        harness.submit(chatJob("r1", "b1"));
        List<DispatchedJob> again = harness.read("roocode.dispatch.cheap", DispatchedJob.class);
        assertThat(again).as("forgotten after it").hasSize(1);
    }

    @Test
    void shouldStillDropEveryResubmissionOnceThePurgeHasBuiltTheRequestIdFilter() {
        harness.submit(chatJob("r1", "b1"));
        harness.submit(chatJob("r2", "b1"));
        DispatchedJob second =
                harness.read("roocode.dispatch.cheap", DispatchedJob.class).get(1);
        harness.pipe(harness.topics.outcomes().name(), "r2", Fixtures.succeeded(second));

        harness.driver.advanceWallClockTime(
                Duration.ofSeconds(1)); // a purge pass reads the store: lookups are filtered from here on
        harness.submit(chatJob("r1", "b1")); // in flight
        harness.submit(chatJob("r2", "b1")); // finished
        harness.submit(chatJob("r3", "b1")); // new: written after the pass, so counted as it is written
        harness.submit(chatJob("r3", "b1"));

        assertThat(harness.read("roocode.dispatch.cheap", DispatchedJob.class))
                .extracting(d -> d.getJob().getRequestId())
                .containsExactly("r3");
    }
}
