package dev.roocode.bench.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.roocode.bench.routing.OfflineOptimum.Job;
import dev.roocode.bench.routing.OfflineOptimum.Provider;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OfflineOptimumTest {
    private static final Provider CHEAP = new Provider("cheap", 1, 0, 1.0);
    private static final Provider DEAR = new Provider("dear", 10, 0, 5.0);

    @Test
    void shouldPutEverythingOnTheCheapestWhenDeadlinesAllowIt() {
        List<Job> jobs = List.of(new Job(0, 10_000), new Job(0, 10_000), new Job(0, 10_000));
        OfflineOptimum.Solution s = OfflineOptimum.solve(jobs, List.of(CHEAP, DEAR), 1000);
        assertThat(s.costUsd()).isCloseTo(3.0, within(1e-9));
        assertThat(s.late()).isZero();
        assertThat(s.jobsByProvider()).isEqualTo(Map.of("cheap", 3L, "dear", 0L));
    }

    @Test
    void shouldServeTightJobsCheaplyAndMoveLooseOnesLater() {
        // cheap serves 1 job per 1 s slot. Two tight jobs (due at 2 s) and two loose ones (due at 10 s), all
        // released at 0: cheap takes both tight jobs in slots 0 and 1 and both loose ones later: cost 4.
        // A FIFO greedy that gave the cheap slots 0 and 1 to the loose jobs would pay 1 + 1 + 5 + 5.
        List<Job> jobs = List.of(new Job(0, 10_000), new Job(0, 10_000), new Job(0, 2_000), new Job(0, 2_000));
        OfflineOptimum.Solution s = OfflineOptimum.solve(jobs, List.of(CHEAP, DEAR), 1000);
        assertThat(s.costUsd()).isCloseTo(4.0, within(1e-9));
        assertThat(s.jobsByProvider()).containsEntry("cheap", 4L);
    }

    @Test
    void shouldUseTheDearProviderOnlyForWhatTheCheapOneCannotFinishInTime() {
        // 5 jobs due at 3 s: cheap finishes 3 of them (slots 0, 1, 2), dear the other 2
        List<Job> jobs = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            jobs.add(new Job(0, 3_000));
        }
        OfflineOptimum.Solution s = OfflineOptimum.solve(jobs, List.of(CHEAP, DEAR), 1000);
        assertThat(s.costUsd()).isCloseTo(3 * 1.0 + 2 * 5.0, within(1e-9));
        assertThat(s.jobsByProvider()).isEqualTo(Map.of("cheap", 3L, "dear", 2L));
    }

    @Test
    void shouldCountLatencyAgainstTheDeadline() {
        // dear answers after 1.5 s: a job due at 1 s cannot be on time anywhere, one due at 2 s only on cheap
        Provider slowDear = new Provider("dear", 10, 1500, 5.0);
        OfflineOptimum.Solution s = OfflineOptimum.solve(
                List.of(new Job(0, 1_000), new Job(0, 1_000), new Job(0, 2_000)), List.of(CHEAP, slowDear), 1000);
        assertThat(s.late()).isEqualTo(1);
        assertThat(s.jobsByProvider()).isEqualTo(Map.of("cheap", 2L, "dear", 0L));
    }

    @Test
    void shouldNotServeAJobBeforeItsReleaseSlot() {
        // both released at 3 s, due at 4 s: only slot 3 is usable, cheap takes one, dear the other
        OfflineOptimum.Solution s =
                OfflineOptimum.solve(List.of(new Job(3_000, 4_000), new Job(3_000, 4_000)), List.of(CHEAP, DEAR), 1000);
        assertThat(s.costUsd()).isCloseTo(6.0, within(1e-9));
    }
}
