package dev.roocode.connectors.metrics;

import dev.roocode.schemas.metrics.ServiceMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every meter of a connectors process, per provider ({@link ProviderMeters}); docs/operations.md lists them and
 * {@code roocode top} reads them by these names. A provider's meters are made once and outlive its workers: a
 * worker restarted for a new provider record version records into the same counters and points the gauges at
 * itself ({@link ProviderMeters#watch}).
 */
public final class WorkerMetrics {
    public static final String CALLS = "roocode.provider.calls";
    public static final String CALL_DURATION = "roocode.provider.call.duration";
    public static final String RETRIES = "roocode.provider.retries";
    public static final String RATE_LIMITED = "roocode.provider.rate.limited";
    public static final String PACING_WAIT = "roocode.provider.pacing.wait";
    public static final String INFLIGHT = "roocode.provider.inflight";
    public static final String BREAKER_STATE = "roocode.provider.breaker.state";
    public static final String BUDGET_RPM = "roocode.provider.budget.rpm";
    public static final String BUDGET_TPM = "roocode.provider.budget.tpm";
    public static final String TOKENS = "roocode.provider.tokens";
    public static final String DISPATCH_LAG = "roocode.dispatch.lag";

    private final MeterRegistry registry;
    private final boolean enabled;
    private final Map<String, ProviderMeters> providers = new ConcurrentHashMap<>();

    public WorkerMetrics(ServiceMetrics metrics) {
        this(metrics.registry(), metrics.enabled());
    }

    public WorkerMetrics(MeterRegistry registry, boolean enabled) {
        this.registry = registry;
        this.enabled = enabled;
    }

    /** Whether anything is recorded (the Kafka clients' metrics are bound only then). */
    public boolean enabled() {
        return enabled;
    }

    /** Recording nothing (tests of other concerns). */
    public static WorkerMetrics disabled() {
        return new WorkerMetrics(ServiceMetrics.disabled());
    }

    /** The meters of {@code provider}, made on first use. */
    public ProviderMeters provider(String provider) {
        ProviderMeters found = providers.get(provider);
        return found != null ? found : providers.computeIfAbsent(provider, p -> new ProviderMeters(registry, p));
    }

    public MeterRegistry registry() {
        return registry;
    }
}
