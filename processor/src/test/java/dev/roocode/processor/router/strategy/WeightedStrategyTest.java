package dev.roocode.processor.router.strategy;

import static dev.roocode.processor.router.RouterFixtures.NOW;
import static dev.roocode.processor.router.RouterFixtures.candidate;
import static dev.roocode.processor.router.RouterFixtures.idle;
import static org.assertj.core.api.Assertions.assertThat;

import dev.roocode.processor.router.Candidate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class WeightedStrategyTest {
    private static final int JOBS = 20_000;
    private final WeightedStrategy strategy = new WeightedStrategy();

    @Test
    void shouldSplitByWeight() {
        Map<String, Integer> counts =
                counts(choices(List.of(candidate("a", 0, idle(), 0, 3), candidate("b", 0, idle(), 0, 1))));
        assertThat(counts.get("a") / (double) JOBS).isCloseTo(0.75, Offset.offset(0.015));
    }

    @Test
    void shouldStickToTheSameProviderForARequestId() {
        List<Candidate> candidates = List.of(candidate("a", 0, idle(), 0, 1), candidate("b", 0, idle(), 0, 1));
        String first = strategy.rank(candidates, input("job-42")).get(0).name();
        for (int i = 0; i < 10; i++) {
            assertThat(strategy.rank(List.of(candidates.get(1), candidates.get(0)), input("job-42"))
                            .get(0)
                            .name())
                    .isEqualTo(first);
        }
    }

    @Test
    void shouldMoveOnlyTheJobsNeededWhenAWeightGoesFromTenToTwentyPercent() {
        List<String> before = choices(List.of(candidate("a", 0, idle(), 0, 9), candidate("b", 0, idle(), 0, 1)));
        List<String> after = choices(List.of(candidate("a", 0, idle(), 0, 8), candidate("b", 0, idle(), 0, 2)));
        int moved = 0;
        for (int i = 0; i < JOBS; i++) {
            if (!before.get(i).equals(after.get(i))) {
                moved++;
                assertThat(before.get(i) + "->" + after.get(i)).isEqualTo("a->b");
            }
        }
        assertThat(moved / (double) JOBS)
                .as("the minimum that must move is 20% - 10%")
                .isCloseTo(0.10, Offset.offset(0.01));
    }

    @Test
    void shouldMoveJobsOnlyOntoTheProviderWhoseWeightGrew() {
        // b from 1/10 to 2/11 of three providers: jobs move from a and c onto b, never between a and c
        List<String> before = choices(List.of(
                candidate("a", 0, idle(), 0, 6), candidate("b", 0, idle(), 0, 1), candidate("c", 0, idle(), 0, 3)));
        List<String> after = choices(List.of(
                candidate("a", 0, idle(), 0, 6), candidate("b", 0, idle(), 0, 2), candidate("c", 0, idle(), 0, 3)));
        int moved = 0;
        for (int i = 0; i < JOBS; i++) {
            if (!before.get(i).equals(after.get(i))) {
                moved++;
                assertThat(after.get(i))
                        .as("job %d moved to a provider whose share did not grow", i)
                        .isEqualTo("b");
            }
        }
        assertThat(moved / (double) JOBS).isCloseTo(2 / 11d - 1 / 10d, Offset.offset(0.01));
    }

    @Test
    void shouldNeverPickZeroWeightWhileAnotherCandidateIsLeft() {
        List<Candidate> candidates = List.of(candidate("a", 0, idle(), 0, 0), candidate("b", 0, idle(), 0, 1));
        assertThat(counts(choices(candidates))).containsOnlyKeys("b");
    }

    private List<String> choices(List<Candidate> candidates) {
        List<String> chosen = new ArrayList<>(JOBS);
        for (int i = 0; i < JOBS; i++) {
            chosen.add(
                    strategy.rank(candidates, input("batch-7/line-" + i)).get(0).name());
        }
        return chosen;
    }

    private static Map<String, Integer> counts(List<String> choices) {
        Map<String, Integer> counts = new HashMap<>();
        choices.forEach(c -> counts.merge(c, 1, Integer::sum));
        return counts;
    }

    private static RankingInput input(String requestId) {
        return new RankingInput(requestId, 100, null, NOW);
    }
}
