package dev.roocode.api.admin.console;

import dev.roocode.schemas.avro.ProviderState;
import dev.roocode.schemas.avro.SpendTotal;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The last hour of the workers' health reports per provider and of the tenants' spend, in memory, for the console's
 * charts and overview. Each provider keeps a bounded ring of points (at most {@link #MAX_POINTS}, none older than
 * {@link #SPAN} before the newest); a restart starts it empty. Thread-safe: {@link MetricsFeed} writes, pages read.
 * It also tells whether the feed has heard from the broker lately, so that pages can say they show what was last read.
 */
public final class MetricsHistory {
    static final Duration SPAN = Duration.ofHours(1);
    static final int MAX_POINTS = 720;
    /** Without contact with the broker for this long, the cluster counts as unreachable. */
    static final Duration STALE = Duration.ofSeconds(15);

    /**
     * One health report of a provider.
     *
     * @param t            when the worker wrote it (epoch millis)
     * @param reqPerSec    requests finished in the report's window per second of the window so far
     * @param tokensPerSec tokens of the window per second of the window so far
     * @param latencyMs    the workers' EWMA of attempt latency
     * @param p50Ms        the median attempt latency of the worker's last minute, or null (none, or an older worker)
     * @param p99Ms        the 99th percentile of the same, or null
     * @param errorRate    the workers' EWMA of the failure share
     * @param rateLimited  1 when the provider had asked us to back off (a 429) at the report, else 0
     * @param backlog      jobs dispatched to the provider and not finished (its dispatch lag, in jobs)
     */
    record Point(
            long t,
            double reqPerSec,
            double tokensPerSec,
            double latencyMs,
            Double p50Ms,
            Double p99Ms,
            double errorRate,
            int rateLimited,
            long backlog) {}

    /** A tenant's spend total as last read. */
    record TenantSpend(String tenant, double costUsd, double inFlightUsd, long inputTokens, long outputTokens) {}

    /** A batch's spend total as last read ({@code batch:<id>}: the processor's batch id is the API's batch id). */
    record BatchSpend(double costUsd, double inFlightUsd, long inputTokens, long outputTokens) {}

    /** How many batches' totals are kept: the most recently updated ones (a batch page of an older one shows none). */
    static final int MAX_BATCHES = 10_000;

    /** A point of the total spent of every tenant, for the $ per hour chart. */
    record SpendPoint(long t, double usdPerHour) {}

    private final Map<String, Deque<Point>> providers = new TreeMap<>();
    private final Map<String, TenantSpend> tenants = new TreeMap<>();
    private final Map<String, Double> lastCost = new LinkedHashMap<>();
    private final Deque<SpendPoint> spend = new ArrayDeque<>();
    private final Map<String, BatchSpend> batches = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, BatchSpend> eldest) {
            return size() > MAX_BATCHES;
        }
    };
    private long lastSpendAt = -1;
    /** Per provider ({@code provider:<name>} totals): the last total read, and its $ per hour points. */
    private final Map<String, SpendTotal> lastProviderTotal = new TreeMap<>();

    private final Map<String, Deque<SpendPoint>> providerSpend = new TreeMap<>();
    private volatile long lastContact = -1;
    private volatile long startedAt = -1;

    /** Adds a health report of {@code state}'s provider (a record older than the hour before its newest is dropped). */
    public synchronized void onHealth(ProviderState state) {
        if (state == null) {
            return;
        }
        long t = state.getUpdatedAt().toEpochMilli();
        boolean limited = state.getRateLimitedUntil() != null
                && state.getRateLimitedUntil().toEpochMilli() > t;
        Point p = new Point(
                t,
                requestsPerSecond(state),
                state.getTokensInWindow() / windowSeconds(state),
                state.getLatencyEwmaMs(),
                state.getLatencyP50Ms(),
                state.getLatencyP99Ms(),
                state.getErrorRate(),
                limited ? 1 : 0,
                state.getBacklog());
        Deque<Point> ring = providers.computeIfAbsent(state.getProvider(), k -> new ArrayDeque<>());
        if (!ring.isEmpty() && ring.peekLast().t() > t) {
            return; // an older report than the last one kept (a compacted topic read from its start)
        }
        ring.addLast(p);
        trim(ring, t);
    }

    /**
     * Requests finished per second of {@code state}'s window so far, as the charts and the providers list count them
     * (the console's, and {@code ClusterProviderAdmin}'s for the admin endpoints).
     */
    public static double requestsPerSecond(ProviderState state) {
        return state.getRequestsInWindow() / windowSeconds(state);
    }

    /** The seconds of {@code state}'s window so far, at least one (a window just opened counts as one second). */
    private static double windowSeconds(ProviderState state) {
        return Math.max(
                1.0,
                (state.getUpdatedAt().toEpochMilli() - state.getWindowStart().toEpochMilli()) / 1000.0);
    }

    private static void trim(Deque<?> ring, long newest) {
        while (ring.size() > MAX_POINTS) {
            ring.removeFirst();
        }
        while (!ring.isEmpty() && time(ring.peekFirst()) < newest - SPAN.toMillis()) {
            ring.removeFirst();
        }
    }

    private static long time(Object point) {
        return point instanceof Point p ? p.t() : ((SpendPoint) point).t();
    }

    /**
     * Applies a record of the spend topic: a {@code tenant:<name>} total updates that tenant, and the growth of the
     * tenants' spent total since the previous one becomes a $ per hour point; a {@code batch:<id>} total is kept for
     * that batch's page.
     */
    public synchronized void onSpend(String scope, SpendTotal total) {
        if (scope != null && scope.startsWith("batch:")) {
            onBatchSpend(scope.substring("batch:".length()), total);
            return;
        }
        if (scope != null && scope.startsWith("provider:")) {
            onProviderSpend(scope.substring("provider:".length()), total);
            return;
        }
        if (scope == null || !scope.startsWith("tenant:")) {
            return;
        }
        String tenant = scope.substring("tenant:".length());
        if (total == null) {
            tenants.remove(tenant);
            lastCost.remove(tenant);
            return;
        }
        tenants.put(
                tenant,
                new TenantSpend(
                        tenant,
                        total.getCostUsd(),
                        total.getInFlightUsd(),
                        total.getInputTokens(),
                        total.getOutputTokens()));
        long t = total.getUpdatedAt().toEpochMilli();
        Double previous = lastCost.put(tenant, total.getCostUsd());
        if (previous != null && lastSpendAt >= 0 && t > lastSpendAt) {
            double delta = Math.max(0, total.getCostUsd() - previous);
            spend.addLast(new SpendPoint(t, delta * 3_600_000.0 / (t - lastSpendAt)));
            trim(spend, t);
        }
        if (t > lastSpendAt) {
            lastSpendAt = t;
        }
    }

    private void onBatchSpend(String batch, SpendTotal total) {
        batches.remove(batch); // re-inserted last: the bound drops the batch updated longest ago
        if (total != null) {
            batches.put(
                    batch,
                    new BatchSpend(
                            total.getCostUsd(),
                            total.getInFlightUsd(),
                            total.getInputTokens(),
                            total.getOutputTokens()));
        }
    }

    /**
     * A provider's total (the processor's {@code provider:<name>} scope): the growth of its spent since its previous
     * total, over the time between them, is a $ per hour point of that provider.
     */
    private void onProviderSpend(String provider, SpendTotal total) {
        if (total == null) {
            lastProviderTotal.remove(provider);
            providerSpend.remove(provider);
            return;
        }
        SpendTotal previous = lastProviderTotal.get(provider);
        long t = total.getUpdatedAt().toEpochMilli();
        if (previous != null && t <= previous.getUpdatedAt().toEpochMilli()) {
            return; // not newer than the last total kept
        }
        lastProviderTotal.put(provider, total);
        if (previous != null) {
            long since = previous.getUpdatedAt().toEpochMilli();
            double delta = Math.max(0, total.getCostUsd() - previous.getCostUsd());
            Deque<SpendPoint> ring = providerSpend.computeIfAbsent(provider, k -> new ArrayDeque<>());
            ring.addLast(new SpendPoint(t, delta * 3_600_000.0 / (t - since)));
            trim(ring, t);
        }
    }

    /** Each provider's $ per hour, oldest first, by provider. */
    synchronized Map<String, List<SpendPoint>> providerSpendPerHour() {
        Map<String, List<SpendPoint>> out = new LinkedHashMap<>();
        providerSpend.forEach((name, ring) -> out.put(name, List.copyOf(ring)));
        return out;
    }

    /** Batch {@code id}'s spend total as last read, or null when none was. */
    synchronized BatchSpend batch(String id) {
        return batches.get(id);
    }

    /** The providers with points, by name, and their points oldest first. */
    synchronized Map<String, List<Point>> providers() {
        Map<String, List<Point>> out = new LinkedHashMap<>();
        providers.forEach((name, ring) -> out.put(name, List.copyOf(ring)));
        return out;
    }

    /** The tenants' spend totals, by tenant. */
    synchronized List<TenantSpend> tenants() {
        return new ArrayList<>(tenants.values());
    }

    /** The $ per hour of all tenants together, oldest first. */
    synchronized List<SpendPoint> spendPerHour() {
        return List.copyOf(spend);
    }

    /** The feed started following the topics at {@code now} (epoch millis). */
    public void started(long now) {
        startedAt = now;
    }

    /** The feed heard from the broker at {@code now} (epoch millis). */
    public void contact(long now) {
        lastContact = now;
    }

    /**
     * Whether the broker cannot be reached: the feed has not heard from it for {@link #STALE} (since it started, when
     * it never has). False before the feed starts.
     */
    public boolean unreachable(long now) {
        long since = lastContact >= 0 ? lastContact : startedAt;
        return since >= 0 && now - since > STALE.toMillis();
    }
}
