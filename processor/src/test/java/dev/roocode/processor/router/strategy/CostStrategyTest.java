package dev.roocode.processor.router.strategy;

import static dev.roocode.processor.router.RouterFixtures.NOW;
import static dev.roocode.processor.router.RouterFixtures.candidate;
import static dev.roocode.processor.router.RouterFixtures.idle;
import static org.assertj.core.api.Assertions.assertThat;

import dev.roocode.processor.router.Candidate;
import dev.roocode.processor.router.ProviderLoad;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class CostStrategyTest {
    private final CostStrategy strategy = new CostStrategy();

    /** 600k tokens of backlog at 60k TPM: 10 minutes to drain. */
    private final ProviderLoad busy = new ProviderLoad(10, 600_000, null, 60_000L, 500, 0, false, null);
    /** 120 requests of backlog at 60 RPM: 2 minutes. */
    private final ProviderLoad queued = new ProviderLoad(119, 0, 60L, null, 500, 0, false, null);

    @Test
    void shouldTakeCheapestWithoutDeadline() {
        List<Candidate> ranked = strategy.rank(
                List.of(candidate("dear", 2.0, idle(), 0, 1), candidate("cheap", 1.0, busy, 0, 1)), input(null));
        assertThat(ranked).extracting(Candidate::name).containsExactly("cheap", "dear");
    }

    @Test
    void shouldSkipCheapestWhenItsBacklogCannotDrainBeforeTheDeadline() {
        List<Candidate> ranked = strategy.rank(
                List.of(candidate("cheap", 1.0, busy, 0, 1), candidate("dear", 2.0, idle(), 0, 1)),
                input(NOW.plus(Duration.ofMinutes(5))));
        assertThat(ranked).extracting(Candidate::name).containsExactly("dear", "cheap");
    }

    @Test
    void shouldCountRequestBacklogAgainstRpm() {
        assertThat(queued.drainTime(100, NOW)).isEqualTo(Duration.ofMinutes(2));
        List<Candidate> ranked = strategy.rank(
                List.of(candidate("cheap", 1.0, queued, 0, 1), candidate("dear", 2.0, idle(), 0, 1)),
                input(NOW.plus(Duration.ofMinutes(1))));
        assertThat(ranked.get(0).name()).isEqualTo("dear");
    }

    @Test
    void shouldTakeTheSoonestFinishWhenNobodyMakesTheDeadline() {
        List<Candidate> ranked = strategy.rank(
                List.of(candidate("busy", 1.0, busy, 0, 1), candidate("queued", 2.0, queued, 0, 1)),
                input(NOW.plusSeconds(10)));
        assertThat(ranked).extracting(Candidate::name).containsExactly("queued", "busy");
    }

    private static RankingInput input(Instant deadline) {
        return new RankingInput("r1", 100, deadline, NOW);
    }
}
