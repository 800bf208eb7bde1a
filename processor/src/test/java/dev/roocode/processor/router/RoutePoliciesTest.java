package dev.roocode.processor.router;

import static dev.roocode.processor.router.RouterFixtures.candidate;
import static dev.roocode.processor.router.RouterFixtures.job;
import static dev.roocode.processor.router.RouterFixtures.policy;
import static org.assertj.core.api.Assertions.assertThat;

import dev.roocode.schemas.avro.Job;
import dev.roocode.schemas.avro.RoutePolicy;
import dev.roocode.schemas.avro.RoutingStrategy;
import java.util.List;
import org.junit.jupiter.api.Test;

class RoutePoliciesTest {
    private final RoutePolicy mini = policy("gpt-4o-mini", candidate("a", 0, 1), candidate("b", 1, 1))
            .setAliases(List.of("fast"))
            .setStrategy(RoutingStrategy.PRIORITY)
            .setFallbacks(List.of("b"))
            .setMaxAttempts(2)
            .setMaxCostUsdPerJob(0.5)
            .build();
    private final RoutePolicy fallback =
            policy("*").setStrategy(RoutingStrategy.LATENCY).setMaxAttempts(5).build();

    @Test
    void shouldRouteWithoutPolicyAsBefore() {
        EffectiveRoute route = RoutePolicies.resolve(job("r1"), PolicyLookup.NONE, 3);
        assertThat(route.policy()).isNull();
        assertThat(route.strategy()).isEqualTo(RoutingStrategy.COST);
        assertThat(route.allowed()).isEmpty();
        assertThat(route.maxAttempts()).isEqualTo(3);
    }

    @Test
    void shouldResolveAliasToItsPolicyAndModel() {
        Job job = job("r1");
        job.setModel("fast");
        EffectiveRoute route = RoutePolicies.resolve(job, PolicyLookup.of(List.of(mini, fallback)), 3);
        assertThat(route.model()).isEqualTo("gpt-4o-mini");
        assertThat(route.strategy()).isEqualTo(RoutingStrategy.PRIORITY);
        assertThat(route.allowed()).containsOnlyKeys("a", "b");
        assertThat(route.maxAttempts()).isEqualTo(2);
    }

    @Test
    void shouldUseDefaultRouteForModelWithoutPolicy() {
        Job job = job("r1");
        job.setModel("llama-3");
        EffectiveRoute route = RoutePolicies.resolve(job, PolicyLookup.of(List.of(mini, fallback)), 3);
        assertThat(route.policy()).isEqualTo("*");
        assertThat(route.model()).isEqualTo("llama-3");
        assertThat(route.strategy()).isEqualTo(RoutingStrategy.LATENCY);
        assertThat(route.maxAttempts()).isEqualTo(5);
    }

    @Test
    void shouldLetHintsOverrideWithinThePolicy() {
        Job job = job("r1");
        job.getRouting().setStrategy(RoutingStrategy.WEIGHTED);
        job.getRouting().setFallbacks(List.of("a"));
        job.getRouting().setMaxCostUsd(2.0);
        EffectiveRoute route = RoutePolicies.resolve(job, PolicyLookup.of(List.of(mini)), 3);
        assertThat(route.strategy()).isEqualTo(RoutingStrategy.WEIGHTED);
        assertThat(route.fallbacks()).containsExactly("a", "b");
        assertThat(route.maxCostUsdPerJob())
                .as("a job may lower the cap, never raise it")
                .isEqualTo(0.5);

        job.getRouting().setProvider("a");
        assertThat(RoutePolicies.resolve(job, PolicyLookup.of(List.of(mini)), 3).strategy())
                .isEqualTo(RoutingStrategy.EXPLICIT);
    }
}
