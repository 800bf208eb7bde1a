package dev.roocode.cli.top;

/**
 * One provider's line of {@code roocode top} over the interval between two scrapes. Rates are per second (cost per
 * hour); quantiles and the error share are null when no call finished in the interval; gauges are the later scrape's.
 *
 * @param provider          the provider's name (the {@code provider} label)
 * @param requestsPerSecond finished provider calls per second
 * @param p50Seconds        median call latency, from the histogram buckets' deltas
 * @param p99Seconds        99th percentile call latency
 * @param errorPercent      share of calls with outcome=error, in percent
 * @param rateLimitedPerSecond 429 answers per second
 * @param retriesPerSecond  retries per second
 * @param breaker           closed, open or half_open; "-" when not exported
 * @param tokensPerSecond   tokens in and out per second
 * @param costUsdPerHour    cost of the interval's finished attempts, in USD per hour
 * @param inflight          calls under way
 * @param backlog           records waiting on the provider's dispatch topic, all partitions
 * @param maxPartitionLag   the largest partition's lag
 */
record ProviderRow(
        String provider,
        double requestsPerSecond,
        Double p50Seconds,
        Double p99Seconds,
        Double errorPercent,
        double rateLimitedPerSecond,
        double retriesPerSecond,
        String breaker,
        double tokensPerSecond,
        double costUsdPerHour,
        long inflight,
        long backlog,
        long maxPartitionLag) {}
