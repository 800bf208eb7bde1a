package dev.roocode.cli.top;

/**
 * The Prometheus names {@code roocode top} reads: the contract with the services' metrics (docs/operations.md lists
 * them all). Rates come from counters' deltas between two scrapes, quantiles from histogram buckets' deltas.
 */
final class MetricNames {
    /** Connectors: {provider, model, outcome=success|error, error_class}. */
    static final String CALLS = "roocode_provider_calls_total";
    /** Connectors: call latency histogram buckets {provider, model, le}. */
    static final String CALL_DURATION_BUCKET = "roocode_provider_call_duration_seconds_bucket";
    /** Connectors: 429 answers {provider}. */
    static final String RATE_LIMITED = "roocode_provider_rate_limited_total";
    /** Connectors: retries {provider}. */
    static final String RETRIES = "roocode_provider_retries_total";
    /** Connectors: calls under way {provider}. */
    static final String INFLIGHT = "roocode_provider_inflight";
    /** Connectors: 1 for the breaker's current state {provider, state=closed|open|half_open}. */
    static final String BREAKER_STATE = "roocode_provider_breaker_state";
    /** Connectors: tokens {provider, model, direction=in|out}. */
    static final String PROVIDER_TOKENS = "roocode_provider_tokens_total";
    /** Connectors: records behind on the dispatch topic {provider, partition}. */
    static final String DISPATCH_LAG = "roocode_dispatch_lag";
    /** Processor: cost of finished attempts {provider, model, tenant}. */
    static final String COST = "roocode_cost_usd_total";
    /** Processor: jobs routed {provider, model}. */
    static final String ROUTED = "roocode_jobs_routed_total";

    private MetricNames() {}
}
