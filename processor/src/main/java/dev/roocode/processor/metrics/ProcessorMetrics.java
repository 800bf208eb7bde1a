package dev.roocode.processor.metrics;

import dev.roocode.schemas.avro.ErrorClass;
import dev.roocode.schemas.avro.Result;
import dev.roocode.schemas.avro.Usage;
import dev.roocode.schemas.metrics.LabelledMeters;
import dev.roocode.schemas.metrics.ServiceMetrics;
import dev.roocode.schemas.metrics.TenantLabels;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Every meter of the router and the finalizers (docs/operations.md lists them; {@code roocode top} reads them by
 * these names). The intake and the finalizers call the recording methods on their stream threads: each finds its
 * pre-made counter by label values (no string is built per record). Tokens and cost are counted once per
 * requestId, from its one Result ({@link #result}), with the Result's own numbers, so their sums equal the sums over
 * the Results written. Counters are not part of Kafka's transactions: a task that aborts and re-processes counts
 * those records again (rare: a crash or fenced instance), so they can run slightly ahead of the topics then.
 */
public final class ProcessorMetrics {
    public static final String JOBS_ACCEPTED = "roocode.jobs.accepted";
    public static final String JOBS_ROUTED = "roocode.jobs.routed";
    public static final String JOBS_DEFERRED = "roocode.jobs.deferred";
    public static final String JOBS_REJECTED = "roocode.jobs.rejected";
    public static final String RESULTS = "roocode.results";
    public static final String DEAD_LETTERS = "roocode.dead.letters";
    public static final String TOKENS = "roocode.tokens";
    public static final String COST_USD = "roocode.cost.usd";
    public static final String BUDGET_SPEND_RATIO = "roocode.budget.spend.ratio";

    /** {@code reason} of a job parked for a cheaper window before its deadline. */
    public static final String DEFERRED_COST_WINDOW = "cost_window";
    /** {@code reason} of a job waiting out the open circuit of the only provider(s) that could take it. */
    public static final String DEFERRED_CIRCUIT_OPEN = "circuit_open";

    /** Label value of a Result without a provider (failed before any dispatch) or model. */
    public static final String NONE = "none";

    private static final Map<ErrorClass, String> REJECT_REASONS = new EnumMap<>(ErrorClass.class);

    static {
        for (ErrorClass errorClass : ErrorClass.values()) {
            REJECT_REASONS.put(
                    errorClass,
                    switch (errorClass) {
                        case DEADLINE_EXCEEDED -> "DEADLINE";
                        case INVALID_JOB -> "INVALID";
                        default -> errorClass.name();
                    });
        }
    }

    private final MeterRegistry registry;
    private final TenantLabels tenants;
    private final LabelledMeters<Counter> accepted;
    private final LabelledMeters<Counter> routed;
    private final LabelledMeters<Counter> deferred;
    private final LabelledMeters<Counter> rejected;
    private final LabelledMeters<Counter> results;
    private final LabelledMeters<Counter> deadLetters;
    private final LabelledMeters<Spend> spend;
    private final Map<String, AtomicLong> budgetRatios = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> budgetUpdatedMs = new ConcurrentHashMap<>();

    /** The three counters of one provider, model and tenant. */
    private record Spend(Counter tokensIn, Counter tokensOut, Counter costUsd) {}

    public ProcessorMetrics(ServiceMetrics metrics) {
        this(metrics.registry(), metrics.tenants());
    }

    public ProcessorMetrics(MeterRegistry registry, TenantLabels tenants) {
        this.registry = registry;
        this.tenants = tenants;
        this.accepted = new LabelledMeters<>(v -> Counter.builder(JOBS_ACCEPTED)
                .description("Jobs taken in (new, not yet validated), by tenant")
                .tag("tenant", v.get(0))
                .register(registry));
        this.routed = new LabelledMeters<>(v -> Counter.builder(JOBS_ROUTED)
                .description("Dispatches to a provider, first attempts and fallbacks alike")
                .tags("provider", v.get(0), "model", v.get(1))
                .register(registry));
        this.deferred = new LabelledMeters<>(v -> Counter.builder(JOBS_DEFERRED)
                .description("Jobs parked instead of dispatched at once, by reason")
                .tag("reason", v.get(0))
                .register(registry));
        this.rejected = new LabelledMeters<>(v -> Counter.builder(JOBS_REJECTED)
                .description("Jobs answered FAILED by the router without (further) dispatch, by reason")
                .tag("reason", v.get(0))
                .register(registry));
        this.results = new LabelledMeters<>(v -> Counter.builder(RESULTS)
                .description("Results written, one per requestId")
                .tags("status", v.get(0), "provider", v.get(1), "tenant", v.get(2))
                .register(registry));
        this.deadLetters = new LabelledMeters<>(v -> Counter.builder(DEAD_LETTERS)
                .description("Records dead-lettered by the processor, by error class")
                .tag("reason", v.get(0))
                .register(registry));
        this.spend = new LabelledMeters<>(v -> new Spend(
                Counter.builder(TOKENS)
                        .description("Tokens of the Results written, as the provider reported them")
                        .tags("provider", v.get(0), "model", v.get(1), "tenant", v.get(2), "direction", "in")
                        .register(registry),
                Counter.builder(TOKENS)
                        .description("Tokens of the Results written, as the provider reported them")
                        .tags("provider", v.get(0), "model", v.get(1), "tenant", v.get(2), "direction", "out")
                        .register(registry),
                Counter.builder(COST_USD)
                        .description("Cost in USD of the Results written (Result.costUsd)")
                        .tags("provider", v.get(0), "model", v.get(1), "tenant", v.get(2))
                        .register(registry)));
    }

    /** Recording nothing (tests of other concerns). */
    public static ProcessorMetrics disabled() {
        return new ProcessorMetrics(ServiceMetrics.disabled());
    }

    public void accepted(String tenant) {
        accepted.get(tenants.of(tenant)).increment();
    }

    public void routed(String provider, String providerModel) {
        routed.get(orNone(provider), orNone(providerModel)).increment();
    }

    public void deferred(String reason) {
        deferred.get(reason).increment();
    }

    /** A job answered FAILED by routing or validation: reason NO_ROUTE, BUDGET_EXCEEDED, DEADLINE, INVALID, .... */
    public void rejected(ErrorClass errorClass) {
        rejected.get(REJECT_REASONS.get(errorClass)).increment();
    }

    public void deadLetter(ErrorClass errorClass) {
        deadLetters.get(errorClass.name()).increment();
    }

    /** The one Result of a request, of a job of {@code tenant}: its status, tokens and cost. */
    public void result(Result result, String tenant) {
        String tenantLabel = tenants.of(tenant);
        String provider = orNone(result.getProvider());
        results.get(result.getStatus().name(), provider, tenantLabel).increment();
        Usage usage = result.getOutput() == null ? null : result.getOutput().getUsage();
        long in = usage == null ? 0 : usage.getInputTokens();
        long out = usage == null ? 0 : usage.getOutputTokens();
        double cost = result.getCostUsd();
        if (in == 0 && out == 0 && cost == 0) {
            return; // nothing spent: no series for failed Results
        }
        Spend counters = spend.get(provider, orNone(result.getProviderModel()), tenantLabel);
        counters.tokensIn().increment(in);
        counters.tokensOut().increment(out);
        counters.costUsd().increment(cost);
    }

    /** Whether the spend of {@code tenant}'s budget is due for another reading (at most one a second per tenant). */
    public boolean budgetDue(String tenant, long nowMs) {
        AtomicLong last = budgetUpdatedMs.computeIfAbsent(tenants.of(tenant), t -> new AtomicLong(Long.MIN_VALUE / 2));
        long previous = last.get();
        return nowMs - previous >= 1_000 && last.compareAndSet(previous, nowMs);
    }

    /** Money committed by {@code tenant} over its route policy's cap (1.0: the cap is reached). */
    public void tenantBudget(String tenant, double spendRatio) {
        String scope = "tenant:" + tenants.of(tenant);
        budgetRatios
                .computeIfAbsent(scope, s -> {
                    AtomicLong bits = new AtomicLong(Double.doubleToLongBits(0));
                    Gauge.builder(BUDGET_SPEND_RATIO, bits, b -> Double.longBitsToDouble(b.get()))
                            .description("Money committed (spent and in flight) over the budget cap, per scope")
                            .tag("scope", s)
                            .register(registry);
                    return bits;
                })
                .set(Double.doubleToLongBits(spendRatio));
    }

    private static String orNone(String value) {
        return value == null || value.isEmpty() ? NONE : value;
    }
}
