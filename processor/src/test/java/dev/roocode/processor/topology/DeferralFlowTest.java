package dev.roocode.processor.topology;

import static dev.roocode.processor.topology.Fixtures.T0;
import static dev.roocode.processor.topology.Fixtures.chatJob;
import static dev.roocode.processor.topology.Fixtures.provider;
import static org.assertj.core.api.Assertions.assertThat;

import dev.roocode.processor.router.Deferral;
import dev.roocode.schemas.avro.DispatchedJob;
import dev.roocode.schemas.avro.Job;
import dev.roocode.schemas.avro.ProviderConfig;
import dev.roocode.schemas.avro.ProviderLimits;
import dev.roocode.schemas.avro.ProviderState;
import dev.roocode.schemas.avro.ProviderStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * COST jobs with time to spare wait in the router for the cheap provider instead of going to the
 * dear one (deferral: 5 s horizon, 200 ms passes, 2 s margin; the default margin is 5 s). cheap takes 60 requests a
 * minute, so its queue is within the horizon up to 5 jobs; pricey has no limits.
 */
class DeferralFlowTest {
    private static final Duration PASS = Duration.ofMillis(200);

    private TopologyHarness harness;
    private Instant wallClock = T0;
    private final List<DispatchedJob> cheap = new ArrayList<>();
    private final List<DispatchedJob> pricey = new ArrayList<>();

    @BeforeEach
    void start() {
        harness = new TopologyHarness(3, new Deferral(Duration.ofSeconds(5), PASS, Duration.ofSeconds(2)));
        ProviderConfig limited = provider("cheap", 0.15, ProviderStatus.ACTIVE);
        limited.setLimits(ProviderLimits.newBuilder().setRpm(60L).build());
        harness.addProviders(limited, provider("pricey", 2.50, ProviderStatus.ACTIVE));
    }

    @AfterEach
    void stop() {
        harness.close();
    }

    @Test
    void shouldParkJobsBeyondTheHorizonAndReleaseThemWhenCapacityFrees() {
        for (int i = 0; i < 8; i++) {
            harness.submit(due(chatJob("r" + i, "b1"), Duration.ofMinutes(10).plusSeconds(i)));
        }
        drain();
        assertThat(cheap).extracting(d -> d.getJob().getRequestId()).containsExactly("r0", "r1", "r2", "r3", "r4");
        assertThat(pricey).as("the rest wait for cheap: 10 minutes leave time").isEmpty();

        harness.submit(due(chatJob("r6", "b1"), Duration.ofMinutes(10)));
        advance(PASS);
        drain();
        assertThat(cheap)
                .as("no room yet, and the resubmitted parked job is not parked twice")
                .hasSize(5);

        cheapDrainedTo(2);
        advance(PASS);
        drain();
        assertThat(cheap)
                .extracting(d -> d.getJob().getRequestId())
                .containsExactly("r0", "r1", "r2", "r3", "r4", "r5", "r6", "r7");
        assertThat(cheap).extracting(d -> d.getAssignment().getAttempt()).containsOnly(1);
        assertThat(pricey).isEmpty();

        cheapDrainedTo(0);
        for (int i = 0; i < 5; i++) {
            advance(PASS);
        }
        drain();
        assertThat(cheap).as("each parked job is sent once").hasSize(8);
    }

    @Test
    void shouldSendAParkedJobToTheDearerProviderWhenItsDeadlineNears() {
        for (int i = 0; i < 5; i++) {
            harness.submit(chatJob("filler" + i, "b1")); // no deadline: straight to cheap, filling its horizon
        }
        harness.submit(due(chatJob("r1", "b1"), Duration.ofSeconds(20)));
        drain();
        assertThat(cheap).hasSize(5);

        // cheap stays full: r1 waits while cheap could still make its deadline (6 s of queue + 2 s margin)...
        advance(Duration.ofSeconds(11));
        advance(Duration.ofMillis(900));
        drain();
        assertThat(pricey).isEmpty();
        // ...and goes to pricey, which still makes it, at the first pass after cheap no longer can
        advance(Duration.ofMillis(300));
        drain();
        assertThat(pricey).singleElement().satisfies(d -> {
            assertThat(d.getJob().getRequestId()).isEqualTo("r1");
            assertThat(d.getJob().getRouting().getDeadline()).isEqualTo(T0.plusSeconds(20));
        });
        assertThat(cheap).hasSize(5);
    }

    @Test
    void shouldSendATightJobToCheapAheadOfParkedLooseJobs() {
        for (int i = 0; i < 8; i++) {
            harness.submit(due(chatJob("loose" + i, "b1"), Duration.ofMinutes(3).plusSeconds(i)));
        }
        drain();
        assertThat(cheap).hasSize(5);

        cheapDrainedTo(3); // room for 2, before the next release pass
        harness.submit(due(chatJob("tight", "b1"), Duration.ofSeconds(30)));
        harness.submit(due(chatJob("loose-late", "b1"), Duration.ofMinutes(3).plusSeconds(10)));
        drain();
        assertThat(cheap)
                .extracting(d -> d.getJob().getRequestId())
                .as("the tight job takes room at once; the new loose job queues " + "behind the parked ones")
                .endsWith("loose4", "tight");

        advance(PASS);
        drain();
        assertThat(cheap)
                .extracting(d -> d.getJob().getRequestId())
                .as("the one slot left goes to the earliest deadline")
                .endsWith("tight", "loose5")
                .hasSize(7);
        assertThat(pricey).isEmpty();
    }

    @Test
    void shouldGiveADearerProvidersRoomToJobsTheCheapestCannotServeInTime() {
        ProviderConfig mid = provider("mid", 0.50, ProviderStatus.ACTIVE);
        mid.setLimits(ProviderLimits.newBuilder().setRpm(60L).build());
        harness.addProviders(mid);
        // cheap serves one job a second: with 5 queued, about 12 more can wait for it and still make 20 s
        for (int i = 0; i < 30; i++) {
            harness.submit(due(chatJob("r" + i, "b1"), Duration.ofSeconds(20).plusMillis(i)));
        }
        drain();
        assertThat(cheap).extracting(d -> d.getJob().getRequestId()).containsExactly("r0", "r1", "r2", "r3", "r4");

        advance(PASS);
        drain();
        List<DispatchedJob> onMid = harness.read("roocode.dispatch.mid", DispatchedJob.class);
        // mid's room (5 s: 5 jobs) goes to the earliest jobs that cheap cannot make, which relieves every later one too
        assertThat(onMid).hasSizeBetween(4, 6);
        assertThat(onMid)
                .extracting(d -> Integer.parseInt(d.getJob().getRequestId().substring(1)))
                .as("jobs cheap cannot make (it makes about r0..r16), the earliest of them first")
                .allSatisfy(i -> assertThat(i).isBetween(14, 24));
        assertThat(pricey).isEmpty();
    }

    @Test
    void shouldRouteJobsWithoutADeadlineAtOnce() {
        for (int i = 0; i < 8; i++) {
            harness.submit(chatJob("r" + i, "b1"));
        }
        drain();
        assertThat(cheap).hasSize(8);
        assertThat(pricey).isEmpty();
    }

    /** cheap has {@code backlog} jobs left as of now, every dispatch so far counted; then 1 ms passes (no release pass). */
    private void cheapDrainedTo(long backlog) {
        harness.publishState(ProviderState.newBuilder()
                .setProvider("cheap")
                .setWindowStart(T0)
                .setBacklog(backlog)
                .setUpdatedAt(wallClock)
                .build());
        advance(Duration.ofMillis(1));
    }

    private void advance(Duration by) {
        wallClock = wallClock.plus(by);
        harness.driver.advanceWallClockTime(by);
    }

    private void drain() {
        cheap.addAll(harness.read("roocode.dispatch.cheap", DispatchedJob.class));
        pricey.addAll(harness.read("roocode.dispatch.pricey", DispatchedJob.class));
    }

    private static Job due(Job job, Duration in) {
        job.getRouting().setDeadline(T0.plus(in));
        return job;
    }
}
