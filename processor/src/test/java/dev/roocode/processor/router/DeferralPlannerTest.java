package dev.roocode.processor.router;

import static dev.roocode.processor.router.RouterFixtures.NOW;
import static dev.roocode.processor.router.RouterFixtures.candidate;
import static org.assertj.core.api.Assertions.assertThat;

import dev.roocode.processor.router.DeferralPlanner.Plan;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeferralPlannerTest {
    /** 5 s horizon, 200 ms passes, 2 s margin. */
    private static final Deferral DEFERRAL =
            new Deferral(Duration.ofSeconds(5), Duration.ofMillis(200), Duration.ofSeconds(2));

    /** 60 RPM, 800 ms latency: a job queued behind {@code backlog} finishes {@code backlog + 1} s + 0.8 s from now. */
    private static Candidate cheap(long backlog) {
        return candidate("cheap", 1.0, new ProviderLoad(backlog, 0, 60L, null, 800, 0, false, null), 0, 1);
    }

    /** Twice cheap's rate and price. */
    private static Candidate mid(long backlog) {
        return candidate("mid", 2.0, new ProviderLoad(backlog, 0, 120L, null, 400, 0, false, null), 0, 1);
    }

    /** No limits, 150 ms latency, 15 times cheap's price. */
    private static final Candidate DEAR =
            candidate("dear", 15.0, new ProviderLoad(0, 0, null, null, 150, 0, false, null), 0, 1);

    @Test
    void shouldSendToTheCheapestWhileItsQueueIsWithinTheHorizon() {
        assertThat(outcome(plan(List.of(DEAR, cheap(4)), NOW.plusSeconds(180), RoomGate.OPEN)))
                .isEqualTo("send cheap");
    }

    @Test
    void shouldHoldWhenTheCheapestInTimeIsBeyondTheHorizonAndTheJobCanWait() {
        // cheap: 6 s of queue > 5 s horizon, in time for 180 s; dear has room but waiting is cheaper
        assertThat(outcome(plan(List.of(DEAR, cheap(5)), NOW.plusSeconds(180), RoomGate.OPEN)))
                .isEqualTo("hold");
    }

    @Test
    void shouldWaitForTheCheapestEvenWhenADearerCandidateHasRoom() {
        // mid has room (3 jobs at 120 RPM: 2 s), but cheap will make a 180 s deadline once it has room
        assertThat(outcome(plan(List.of(DEAR, cheap(5), mid(3)), NOW.plusSeconds(180), RoomGate.OPEN)))
                .isEqualTo("hold");
    }

    @Test
    void shouldTakeTheNextCheapestWithRoomOnceTheCheapestCanNoLongerMakeIt() {
        // cheap: 6 s of queue + 0.8 s + 2 s margin > 8 s; mid (2 s + 0.4 s) has room
        assertThat(outcome(plan(List.of(DEAR, cheap(5), mid(3)), NOW.plusSeconds(8), RoomGate.OPEN)))
                .isEqualTo("send mid");
        // only dear makes 2.3 s
        assertThat(outcome(plan(List.of(DEAR, cheap(5), mid(3)), NOW.plusMillis(2_300), RoomGate.OPEN)))
                .isEqualTo("send dear");
    }

    @Test
    void shouldSendToTheFallbackWithRoomWhenOneMoreIntervalWouldBeTooLateForIt() {
        // slow has room but finishes in 6.7 s; cheap (no room) in 6.8 s: both make 8.8 s with the margin, only now
        Candidate slow = candidate("slow", 2.0, new ProviderLoad(0, 0, null, null, 6_700, 0, false, null), 0, 1);
        assertThat(outcome(plan(List.of(DEAR, cheap(5), slow), NOW.plusMillis(8_800), RoomGate.OPEN)))
                .isEqualTo("send slow");
        assertThat(outcome(plan(List.of(DEAR, cheap(5), slow), NOW.plusMillis(8_900), RoomGate.OPEN)))
                .isEqualTo("hold");
    }

    @Test
    void shouldSendToTheCheapestInTimeWhenNoCandidateHasRoomAndTimeRunsOut() {
        Candidate busyDear = candidate("dear", 15.0, new ProviderLoad(599, 0, 60L, null, 150, 0, false, null), 0, 1);
        // cheap: 7 s + 0.8 s + 2 s margin = 9.8 s; a deadline 10 s away leaves no further interval
        assertThat(outcome(plan(List.of(busyDear, cheap(6)), NOW.plusMillis(9_900), RoomGate.OPEN)))
                .isEqualTo("send cheap");
        assertThat(outcome(plan(List.of(busyDear, cheap(6)), NOW.plusSeconds(11), RoomGate.OPEN)))
                .isEqualTo("hold");
    }

    @Test
    void shouldLeaveTheDecisionToTheCostRankingWhenNoCandidateIsInTime() {
        assertThat(outcome(plan(List.of(cheap(100)), NOW.plusSeconds(10), RoomGate.OPEN)))
                .isEqualTo("none in time");
        assertThat(outcome(plan(List.of(DEAR), NOW.minusSeconds(1), RoomGate.OPEN)))
                .isEqualTo("none in time");
    }

    @Test
    void shouldHoldBackFromFreeRoomWhenTheGateIsClosedUnlessTheJobCannotWait() {
        assertThat(outcome(plan(List.of(DEAR, cheap(0)), NOW.plusSeconds(180), RoomGate.CLOSED)))
                .isEqualTo("hold");
        // cheap: 1 s + 0.8 s + 2 s margin + 200 ms: the last pass that still makes a 4 s deadline
        assertThat(outcome(plan(List.of(DEAR, cheap(0)), NOW.plusMillis(3_900), RoomGate.CLOSED)))
                .isEqualTo("send cheap");
    }

    @Test
    void shouldTakeADearerCandidatesRoomWhenTheJobsParkedAheadFillTheCheapestPastItsDeadline() {
        Instant deadline = NOW.plusSeconds(30);
        // cheap: 6 s of queue now; 20 more parked ahead make 26 s + 0.8 s + 2 s margin, past 30 s? no: 28.8 s, in time
        assertThat(outcome(DeferralPlanner.plan(
                        List.of(DEAR, cheap(5), mid(3)), 100, deadline, NOW, DEFERRAL, RoomGate.OPEN, 20)))
                .isEqualTo("hold");
        // 22 ahead: 30.8 s, too late on cheap; mid has room
        assertThat(outcome(DeferralPlanner.plan(
                        List.of(DEAR, cheap(5), mid(3)), 100, deadline, NOW, DEFERRAL, RoomGate.OPEN, 22)))
                .isEqualTo("send mid");
        // mid full too: wait for mid's room rather than pay for dear
        assertThat(outcome(DeferralPlanner.plan(
                        List.of(DEAR, cheap(5), mid(20)), 100, deadline, NOW, DEFERRAL, RoomGate.OPEN, 22)))
                .isEqualTo("hold");
    }

    @Test
    void shouldEstimateFinishesAtTheMeasuredDrainRate() {
        // cheap measured at half its limits: 3 queued + this job take 8 s, not 4; + 0.8 s + 2 s margin misses 10 s
        Candidate slowCheap =
                candidate("cheap", 1.0, new ProviderLoad(3, 0, 60L, null, 800, 0, false, null, 0.5), 0, 1);
        assertThat(outcome(plan(List.of(DEAR, cheap(3)), NOW.plusSeconds(10), RoomGate.OPEN)))
                .isEqualTo("send cheap");
        assertThat(outcome(plan(List.of(DEAR, slowCheap), NOW.plusSeconds(10), RoomGate.OPEN)))
                .isEqualTo("send dear");
    }

    @Test
    void shouldCountRoomUnderTheHorizon() {
        assertThat(cheap(2).load().room(Duration.ofSeconds(5), 100, NOW)).isEqualTo(3);
        assertThat(cheap(9).load().room(Duration.ofSeconds(5), 100, NOW)).isZero();
        ProviderLoad byTokens = new ProviderLoad(0, 1_000, null, 60_000L, 0, 0, false, null);
        assertThat(byTokens.room(Duration.ofSeconds(5), 100, NOW)).isEqualTo(40); // 5 000 tokens in 5 s, 1 000 queued
        assertThat(DEAR.load().room(Duration.ofSeconds(5), 100, NOW)).isEqualTo(Long.MAX_VALUE);
    }

    private static Plan plan(List<Candidate> candidates, Instant deadline, RoomGate gate) {
        return DeferralPlanner.plan(candidates, 100, deadline, NOW, DEFERRAL, gate);
    }

    private static String outcome(Plan plan) {
        if (plan instanceof Plan.Send send) {
            return "send " + send.candidate().name();
        }
        return plan instanceof Plan.Hold ? "hold" : "none in time";
    }
}
