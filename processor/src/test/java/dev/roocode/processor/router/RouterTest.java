package dev.roocode.processor.router;

import static dev.roocode.processor.router.RouterFixtures.MODEL;
import static dev.roocode.processor.router.RouterFixtures.NOW;
import static dev.roocode.processor.router.RouterFixtures.candidate;
import static dev.roocode.processor.router.RouterFixtures.job;
import static dev.roocode.processor.router.RouterFixtures.policy;
import static dev.roocode.processor.router.RouterFixtures.provider;
import static org.assertj.core.api.Assertions.assertThat;

import dev.roocode.schemas.avro.ErrorClass;
import dev.roocode.schemas.avro.Job;
import dev.roocode.schemas.avro.ProviderConfig;
import dev.roocode.schemas.avro.RoutePolicy;
import dev.roocode.schemas.avro.RoutingStrategy;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RouterTest {
    private final Router router = new Router();
    private final List<ProviderConfig> providers =
            List.of(provider("cheap", 0.1), provider("mid", 1.0), provider("dear", 10.0));

    @Test
    void shouldTakeCheapestByDefault() {
        assertThat(route(job("r1"), PolicyLookup.NONE, Set.of(), SpendView.NONE))
                .isInstanceOfSatisfying(RouteDecision.Assigned.class, a -> {
                    assertThat(a.provider()).isEqualTo("cheap");
                    assertThat(a.strategy()).isEqualTo(RoutingStrategy.COST);
                    assertThat(a.estimatedInputTokens()).isEqualTo(9);
                    assertThat(a.estimatedCostUsd()).isEqualTo((9 * 0.1 + 100 * 0.4) / 1e6);
                });
    }

    @Test
    void shouldFollowFallbackChainOnReroute() {
        RoutePolicy policy = policy(MODEL).setFallbacks(List.of("dear", "mid")).build();
        Job job = job("r1");
        assertThat(chosen(route(job, PolicyLookup.of(List.of(policy)), Set.of(), SpendView.NONE)))
                .isEqualTo("cheap");
        assertThat(chosen(route(job, PolicyLookup.of(List.of(policy)), Set.of("cheap"), SpendView.NONE)))
                .isEqualTo("dear");
        assertThat(chosen(route(job, PolicyLookup.of(List.of(policy)), Set.of("cheap", "dear"), SpendView.NONE)))
                .isEqualTo("mid");
        job.getRouting().setFallbacks(List.of("mid"));
        assertThat(chosen(route(job, PolicyLookup.of(List.of(policy)), Set.of("cheap"), SpendView.NONE)))
                .as("the job's own chain comes first")
                .isEqualTo("mid");
    }

    @Test
    void shouldRouteAroundAProviderTypeThatCannotHonourAField() {
        Job job = job("r1");
        job.getChat().setSeed(7L);
        ProviderConfig claude = provider("claude", 0.01);
        claude.setType("anthropic");

        assertThat(chosen(router.route(new RouteRequest(
                        job,
                        RoutePolicies.resolve(job, PolicyLookup.NONE, 3),
                        List.of(claude, provider("mid", 1.0)),
                        LoadView.IDLE,
                        SpendView.NONE,
                        Set.of(),
                        NOW))))
                .as("the cheaper provider cannot take a seed")
                .isEqualTo("mid");
    }

    @Test
    void shouldFailNoRouteNamingTheFieldWhenNoProviderTypeCanHonourIt() {
        Job job = job("r1");
        job.getChat().setSeed(7L);
        ProviderConfig claude = provider("claude", 0.01);
        claude.setType("anthropic");

        RouteDecision decision = router.route(new RouteRequest(
                job,
                RoutePolicies.resolve(job, PolicyLookup.NONE, 3),
                List.of(claude),
                LoadView.IDLE,
                SpendView.NONE,
                Set.of(),
                NOW));

        assertThat(decision).isInstanceOfSatisfying(RouteDecision.Rejected.class, r -> {
            assertThat(r.errorClass()).isEqualTo(ErrorClass.NO_ROUTE);
            assertThat(r.reason()).contains("claude: type anthropic cannot honour field seed");
        });
    }

    @Test
    void shouldRejectWithBudgetExceededWhenEveryCandidateIsOverTheJobsCap() {
        Job job = job("r1");
        job.getRouting().setMaxCostUsd(1e-6);
        assertThat(route(job, PolicyLookup.NONE, Set.of(), SpendView.NONE))
                .isInstanceOfSatisfying(RouteDecision.Rejected.class, r -> {
                    assertThat(r.errorClass()).isEqualTo(ErrorClass.BUDGET_EXCEEDED);
                    assertThat(r.reason())
                            .isEqualTo(
                                    "every candidate is over the job's cost cap of $0.000001 (cheap: estimated $0.000041; "
                                            + "mid: estimated $0.000409; dear: estimated $0.004090)");
                });
    }

    @Test
    void shouldSkipCandidatesOverTheCapButTakeAffordableOnes() {
        RoutePolicy priority = policy(MODEL, candidate("dear", 0, 1), candidate("cheap", 1, 1))
                .setStrategy(RoutingStrategy.PRIORITY)
                .setMaxCostUsdPerJob(0.0001)
                .build();
        assertThat(chosen(route(job("r1"), PolicyLookup.of(List.of(priority)), Set.of(), SpendView.NONE)))
                .isEqualTo("cheap");
    }

    @Test
    void shouldRejectWhenBatchOrTenantSpendWouldPassThePolicyCap() {
        RoutePolicy capped = policy(MODEL)
                .setMaxCostUsdPerBatch(1.0)
                .setMaxCostUsdPerTenant(5.0)
                .build();
        Job job = job("r1");
        job.setBatchId("b1");
        job.setTenant("acme");
        SpendView batchSpent = spend(1.0, 0);
        SpendView tenantSpent = spend(0, 5.0);
        assertThat(route(job, PolicyLookup.of(List.of(capped)), Set.of(), spend(0.5, 4.0)))
                .isInstanceOf(RouteDecision.Assigned.class);
        assertThat(route(job, PolicyLookup.of(List.of(capped)), Set.of(), batchSpent))
                .isInstanceOfSatisfying(
                        RouteDecision.Rejected.class,
                        r -> assertThat(r.reason())
                                .startsWith("batch b1 has committed $1.000000 of its $1.000000 cap"));
        assertThat(route(job, PolicyLookup.of(List.of(capped)), Set.of(), tenantSpent))
                .isInstanceOfSatisfying(
                        RouteDecision.Rejected.class,
                        r -> assertThat(r.errorClass()).isEqualTo(ErrorClass.BUDGET_EXCEEDED));
    }

    @Test
    void shouldNameTheMissingProviderWhenTheJobNamesAnUnknownOne() {
        Job job = job("r1");
        job.getRouting().setProvider("nowhere");
        assertThat(route(job, PolicyLookup.NONE, Set.of(), SpendView.NONE))
                .isInstanceOfSatisfying(
                        RouteDecision.Rejected.class,
                        r -> assertThat(r.reason()).endsWith("provider nowhere is not configured"));
    }

    private RouteDecision route(Job job, PolicyLookup policies, Set<String> tried, SpendView spend) {
        return router.route(new RouteRequest(
                job, RoutePolicies.resolve(job, policies, 3), providers, LoadView.IDLE, spend, tried, NOW));
    }

    private static String chosen(RouteDecision decision) {
        return ((RouteDecision.Assigned) decision).provider();
    }

    private static SpendView spend(double batch, double tenant) {
        return new SpendView() {
            @Override
            public double batchUsd(String batchId) {
                return batch;
            }

            @Override
            public double tenantUsd(String name) {
                return tenant;
            }
        };
    }
}
