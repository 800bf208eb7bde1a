package dev.roocode.connectors.metrics;

import dev.roocode.schemas.avro.BreakerState;
import dev.roocode.schemas.avro.ErrorClass;
import dev.roocode.schemas.metrics.LabelledMeters;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;

/**
 * The meters of one provider, made once per provider and connectors process. Call outcomes, latency and tokens are
 * also labelled by provider model (bounded by the provider's offers); every counter is found by label values
 * without building a string. The gauges read whatever {@link #watch} last pointed them at (the current worker), so
 * a scrape never touches a worker's state on the hot path's threads.
 */
public final class ProviderMeters {
    /** {@code error_class} of a successful call. */
    public static final String NO_ERROR = "none";

    private final MeterRegistry registry;
    private final String provider;
    private final LabelledMeters<Model> models;
    private final Counter retries;
    private final Counter rateLimited;
    private final Counter pacingWait;
    private final Map<Integer, Meter> lagGauges = new ConcurrentHashMap<>();
    private volatile Sources sources;

    /** A provider model's meters: successful calls, failed calls per class, latency, tokens in and out. */
    private record Model(Counter success, Map<ErrorClass, Counter> errors, Timer duration, Counter in, Counter out) {}

    /** What the gauges read: the current worker's in-flight count, breaker, and effective RPM/TPM budget (NaN: none). */
    public record Sources(
            DoubleSupplier inflight,
            Supplier<BreakerState> breaker,
            DoubleSupplier rpmBudget,
            DoubleSupplier tpmBudget) {}

    ProviderMeters(MeterRegistry registry, String provider) {
        this.registry = registry;
        this.provider = provider;
        this.models = new LabelledMeters<>(v -> model(v.get(0)));
        this.retries = Counter.builder(WorkerMetrics.RETRIES)
                .description("HTTP calls retried within an attempt (same provider)")
                .tag("provider", provider)
                .register(registry);
        this.rateLimited = Counter.builder(WorkerMetrics.RATE_LIMITED)
                .description("Calls the provider answered 429 (or classified RATE_LIMITED)")
                .tag("provider", provider)
                .register(registry);
        this.pacingWait = Counter.builder(WorkerMetrics.PACING_WAIT)
                .description("Time calls waited for the provider's RPM/TPM budget or a 429 pause")
                .baseUnit("seconds")
                .tag("provider", provider)
                .register(registry);
        Gauge.builder(WorkerMetrics.INFLIGHT, this, m -> read(m.sources == null ? null : m.sources.inflight(), 0))
                .description("Jobs handed to HTTP whose attempt has not finished")
                .tag("provider", provider)
                .register(registry);
        for (BreakerState state : BreakerState.values()) {
            Gauge.builder(WorkerMetrics.BREAKER_STATE, this, m -> m.breaker() == state ? 1 : 0)
                    .description("1 for the circuit breaker's current state, 0 for the others")
                    .tags("provider", provider, "state", state.name().toLowerCase(Locale.ROOT))
                    .register(registry);
        }
        Gauge.builder(
                        WorkerMetrics.BUDGET_RPM,
                        this,
                        m -> read(m.sources == null ? null : m.sources.rpmBudget(), Double.NaN))
                .description(
                        "Requests per minute the pacer allows now (configured or from headers, adapted); NaN: none")
                .tag("provider", provider)
                .register(registry);
        Gauge.builder(
                        WorkerMetrics.BUDGET_TPM,
                        this,
                        m -> read(m.sources == null ? null : m.sources.tpmBudget(), Double.NaN))
                .description("Tokens per minute the pacer allows now; NaN: none")
                .tag("provider", provider)
                .register(registry);
    }

    private Model model(String providerModel) {
        Map<ErrorClass, Counter> errors = new EnumMap<>(ErrorClass.class);
        for (ErrorClass errorClass : ErrorClass.values()) {
            errors.put(errorClass, calls(providerModel, "error", errorClass.name()));
        }
        return new Model(
                calls(providerModel, "success", NO_ERROR),
                errors,
                Timer.builder(WorkerMetrics.CALL_DURATION)
                        .description("Time from sending a call to its answer (or failure)")
                        .tags("provider", provider, "model", providerModel)
                        .publishPercentileHistogram()
                        .minimumExpectedValue(Duration.ofMillis(1))
                        .maximumExpectedValue(Duration.ofMinutes(5))
                        .register(registry),
                tokens(providerModel, "in"),
                tokens(providerModel, "out"));
    }

    /** Counters are registered lazily per class, but all classes of a model at once: no lock on the hot path. */
    private Counter calls(String providerModel, String outcome, String errorClass) {
        return Counter.builder(WorkerMetrics.CALLS)
                .description("HTTP calls to the provider, by outcome and error class")
                .tags("provider", provider, "model", providerModel, "outcome", outcome, "error_class", errorClass)
                .register(registry);
    }

    private Counter tokens(String providerModel, String direction) {
        return Counter.builder(WorkerMetrics.TOKENS)
                .description("Tokens the provider reported for successful calls")
                .tags("provider", provider, "model", providerModel, "direction", direction)
                .register(registry);
    }

    /** One HTTP call ended after {@code nanos}: successfully ({@code error} null) or with {@code error}. */
    public void call(String providerModel, ErrorClass error, long nanos) {
        Model model = models.get(providerModel == null ? NO_ERROR : providerModel);
        (error == null ? model.success() : model.errors().get(error)).increment();
        model.duration().record(nanos, TimeUnit.NANOSECONDS);
    }

    /** Tokens of a successful call, as the provider reported them. */
    public void tokens(String providerModel, long in, long out) {
        Model model = models.get(providerModel == null ? NO_ERROR : providerModel);
        model.in().increment(in);
        model.out().increment(out);
    }

    public void retry() {
        retries.increment();
    }

    public void rateLimited() {
        rateLimited.increment();
    }

    public void pacingWait(Duration wait) {
        pacingWait.increment(wait.toNanos() / 1e9);
    }

    /** Points the gauges at the current worker (null: none runs; in-flight reads 0, the breaker closed). */
    public synchronized void watch(Sources current) {
        this.sources = current;
    }

    /** Withdraws {@code mine} from the gauges, unless a newer worker has pointed them at itself meanwhile. */
    public synchronized void unwatch(Sources mine) {
        if (sources == mine) {
            sources = null;
        }
    }

    /** The dispatch topic's {@code partition} was assigned: its lag, as {@code lag} reads it, becomes a gauge. */
    public synchronized void watchLag(int partition, DoubleSupplier lag) {
        unwatchLag(partition); // a new worker's consumer replaces the previous one's
        lagGauges.put(
                partition,
                Gauge.builder(WorkerMetrics.DISPATCH_LAG, lag::getAsDouble)
                        .description("Records on the dispatch topic's partition not yet read by its worker")
                        .tags("provider", provider, "partition", Integer.toString(partition))
                        .strongReference(true)
                        .register(registry));
    }

    /** The partition was revoked: its lag gauge goes, another worker reports it. */
    public synchronized void unwatchLag(int partition) {
        Meter gauge = lagGauges.remove(partition);
        if (gauge != null) {
            registry.remove(gauge);
        }
    }

    private BreakerState breaker() {
        Sources current = sources;
        BreakerState state = current == null ? null : current.breaker().get();
        return state == null ? BreakerState.CLOSED : state;
    }

    private static double read(DoubleSupplier supplier, double otherwise) {
        return supplier == null ? otherwise : supplier.getAsDouble();
    }
}
