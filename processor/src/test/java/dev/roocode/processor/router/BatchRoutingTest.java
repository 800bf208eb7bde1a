package dev.roocode.processor.router;

import static dev.roocode.processor.router.RouterFixtures.NOW;
import static dev.roocode.processor.router.RouterFixtures.job;
import static dev.roocode.processor.router.RouterFixtures.limited;
import static dev.roocode.processor.router.RouterFixtures.provider;
import static org.assertj.core.api.Assertions.assertThat;

import dev.roocode.schemas.avro.BatchEndpoint;
import dev.roocode.schemas.avro.ErrorClass;
import dev.roocode.schemas.avro.Job;
import dev.roocode.schemas.avro.ProviderConfig;
import dev.roocode.schemas.avro.ProviderStatus;
import dev.roocode.schemas.avro.RoutingStrategy;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Batch candidates ({@code <provider>:batch}) in the router: when COST takes them, and what a fallback does. */
class BatchRoutingTest {
    private static final Duration DAY = Duration.ofHours(24);

    private final Router router = new Router();
    /** cheap and mid sell through a batch API at half price, answered within 24 h; dear has none. */
    private final List<ProviderConfig> providers =
            List.of(withBatch(provider("cheap", 0.1)), withBatch(provider("mid", 1.0)), provider("dear", 10.0));

    @Test
    void shouldSendACostJobToTheDiscountedBatchCandidateWhenItsDeadlineLeavesTurnaroundPlusMargin() {
        Job job = due(DAY.plusMinutes(30));

        RouteDecision.Assigned realtime = assigned(route(job("r0"), Set.of()));
        RouteDecision.Assigned assigned = assigned(route(job, Set.of()));

        assertThat(assigned.provider()).isEqualTo("cheap:batch");
        assertThat(assigned.providerModel()).isEqualTo(realtime.providerModel());
        assertThat(assigned.strategy()).isEqualTo(RoutingStrategy.COST);
        assertThat(assigned.estimatedCostUsd()).isEqualTo(realtime.estimatedCostUsd() * 0.5);
    }

    @Test
    void shouldKeepACostJobRealtimeWhenItHasNoDeadlineOrTooLittleTimeForTurnaroundPlusMargin() {
        assertThat(chosen(route(job("r1"), Set.of()))).as("no deadline").isEqualTo("cheap");
        assertThat(chosen(route(due(DAY.plusMinutes(29)), Set.of())))
                .as("24 h turnaround + 30 min margin do not fit in 24 h 29 min")
                .isEqualTo("cheap");
        assertThat(chosen(route(due(DAY.plusMinutes(30)), Set.of())))
                .as("they fit in 24 h 30 min")
                .isEqualTo("cheap:batch");
    }

    @Test
    void shouldLeaveTheConfiguredMarginBeforeTheDeadline() {
        Router wideMargin = new Router(Duration.ofHours(2));

        assertThat(chosen(wideMargin.route(request(due(DAY.plusHours(1)), providers, Set.of()))))
                .isEqualTo("cheap");
        assertThat(chosen(wideMargin.route(request(due(DAY.plusHours(2)), providers, Set.of()))))
                .isEqualTo("cheap:batch");
    }

    @Test
    void shouldTakeTheBatchCandidateOnlyWhenCheaperThanEveryRealtimeOne() {
        List<ProviderConfig> pricierBatch = List.of(withBatch(provider("mid", 1.0)), provider("cheap", 0.1));
        List<ProviderConfig> cheaperBatch = List.of(withBatch(provider("mid", 1.0)), provider("cheap", 0.6));

        assertThat(chosen(router.route(request(due(Duration.ofDays(2)), pricierBatch, Set.of()))))
                .as("mid at half price still costs more than cheap")
                .isEqualTo("cheap");
        assertThat(chosen(router.route(request(due(Duration.ofDays(2)), cheaperBatch, Set.of()))))
                .as("mid at half price costs less than cheap")
                .isEqualTo("mid:batch");
    }

    @Test
    void shouldNeverPickABatchCandidateUnderAnotherStrategyUnlessTheJobNamesIt() {
        for (RoutingStrategy strategy :
                List.of(RoutingStrategy.PRIORITY, RoutingStrategy.WEIGHTED, RoutingStrategy.LATENCY)) {
            Job job = due(Duration.ofDays(3));
            job.getRouting().setStrategy(strategy);
            assertThat(chosen(route(job, Set.of()))).as(strategy.name()).doesNotEndWith(":batch");
        }
        Job named = job("r2");
        named.getRouting().setProvider("mid:batch");
        assertThat(chosen(route(named, Set.of())))
                .as("named explicitly, without a deadline")
                .isEqualTo("mid:batch");
    }

    @Test
    void shouldRerouteAJobBackFromABatchLineToTheCheapestRealtimeCandidateWhenNoOtherBatchOneIsCheaper() {
        Job job = due(Duration.ofDays(3));
        assertThat(chosen(route(job, Set.of()))).isEqualTo("cheap:batch");

        RouteDecision decision = route(job, Set.of("cheap:batch"));

        assertThat(chosen(decision))
                .as("the cheapest realtime candidate, cheaper than mid:batch")
                .isEqualTo("cheap");
        assertThat(chosen(route(job, Set.of("cheap:batch", "cheap"))))
                .as("after a realtime attempt no batch candidate again")
                .isEqualTo("mid");

        // late in the day: cheap's realtime backlog cannot drain before the deadline the failed line leaves; mid's can
        ProviderConfig slowCheap = limited(withBatch(provider("cheap", 0.1)), 1L, null);
        Job late = due(Duration.ofMinutes(10));
        LoadView loads = config -> config.getName().equals("cheap")
                ? new ProviderLoad(100, 0, 1L, null, 0, 0, false, null)
                : ProviderLoad.of(config, null, Reservation.NONE);

        RouteDecision lateDecision = router.route(new RouteRequest(
                late,
                RoutePolicies.resolve(late, PolicyLookup.NONE, 3),
                List.of(slowCheap, provider("mid", 1.0)),
                loads,
                SpendView.NONE,
                Set.of("cheap:batch"),
                NOW));

        assertThat(chosen(lateDecision)).as("within its deadline, by COST").isEqualTo("mid");
    }

    @Test
    void shouldSendAFailedBatchLineToAnotherProvidersBatchWhenItsDeadlineStillLeavesTurnaroundPlusMargin() {
        // two batch providers as cheap as each other, a realtime one at the same price: batch wins at half price
        List<ProviderConfig> twins =
                List.of(withBatch(provider("a", 1.0)), withBatch(provider("b", 1.0)), provider("c", 1.0));
        Job job = due(DAY.plusHours(22));

        RouteDecision.Assigned again = assigned(router.route(request(job, twins, Set.of("a:batch"))));

        assertThat(again.provider())
                .as("the other provider's batch, not a:batch again")
                .isEqualTo("b:batch");
        assertThat(again.strategy()).isEqualTo(RoutingStrategy.COST);
        assertThat(again.estimatedCostUsd())
                .as("at the discount")
                .isEqualTo(assigned(router.route(request(job, twins, Set.of()))).estimatedCostUsd());
    }

    @Test
    void shouldSendAFailedBatchLineRealtimeWhenItsDeadlineNoLongerLeavesTurnaroundPlusMargin() {
        List<ProviderConfig> twins =
                List.of(withBatch(provider("a", 1.0)), withBatch(provider("b", 1.0)), provider("c", 1.0));
        Job job = due(DAY.plusMinutes(29));

        RouteDecision decision = router.route(request(job, twins, Set.of("a:batch")));

        assertThat(chosen(decision)).doesNotEndWith(":batch");
        RouteDecision onlyBatchLeft =
                router.route(request(job, List.of(withBatch(provider("b", 1.0))), Set.of("a:batch")));
        assertThat(chosen(onlyBatchLeft)).as("b's realtime API, not b:batch").isEqualTo("b");
    }

    @Test
    void shouldNotRebatchAfterARealtimeAttemptNorWhenAnotherBatchTryWouldLeaveNoRealtimeAttempt() {
        List<ProviderConfig> triplets = List.of(
                withBatch(provider("a", 1.0)),
                withBatch(provider("b", 1.0)),
                withBatch(provider("c", 1.0)),
                provider("d", 1.0));
        Job job = due(Duration.ofDays(3));

        assertThat(chosen(router.route(request(job, triplets, Set.of("a:batch", "a")))))
                .as("a realtime attempt was made")
                .doesNotEndWith(":batch");
        assertThat(chosen(router.route(request(job, triplets, Set.of("a:batch"), 2))))
                .as("maxAttempts 2: the first batch try is free, a second leaves one realtime attempt")
                .endsWith(":batch");
        assertThat(chosen(router.route(request(job, triplets, Set.of("a:batch", "b:batch"), 2))))
                .as("maxAttempts 2: a third batch try would leave none")
                .doesNotEndWith(":batch");
        assertThat(chosen(router.route(request(job, triplets, Set.of("a:batch"), 1))))
                .as("maxAttempts 1: the only attempt left is realtime")
                .doesNotEndWith(":batch");
        assertThat(chosen(router.route(request(job, triplets, Set.of("a:batch", "b:batch"), 3))))
                .isEqualTo("c:batch");
    }

    @Test
    void shouldSendALineThatFailedOnItsOwnWithA5xxBackToTheSameProvidersBatchButNotOneWhoseBatchFailedWhole() {
        // one batch provider, a realtime one at the same price: only a:batch is at the discount
        List<ProviderConfig> one = List.of(withBatch(provider("a", 1.0)), provider("c", 1.0));
        Job job = due(Duration.ofDays(3));

        RouteDecision afterLine500 =
                router.route(request(job, one, Set.of("a:batch"), new BatchTries(1, Set.of("a:batch")), 3));
        RouteDecision afterWholeBatch =
                router.route(request(job, one, Set.of("a:batch"), new BatchTries(1, Set.of()), 3));
        RouteDecision thirdTry =
                router.route(request(job, one, Set.of("a:batch"), new BatchTries(2, Set.of("a:batch")), 3));
        RouteDecision noneLeft =
                router.route(request(job, one, Set.of("a:batch"), new BatchTries(3, Set.of("a:batch")), 3));

        assertThat(chosen(afterLine500))
                .as("the line's own 500: a new batch answers it anew")
                .isEqualTo("a:batch");
        assertThat(chosen(afterWholeBatch))
                .as("its batch expired or failed whole")
                .doesNotEndWith(":batch");
        assertThat(chosen(thirdTry))
                .as("two batch tries made, maxAttempts 3 leaves one realtime")
                .isEqualTo("a:batch");
        assertThat(chosen(noneLeft))
                .as("a fourth batch try would leave no realtime attempt")
                .doesNotEndWith(":batch");
    }

    @Test
    void shouldFallBackFromANamedBatchCandidateToItsProvidersRealtimeApi() {
        Job job = job("r3");
        job.getRouting().setProvider("mid:batch");

        assertThat(chosen(route(job, Set.of("mid:batch")))).isEqualTo("mid");
    }

    @Test
    void shouldOfferTheBatchCandidateWhileTheRealtimeCircuitIsOpenButNotWhileTheProviderIsInactive() {
        Job job = due(Duration.ofDays(3));
        LoadView cheapOpen = config ->
                new ProviderLoad(0, 0, null, null, 0, 0, config.getName().equals("cheap"), null);

        RouteDecision open = router.route(new RouteRequest(
                job,
                RoutePolicies.resolve(job, PolicyLookup.NONE, 3),
                providers,
                cheapOpen,
                SpendView.NONE,
                Set.of(),
                NOW));
        ProviderConfig inactive = ProviderConfig.newBuilder(providers.get(0))
                .setStatus(ProviderStatus.INACTIVE)
                .build();
        RouteDecision off = router.route(request(job, List.of(inactive, providers.get(1)), Set.of()));

        assertThat(chosen(open)).isEqualTo("cheap:batch");
        assertThat(chosen(off)).isEqualTo("mid:batch");
    }

    @Test
    void shouldExplainInNoRouteWhyTheBatchCandidateCouldNotServe() {
        Job job = due(Duration.ofHours(2));
        LoadView open = config -> new ProviderLoad(0, 0, null, null, 0, 0, true, null);

        RouteDecision decision = router.route(new RouteRequest(
                job,
                RoutePolicies.resolve(job, PolicyLookup.NONE, 3),
                List.of(providers.get(0)),
                open,
                SpendView.NONE,
                Set.of(),
                NOW));

        assertThat(decision).isInstanceOfSatisfying(RouteDecision.Rejected.class, r -> {
            assertThat(r.errorClass()).isEqualTo(ErrorClass.NO_ROUTE);
            assertThat(r.reason())
                    .contains("cheap: circuit open")
                    .contains("cheap:batch: deadline in 2h < turnaround 24h + margin 30m");
        });
    }

    @Test
    void shouldSendABatchCandidateAtOnceInsteadOfDeferringForCheaperRealtimeRoom() {
        Job job = due(Duration.ofDays(3));
        Deferral deferral = new Deferral(Duration.ofSeconds(30), Duration.ofMillis(200), Duration.ofSeconds(5));

        RouteDecision decision = router.route(request(job, providers, Set.of()), deferral, RoomGate.OPEN);

        assertThat(chosen(decision)).isEqualTo("cheap:batch");
    }

    private RouteDecision route(Job job, Set<String> tried) {
        return router.route(request(job, providers, tried));
    }

    private static RouteRequest request(Job job, List<ProviderConfig> providers, Set<String> tried) {
        return request(job, providers, tried, 3);
    }

    private static RouteRequest request(Job job, List<ProviderConfig> providers, Set<String> tried, int maxAttempts) {
        return request(job, providers, tried, BatchTries.counted(tried), maxAttempts);
    }

    private static RouteRequest request(
            Job job, List<ProviderConfig> providers, Set<String> tried, BatchTries batchTries, int maxAttempts) {
        return new RouteRequest(
                job,
                RoutePolicies.resolve(job, PolicyLookup.NONE, maxAttempts),
                providers,
                LoadView.IDLE,
                SpendView.NONE,
                tried,
                NOW,
                null,
                batchTries);
    }

    private static Job due(Duration in) {
        Job job = job("r-" + in);
        job.getRouting().setDeadline(NOW.plus(in));
        return job;
    }

    static ProviderConfig withBatch(ProviderConfig provider) {
        return ProviderConfig.newBuilder(provider)
                .setBatch(BatchEndpoint.newBuilder()
                        .setDiscount(0.5)
                        .setTurnaroundMs(DAY.toMillis())
                        .build())
                .build();
    }

    private static RouteDecision.Assigned assigned(RouteDecision decision) {
        assertThat(decision).isInstanceOf(RouteDecision.Assigned.class);
        return (RouteDecision.Assigned) decision;
    }

    private static String chosen(RouteDecision decision) {
        return assigned(decision).provider();
    }
}
