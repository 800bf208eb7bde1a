package dev.roocode.processor.topology;

import static dev.roocode.processor.topology.Fixtures.chatJob;
import static dev.roocode.processor.topology.Fixtures.provider;
import static org.assertj.core.api.Assertions.assertThat;

import dev.roocode.schemas.avro.DispatchedJob;
import dev.roocode.schemas.avro.ErrorClass;
import dev.roocode.schemas.avro.Job;
import dev.roocode.schemas.avro.ProviderConfig;
import dev.roocode.schemas.avro.ProviderStatus;
import dev.roocode.schemas.avro.Result;
import dev.roocode.schemas.avro.ResultStatus;
import dev.roocode.schemas.avro.RouteCandidate;
import dev.roocode.schemas.avro.RoutePolicy;
import dev.roocode.schemas.avro.RoutingStrategy;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Route policies, aliases and fallback chains through the whole topology. */
class RoutingFlowTest {
    private TopologyHarness harness;

    @BeforeEach
    void start() {
        harness = new TopologyHarness(3);
        harness.addProviders(
                provider("cheap", 0.15, ProviderStatus.ACTIVE),
                provider("mid", 1.0, ProviderStatus.ACTIVE),
                provider("pricey", 2.50, ProviderStatus.ACTIVE));
    }

    @AfterEach
    void stop() {
        harness.close();
    }

    @Test
    void shouldRouteByThePolicyOfTheModel() {
        harness.addPolicy(policy("gpt-4o-mini", RoutingStrategy.PRIORITY, candidate("pricey", 0), candidate("mid", 1))
                .build());

        harness.submit(chatJob("r1", "b1"));

        assertThat(dispatched("pricey")).singleElement().satisfies(d -> {
            assertThat(d.getAssignment().getStrategy()).isEqualTo(RoutingStrategy.PRIORITY);
            assertThat(d.getAssignment().getEstimatedInputTokens()).isPositive();
        });
        assertThat(dispatched("cheap")).isEmpty();
    }

    @Test
    void shouldResolveAnAliasToItsPolicyAndModel() {
        harness.addPolicy(policy("gpt-4o-mini", RoutingStrategy.PRIORITY, candidate("mid", 0))
                .setAliases(List.of("fast"))
                .build());
        Job job = chatJob("r1", "b1");
        job.setModel("fast");

        harness.submit(job);

        assertThat(dispatched("mid"))
                .singleElement()
                .satisfies(d -> assertThat(d.getAssignment().getProviderModel()).isEqualTo("mid-mini"));
    }

    @Test
    void shouldUseTheDefaultRouteForModelsWithoutAPolicy() {
        harness.addPolicy(
                policy("*", RoutingStrategy.PRIORITY, candidate("pricey", 0)).build());
        harness.submit(chatJob("r1", "b1"));
        assertThat(dispatched("pricey")).hasSize(1);
    }

    @Test
    void shouldRerouteAlongTheFallbackChainUpToMaxAttempts() {
        harness.addPolicy(policy("gpt-4o-mini", RoutingStrategy.COST)
                .setFallbacks(List.of("pricey", "mid"))
                .setMaxAttempts(2)
                .build());
        harness.submit(chatJob("r1", "b1"));
        DispatchedJob first = dispatched("cheap").get(0);

        harness.pipe(
                harness.topics.fallback().name(), "r1", Fixtures.failed(first, ErrorClass.PROVIDER_UNAVAILABLE, 503));
        DispatchedJob second = dispatched("pricey").get(0);
        assertThat(second.getAssignment().getAttempt()).isEqualTo(2);
        assertThat(second.getAssignment().getStrategy()).isEqualTo(RoutingStrategy.PRIORITY);

        harness.pipe(harness.topics.fallback().name(), "r1", Fixtures.failed(second, ErrorClass.TIMEOUT, 504));
        assertThat(dispatched("mid")).as("maxAttempts 2 reached").isEmpty();
        assertThat(results()).singleElement().satisfies(r -> {
            assertThat(r.getStatus()).isEqualTo(ResultStatus.FAILED);
            assertThat(r.getError().getErrorClass()).isEqualTo(ErrorClass.TIMEOUT);
            assertThat(r.getAttempts()).extracting(a -> a.getProvider()).containsExactly("cheap", "pricey");
        });
    }

    @Test
    void shouldNotResendElsewhereAFailureTheClassifierSaysNoProviderCanFix() {
        harness.submit(chatJob("r1", "b1"));

        // a 503 is usually worth another provider; this worker's classifier said it is not
        harness.pipe(
                harness.topics.fallback().name(),
                "r1",
                Fixtures.failed(dispatched("cheap").get(0), ErrorClass.PROVIDER_UNAVAILABLE, 503, false));

        assertThat(dispatched("mid")).isEmpty();
        assertThat(dispatched("pricey")).isEmpty();
        assertThat(results()).singleElement().satisfies(r -> {
            assertThat(r.getStatus()).isEqualTo(ResultStatus.FAILED);
            assertThat(r.getError().getErrorClass()).isEqualTo(ErrorClass.PROVIDER_UNAVAILABLE);
        });
    }

    @Test
    void shouldResendElsewhereAFailureTheClassifierSaysAnotherProviderMayFix() {
        harness.submit(chatJob("r1", "b1"));

        // too long for this provider's window: another one may have a larger window
        harness.pipe(
                harness.topics.fallback().name(),
                "r1",
                Fixtures.failed(dispatched("cheap").get(0), ErrorClass.CONTEXT_LENGTH, 400, true));

        assertThat(dispatched("mid")).hasSize(1);
        assertThat(results()).isEmpty();
    }

    @Test
    void shouldRouteAJobAroundAProviderTypeThatCannotHonourItsFieldsOrFailNoRouteNamingTheField() {
        ProviderConfig claude = provider("claude", 0.01, ProviderStatus.ACTIVE);
        claude.setType("anthropic");
        harness.addProviders(claude);
        Job seeded = chatJob("r1", "b1");
        seeded.getChat().setSeed(42L);
        Job onlyClaude = chatJob("r2", "b1");
        onlyClaude.getChat().setSeed(42L);
        onlyClaude.getRouting().setProvider("claude");

        harness.submit(seeded);
        harness.submit(onlyClaude);

        assertThat(dispatched("claude")).as("anthropic takes no seed").isEmpty();
        assertThat(dispatched("cheap"))
                .extracting(d -> d.getJob().getRequestId())
                .containsExactly("r1");
        assertThat(results()).singleElement().satisfies(r -> {
            assertThat(r.getRequestId()).isEqualTo("r2");
            assertThat(r.getError().getErrorClass()).isEqualTo(ErrorClass.NO_ROUTE);
            assertThat(r.getError().getMessage()).contains("claude: type anthropic cannot honour field seed");
        });
    }

    @Test
    void shouldFallBackOnRequestErrorsOnlyWhenThePolicySaysSo() {
        harness.addPolicy(policy("gpt-4o-mini", RoutingStrategy.COST)
                .setFallbackOnRequestErrors(true)
                .build());
        harness.submit(chatJob("r1", "b1"));

        harness.pipe(
                harness.topics.fallback().name(),
                "r1",
                Fixtures.failed(dispatched("cheap").get(0), ErrorClass.CONTENT_POLICY, 400));

        assertThat(dispatched("mid")).hasSize(1);
        assertThat(results()).isEmpty();
    }

    @Test
    void shouldNotLetAJobNameAProviderOutsideThePolicy() {
        harness.addPolicy(policy("gpt-4o-mini", RoutingStrategy.COST, candidate("cheap", 0))
                .build());
        Job job = chatJob("r1", "b1");
        job.getRouting().setProvider("pricey");

        harness.submit(job);

        assertThat(dispatched("pricey")).isEmpty();
        assertThat(results()).singleElement().satisfies(r -> {
            assertThat(r.getError().getErrorClass()).isEqualTo(ErrorClass.NO_ROUTE);
            assertThat(r.getError().getMessage()).contains("pricey: not a candidate of route gpt-4o-mini");
        });
    }

    private List<DispatchedJob> dispatched(String provider) {
        return harness.read("roocode.dispatch." + provider, DispatchedJob.class);
    }

    private List<Result> results() {
        return harness.read("roocode.results", Result.class);
    }

    private static RoutePolicy.Builder policy(String model, RoutingStrategy strategy, RouteCandidate... candidates) {
        return RoutePolicy.newBuilder().setModel(model).setStrategy(strategy).setCandidates(List.of(candidates));
    }

    private static RouteCandidate candidate(String provider, int priority) {
        return RouteCandidate.newBuilder()
                .setProvider(provider)
                .setPriority(priority)
                .build();
    }
}
