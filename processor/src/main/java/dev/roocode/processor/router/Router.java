package dev.roocode.processor.router;

import dev.roocode.processor.router.strategy.RankingInput;
import dev.roocode.processor.router.strategy.Strategies;
import dev.roocode.schemas.avro.ErrorClass;
import dev.roocode.schemas.avro.Job;
import dev.roocode.schemas.avro.RoutingStrategy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Chooses a provider for one attempt of a job: filter the candidates ({@link CandidateFilter}),
 * drop those whose estimate breaks the per-job cost cap, then on a re-route take the first
 * candidate in the fallback chain, else rank by the route's strategy; finally check the batch's
 * and tenant's spend caps. Pure: the same request gives the same decision on every instance.
 * Batch candidates ({@link BatchCandidates}) come from the filter; a COST job whose ranking puts one
 * first goes there at once, without deferral.
 */
public final class Router {
    /** Room a batch job's deadline must leave after its candidate's turnaround ({@code route.batch.margin.ms}). */
    private final Duration batchMargin;

    /** A router whose batch candidates keep {@link BatchCandidates#DEFAULT_MARGIN} before a job's deadline. */
    public Router() {
        this(BatchCandidates.DEFAULT_MARGIN);
    }

    /**
     * A router that sends a COST job to a batch candidate only when its deadline leaves the candidate's turnaround
     * plus {@code batchMargin}: the time a line that fails or expires late still has to be served realtime.
     */
    public Router(Duration batchMargin) {
        this.batchMargin = batchMargin;
    }

    /** Decides where {@code request.job()} goes, at once (no deferral). */
    public RouteDecision route(RouteRequest request) {
        return route(request, Deferral.NEVER, RoomGate.OPEN);
    }

    /**
     * Decides where {@code request.job()} goes, or — for a COST job with a deadline on its first
     * attempt, when {@code deferral} is on — that it waits ({@link DeferralPlanner}); {@code gate}
     * says whether it may take free room now.
     */
    public RouteDecision route(RouteRequest request, Deferral deferral, RoomGate gate) {
        return route(request, deferral, gate, 0);
    }

    /** As {@link #route(RouteRequest, Deferral, RoomGate)}, with {@code parkedAhead} jobs parked with earlier deadlines ({@link DeferralPlanner}). */
    public RouteDecision route(RouteRequest request, Deferral deferral, RoomGate gate, long parkedAhead) {
        Job job = request.job();
        EffectiveRoute route = request.route();
        JobProfile profile = request.inputTokens() == null
                ? JobProfile.of(job, route.model())
                : JobProfile.of(job, route.model(), request.inputTokens());
        Candidates found = CandidateFilter.filter(
                profile,
                route,
                request.providers(),
                request.loads(),
                request.tried(),
                request.batchTries(),
                request.now(),
                batchMargin);
        if (found.eligible().isEmpty()) {
            return new RouteDecision.Rejected(ErrorClass.NO_ROUTE, noRouteReason(profile, route, found.excluded()));
        }
        List<Candidate> affordable = new ArrayList<>();
        List<String> overBudget = new ArrayList<>();
        for (Candidate candidate : found.eligible()) {
            if (route.maxCostUsdPerJob() != null && candidate.estimatedCostUsd() > route.maxCostUsdPerJob()) {
                overBudget.add(candidate.name() + ": estimated " + usd(candidate.estimatedCostUsd()));
            } else {
                affordable.add(candidate);
            }
        }
        if (affordable.isEmpty()) {
            return new RouteDecision.Rejected(
                    ErrorClass.BUDGET_EXCEEDED,
                    "every candidate is over the job's cost cap of " + usd(route.maxCostUsdPerJob()) + " ("
                            + String.join("; ", overBudget) + ")");
        }
        // a re-route ranks by priority, except a failed batch line's that may go to another batch candidate: the
        // filter let one through only under COST, whose ranking weighs its discount against the realtime prices
        RoutingStrategy strategy =
                request.tried().isEmpty() || hasBatch(affordable) ? route.strategy() : RoutingStrategy.PRIORITY;
        Candidate chosen = nextInChain(affordable, route, request).orElse(null);
        RankingInput input =
                new RankingInput(job.getRequestId(), profile.totalTokens(), route.deadline(), request.now());
        if (chosen == null && mayDefer(request, route, strategy, deferral) && hasBatch(affordable)) {
            // a batch candidate the COST ranking puts first needs no waiting (its API queues whatever it is sent);
            // otherwise the realtime candidates alone are planned: a batch one has no room to wait for
            Candidate first = Strategies.of(strategy).rank(affordable, input).get(0);
            chosen = first.batch() ? first : null;
            affordable = affordable.stream().filter(c -> !c.batch()).toList();
        }
        if (chosen == null && !affordable.isEmpty() && mayDefer(request, route, strategy, deferral)) {
            DeferralPlanner.Plan plan = DeferralPlanner.plan(
                    affordable, profile.totalTokens(), route.deadline(), request.now(), deferral, gate, parkedAhead);
            if (plan instanceof DeferralPlanner.Plan.Hold) {
                return new RouteDecision.Deferred(profile.inputTokens());
            }
            if (plan instanceof DeferralPlanner.Plan.Send send) {
                chosen = send.candidate();
            }
        }
        if (chosen == null) {
            strategy = route.strategy();
            chosen = Strategies.of(strategy).rank(affordable, input).get(0);
        }
        String capProblem = SpendCaps.problem(job, route, request.spend(), chosen.estimatedCostUsd());
        if (capProblem != null) {
            return new RouteDecision.Rejected(ErrorClass.BUDGET_EXCEEDED, capProblem);
        }
        return new RouteDecision.Assigned(
                chosen.name(),
                chosen.providerModel(),
                strategy,
                profile.inputTokens(),
                profile.outputTokens(),
                chosen.estimatedCostUsd());
    }

    /** Deferral applies to COST jobs with a deadline, on their first attempt only (a re-route goes at once). */
    private static boolean mayDefer(
            RouteRequest request, EffectiveRoute route, RoutingStrategy strategy, Deferral deferral) {
        return deferral.enabled()
                && strategy == RoutingStrategy.COST
                && route.deadline() != null
                && request.tried().isEmpty();
    }

    private static boolean hasBatch(List<Candidate> candidates) {
        for (Candidate candidate : candidates) {
            if (candidate.batch()) {
                return true;
            }
        }
        return false;
    }

    /** On a re-route, the first provider of the fallback chain still eligible. */
    private static Optional<Candidate> nextInChain(
            List<Candidate> candidates, EffectiveRoute route, RouteRequest request) {
        if (request.tried().isEmpty()) {
            return Optional.empty();
        }
        for (String name : route.fallbacks()) {
            for (Candidate candidate : candidates) {
                if (candidate.name().equals(name)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }

    private static String noRouteReason(JobProfile profile, EffectiveRoute route, List<Exclusion> exclusions) {
        StringBuilder reason = new StringBuilder("no provider can serve ")
                .append(profile.kind())
                .append(" model ")
                .append(profile.model());
        if (route.explicitProvider() != null && exclusions.isEmpty()) {
            return reason.append(": provider ")
                    .append(route.explicitProvider())
                    .append(" is not configured")
                    .toString();
        }
        if (exclusions.isEmpty()) {
            return reason.append(": no providers are configured").toString();
        }
        List<String> reasons = exclusions.stream().map(Exclusion::toString).toList();
        return reason.append(" (")
                .append(String.join("; ", reasons))
                .append(')')
                .toString();
    }

    static String usd(double amount) {
        return String.format(Locale.ROOT, "$%.6f", amount);
    }
}
