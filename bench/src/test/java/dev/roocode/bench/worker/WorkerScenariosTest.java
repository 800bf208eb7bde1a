package dev.roocode.bench.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The arithmetic of the worker scenarios: what counts as a 429, what falls in the measured windows, when full rate is back. */
class WorkerScenariosTest {

    private static Outcomes.Outcome ok(String id, long atMs, int calls) {
        return new Outcomes.Outcome(id, "p", true, atMs, 5, calls, 200);
    }

    private static Outcomes.Outcome givenUp(String id, long atMs, int calls) {
        return new Outcomes.Outcome(id, "p", false, atMs, 5, calls, 429);
    }

    @Test
    void shouldCountCallsBeforeASuccessAndEveryCallOfAnAttemptGivenUpAs429sWithinTheWindowsOnly() {
        List<Outcomes.Outcome> outcomes = List.of(
                ok("a", 1_000, 1),
                ok("b", 2_000, 3),
                givenUp("c", 3_000, 2),
                ok("before", 999, 1),
                ok("after", 61_000, 2));

        QuotaScenario.Tally tally =
                QuotaScenario.tally(outcomes, 1_000, 61_000, Map.of("a", 100L, "b", 250L, "before", 7L, "after", 9L));

        assertThat(tally).isEqualTo(new QuotaScenario.Tally(2, 350, 6, 4, 1));
    }

    @Test
    void shouldFindTheFirstOfThreeSecondsAtNinetyPercentAfterTheReturn() {
        int[] answered = {150, 150, 150, 0, 0, 0, 140, 100, 150, 135, 136, 20};

        // back at 3.4 s: second 6 (140) is followed by a slow one, second 8 starts 150, 135, 136
        assertThat(RecoveryScenario.secondsToFullRate(answered, 10_000, 13_400, 150))
                .isCloseTo(4.6, within(1e-9));
        assertThat(RecoveryScenario.secondsToFullRate(answered, 10_000, 19_000, 150))
                .as("never three in a row after 9 s")
                .isNaN();
    }

    @Test
    void shouldReadWhichPartitionsAProcessHoldsFromItsLastLine() {
        String log = "provider=q holds 12/12 partitions: 1.00 of the provider's rate limits\n"
                + "provider=other holds 3/4 partitions: 0.75 of the provider's rate limits\n"
                + "provider=q holds 6/12 partitions: 0.50 of the provider's rate limits\n";

        assertThat(WorkerRig.lastHolds(log, "q")).containsExactly(6, 12);
        assertThat(WorkerRig.lastHolds(log, "missing")).isNull();
    }
}
