package dev.roocode.processor.router.strategy;

import static dev.roocode.processor.router.RouterFixtures.NOW;
import static dev.roocode.processor.router.RouterFixtures.candidate;
import static dev.roocode.processor.router.RouterFixtures.idle;
import static org.assertj.core.api.Assertions.assertThat;

import dev.roocode.processor.router.Candidate;
import dev.roocode.processor.router.ProviderLoad;
import dev.roocode.schemas.avro.RoutingStrategy;
import java.util.List;
import org.junit.jupiter.api.Test;

/** PRIORITY, EXPLICIT and LATENCY: plain orderings. */
class OrderingStrategiesTest {
    private final RankingInput input = new RankingInput("r1", 100, null, NOW);

    @Test
    void shouldOrderByPolicyPriorityThenCost() {
        List<Candidate> candidates = List.of(
                candidate("c", 1.0, idle(), 1, 1),
                candidate("b", 3.0, idle(), 0, 1),
                candidate("a", 2.0, idle(), 0, 1));
        assertThat(new PriorityStrategy().rank(candidates, input))
                .extracting(Candidate::name)
                .containsExactly("a", "b", "c");
        assertThat(new ExplicitStrategy().rank(candidates, input))
                .extracting(Candidate::name)
                .containsExactly("a", "b", "c");
    }

    @Test
    void shouldOrderByLatencyEwma() {
        List<Candidate> candidates =
                List.of(candidate("slow", 1.0, latency(900), 0, 1), candidate("fast", 5.0, latency(120), 0, 1));
        assertThat(new LatencyStrategy().rank(candidates, input))
                .extracting(Candidate::name)
                .containsExactly("fast", "slow");
    }

    @Test
    void shouldHaveAStrategyForEverySymbol() {
        for (RoutingStrategy name : RoutingStrategy.values()) {
            assertThat(Strategies.of(name)).as(name.name()).isNotNull();
        }
        assertThat(Strategies.of(null)).isInstanceOf(CostStrategy.class);
    }

    private static ProviderLoad latency(double ms) {
        return new ProviderLoad(0, 0, null, null, ms, 0, false, null);
    }
}
