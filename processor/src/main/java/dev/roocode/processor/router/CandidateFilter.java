package dev.roocode.processor.router;

import dev.roocode.core.provider.ProviderTypes;
import dev.roocode.schemas.avro.ModelOffer;
import dev.roocode.schemas.avro.ProviderConfig;
import dev.roocode.schemas.avro.ProviderStatus;
import dev.roocode.schemas.avro.RouteCandidate;
import dev.roocode.schemas.avro.RoutingStrategy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Decides which providers may serve a job, and gives a reason for each one that may not. Checks run
 * from the cheapest to the most specific, and the first failing check is the reason: named
 * elsewhere, outside the policy, not ACTIVE, already tried, wrong region, no offer of the model and
 * kind, a capability missing, a field the provider's type cannot honour (its descriptor in core's
 * {@code ProviderTypes}), context window too small (by the prompt estimate calibrated per
 * provider model, {@link TokenCalibration}), circuit open. A provider no worker serves (its worker
 * cannot start, or its credential was rejected: {@link WorkerHealth}) is excluded right after the
 * status check, with the workers' reason.
 */
public final class CandidateFilter {
    private CandidateFilter() {}

    /**
     * The candidates among {@code providers} for a job of {@code profile} under {@code route}, excluding {@code tried}:
     * realtime candidates only, unless the job names a batch candidate.
     */
    public static Candidates filter(
            JobProfile profile,
            EffectiveRoute route,
            Iterable<ProviderConfig> providers,
            LoadView loads,
            Set<String> tried) {
        return filter(
                profile,
                route,
                providers,
                loads,
                tried,
                BatchTries.counted(tried),
                null,
                BatchCandidates.DEFAULT_MARGIN);
    }

    /**
     * The candidates among {@code providers} for a job of {@code profile} under {@code route}, excluding {@code tried},
     * with the batch candidate ({@link BatchCandidates}) of each provider that has a batch endpoint where the job
     * may use it: when it names that candidate, or, for a COST job, when its deadline leaves the turnaround plus
     * {@code batchMargin} after {@code now} (null {@code now}: only by name). A batch candidate passes the same checks
     * as its provider, except the realtime circuit breaker. A job that fell back from a batch candidate may go to
     * another provider's one under the same rule (or the same provider's again after its line's own 429 or 5xx, see
     * {@code batchTries}), while it has tried no realtime provider and its attempts allow
     * ({@link BatchCandidates#rebatchReason}).
     */
    public static Candidates filter(
            JobProfile profile,
            EffectiveRoute route,
            Iterable<ProviderConfig> providers,
            LoadView loads,
            Set<String> tried,
            BatchTries batchTries,
            Instant now,
            Duration batchMargin) {
        List<Candidate> eligible = new ArrayList<>();
        List<Exclusion> excluded = new ArrayList<>();
        for (ProviderConfig provider : providers) {
            String name = provider.getName();
            boolean realtime = mayServeNamedJob(route, name, tried);
            boolean batch = provider.getBatch() != null && mayServeNamedJob(route, BatchCandidates.nameOf(name), tried);
            if (!realtime && !batch) {
                continue; // the job named another provider: not a reason worth listing for each of the rest
            }
            ModelOffer offer =
                    Offers.find(provider, profile.model(), profile.kind()).orElse(null);
            ProviderLoad load = offer == null ? null : loads.loadOf(provider);
            String shared = providerReason(route, provider, loads);
            if (shared != null) {
                excluded.add(new Exclusion(name, shared));
                continue;
            }
            RouteCandidate entry = route.allowed().get(name);
            String realtimeReason = null;
            if (realtime) {
                realtimeReason = realtimeReason(profile, provider, offer, load, tried);
                if (realtimeReason != null) {
                    excluded.add(new Exclusion(name, realtimeReason));
                } else {
                    eligible.add(candidate(profile, provider, offer, load, entry, false));
                }
            }
            if (batch) {
                String batchReason =
                        batchReason(profile, route, provider, offer, load, tried, batchTries, now, batchMargin);
                if (batchReason == null) {
                    eligible.add(candidate(
                            profile, provider, offer, BatchCandidates.load(provider.getBatch()), entry, true));
                } else if (!batchReason.equals(realtimeReason)) {
                    excluded.add(new Exclusion(BatchCandidates.nameOf(name), batchReason));
                }
            }
        }
        return new Candidates(eligible, excluded);
    }

    private static Candidate candidate(
            JobProfile profile,
            ProviderConfig provider,
            ModelOffer offer,
            ProviderLoad load,
            RouteCandidate entry,
            boolean batch) {
        double cost = Offers.costUsd(offer, profile.inputTokens(), profile.outputTokens());
        return new Candidate(
                provider,
                offer,
                Offers.providerModel(offer, profile.model()),
                batch ? cost * provider.getBatch().getDiscount() : cost,
                load,
                entry == null ? 0 : entry.getPriority(),
                entry == null ? provider.getWeight() : entry.getWeight(),
                batch);
    }

    /**
     * A job that names a provider goes there first; once that provider has been tried, its fallback
     * chain (the job's names, then the policy's) may serve it, and nothing else. A job that named a
     * batch candidate may also fall back to that provider's realtime API.
     */
    private static boolean mayServeNamedJob(EffectiveRoute route, String name, Set<String> tried) {
        String named = route.explicitProvider();
        return named == null
                || named.equals(name)
                || (tried.contains(named)
                        && (route.fallbacks().contains(name)
                                || (BatchCandidates.isBatch(named)
                                        && BatchCandidates.providerOf(named).equals(name))));
    }

    /**
     * Whether the offer's capability list is a restriction. A named model's offer always is. A
     * {@code *} offer passes any model through under its own name (the simulator, a gateway), so an
     * empty list there means "not declared" and restricts nothing; listing capabilities makes it strict.
     */
    static boolean restrictsCapabilities(ModelOffer offer) {
        return !(Offers.ANY_MODEL.equals(offer.getModel())
                && offer.getCapabilities().isEmpty());
    }

    /**
     * Why the job does not fit the offer's context window, or null when it does: its prompt estimate,
     * grown by the ratio observed at this provider model when its tokenizer counts more
     * ({@link TokenCalibration}), plus its output allowance.
     */
    static String contextWindowReason(JobProfile profile, ModelOffer offer, ProviderLoad load) {
        Double ratio = load == null ? null : load.promptTokenRatio(Offers.providerModel(offer, profile.model()));
        long input = TokenCalibration.contextInputTokens(profile.inputTokens(), ratio);
        long total = input + profile.outputTokens();
        if (total <= offer.getContextWindow()) {
            return null;
        }
        String reason = "context window " + offer.getContextWindow() + " < " + total + " tokens";
        if (input > profile.inputTokens()) {
            reason += String.format(
                    Locale.ROOT,
                    " (prompt estimate %d × %.2f observed at this provider model)",
                    profile.inputTokens(),
                    TokenCalibration.contextFactor(ratio));
        }
        return reason;
    }

    /**
     * Why the provider's type cannot honour the job, or null when it can: the first field the job uses that
     * the type's descriptor does not list (e.g. {@code seed} on Anthropic), so the job goes to a type that can
     * instead of failing BAD_REQUEST at the worker. A type this build does not know restricts nothing here.
     */
    static String unsupportedFieldReason(JobProfile profile, ProviderConfig provider) {
        return ProviderTypes.find(provider.getType())
                .flatMap(type -> type.firstUnsupported(profile.fields())
                        .map(field -> "type " + type.id() + " cannot honour field " + field.label()))
                .orElse(null);
    }

    /** Why neither of the provider's candidates may serve the job (policy, status, workers), or null. */
    private static String providerReason(EffectiveRoute route, ProviderConfig provider, LoadView loads) {
        if (!route.allows(provider.getName())) {
            return "not a candidate of route " + route.policy();
        }
        if (provider.getStatus() != ProviderStatus.ACTIVE) {
            return String.valueOf(provider.getStatus());
        }
        return loads.unavailable(provider);
    }

    private static String realtimeReason(
            JobProfile profile, ProviderConfig provider, ModelOffer offer, ProviderLoad load, Set<String> tried) {
        if (tried.contains(provider.getName())) {
            return "already tried";
        }
        String reason = offerReason(profile, provider, offer, load);
        if (reason != null) {
            return reason;
        }
        if (load.circuitOpen()) {
            return "circuit open";
        }
        return null;
    }

    /**
     * Why the provider's batch candidate may not serve the job, or null when it may: tried already (unless its line
     * failed on its own with an error a retry may fix, {@link BatchTries#again}), a re-route that
     * may not go to a batch candidate again ({@link BatchCandidates#rebatchReason}), the offer's checks, then,
     * unless the job names it, the COST-and-deadline rule (another strategy stays realtime; a failed batch line goes
     * to another provider's batch only while its deadline still leaves the turnaround plus the margin).
     */
    private static String batchReason(
            JobProfile profile,
            EffectiveRoute route,
            ProviderConfig provider,
            ModelOffer offer,
            ProviderLoad load,
            Set<String> tried,
            BatchTries batchTries,
            Instant now,
            Duration margin) {
        String name = BatchCandidates.nameOf(provider.getName());
        if (tried.contains(name) && !batchTries.again().contains(name)) {
            return "already tried";
        }
        String rebatch = BatchCandidates.rebatchReason(tried, batchTries.made(), route.maxAttempts());
        if (rebatch != null) {
            return rebatch;
        }
        String reason = offerReason(profile, provider, offer, load);
        if (reason != null || name.equals(route.explicitProvider())) {
            return reason;
        }
        RoutingStrategy strategy = route.strategy() == null ? RoutingStrategy.COST : route.strategy();
        if (strategy != RoutingStrategy.COST) {
            return "strategy " + strategy + " routes realtime only";
        }
        if (now == null) {
            return "batch not considered here";
        }
        return BatchCandidates.deadlineReason(provider.getBatch(), route.deadline(), now, margin);
    }

    /** Why the provider's offer cannot serve the job (region, offer, capability, field, context window), or null. */
    private static String offerReason(
            JobProfile profile, ProviderConfig provider, ModelOffer offer, ProviderLoad load) {
        if (profile.region() != null
                && !profile.region().equals(provider.getRegion())
                && !provider.getTags().contains(profile.region())) {
            return "not in region " + profile.region();
        }
        if (offer == null) {
            return "no " + profile.kind() + " offer for " + profile.model();
        }
        for (String capability : profile.capabilities()) {
            if (restrictsCapabilities(offer) && !offer.getCapabilities().contains(capability)) {
                return "offer lacks capability " + capability;
            }
        }
        String field = unsupportedFieldReason(profile, provider);
        if (field != null) {
            return field;
        }
        return contextWindowReason(profile, offer, load);
    }
}
