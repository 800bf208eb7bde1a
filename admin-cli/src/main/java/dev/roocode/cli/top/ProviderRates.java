package dev.roocode.cli.top;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * Computes each provider's {@link ProviderRow} from two scrapes of the same endpoints, as PromQL's {@code rate()} and
 * {@code histogram_quantile()} would over that interval: a counter's increase is its later value minus its earlier
 * one (the later value itself after a reset, or for a series that appeared in between: Micrometer creates a counter
 * at its first increment), divided by the endpoint's own time between the scrapes; several endpoints (one per
 * connectors process, plus the processor) add up.
 */
final class ProviderRates {
    private static final List<String> BREAKER_SEVERITY = List.of("open", "half_open", "closed");

    private ProviderRates() {}

    /** The rows, by provider name, of the endpoints read in both {@code before} and {@code after}. */
    static List<ProviderRow> compute(List<Scrape> before, List<Scrape> after) {
        Map<String, Scrape> earlier = new HashMap<>();
        before.stream().filter(Scrape::ok).forEach(s -> earlier.put(s.url(), s));
        List<Interval> intervals = new ArrayList<>();
        for (Scrape later : after) {
            Scrape first = earlier.get(later.url());
            if (later.ok() && first != null) {
                double seconds = Duration.between(first.at(), later.at()).toNanos() / 1e9;
                if (seconds > 0) {
                    intervals.add(new Interval(first, later, seconds));
                }
            }
        }
        TreeSet<String> providers = new TreeSet<>();
        for (Interval interval : intervals) {
            for (Exposition.Sample sample : interval.after().samples()) {
                if (sample.name().startsWith("roocode_") && sample.label("provider") != null) {
                    providers.add(sample.label("provider"));
                }
            }
        }
        List<ProviderRow> rows = new ArrayList<>();
        for (String provider : providers) {
            rows.add(row(provider, intervals));
        }
        return rows;
    }

    private static ProviderRow row(String provider, List<Interval> intervals) {
        Predicate<Exposition.Sample> ofProvider = s -> provider.equals(s.label("provider"));
        double calls = rate(intervals, MetricNames.CALLS, ofProvider);
        double errors = rate(intervals, MetricNames.CALLS, ofProvider.and(s -> "error".equals(s.label("outcome"))));
        TreeMap<Double, Double> buckets = new TreeMap<>();
        for (Interval interval : intervals) {
            interval.increases(MetricNames.CALL_DURATION_BUCKET, ofProvider).forEach((sample, increase) -> {
                String le = sample.label("le");
                if (le != null) {
                    buckets.merge(parseLe(le), increase, Double::sum);
                }
            });
        }
        long lagSum = 0;
        long lagMax = 0;
        long inflight = 0;
        String breaker = "-";
        for (Interval interval : intervals) {
            for (Exposition.Sample s : interval.after().samples()) {
                if (!ofProvider.test(s)) {
                    continue;
                }
                switch (s.name()) {
                    case MetricNames.DISPATCH_LAG -> {
                        lagSum += (long) s.value();
                        lagMax = Math.max(lagMax, (long) s.value());
                    }
                    case MetricNames.INFLIGHT -> inflight += (long) s.value();
                    case MetricNames.BREAKER_STATE -> {
                        String state = s.label("state");
                        if (s.value() >= 1 && state != null && severity(state) < severity(breaker)) {
                            breaker = state;
                        }
                    }
                    default -> {}
                }
            }
        }
        return new ProviderRow(
                provider,
                calls,
                quantile(0.5, buckets),
                quantile(0.99, buckets),
                calls > 0 ? 100 * errors / calls : null,
                rate(intervals, MetricNames.RATE_LIMITED, ofProvider),
                rate(intervals, MetricNames.RETRIES, ofProvider),
                breaker,
                rate(intervals, MetricNames.PROVIDER_TOKENS, ofProvider),
                rate(intervals, MetricNames.COST, ofProvider) * 3600,
                inflight,
                lagSum,
                lagMax);
    }

    private static int severity(String state) {
        int i = BREAKER_SEVERITY.indexOf(state);
        return i < 0 ? BREAKER_SEVERITY.size() : i;
    }

    private static double rate(List<Interval> intervals, String name, Predicate<Exposition.Sample> filter) {
        double rate = 0;
        for (Interval interval : intervals) {
            double increase = 0;
            for (double value : interval.increases(name, filter).values()) {
                increase += value;
            }
            rate += increase / interval.seconds();
        }
        return rate;
    }

    /**
     * The {@code q} quantile of a histogram's bucket increases (upper bound → cumulative count), interpolated
     * linearly within its bucket as {@code histogram_quantile} does; null when nothing was observed. A quantile in
     * the +Inf bucket is the highest finite bound.
     */
    static Double quantile(double q, TreeMap<Double, Double> buckets) {
        if (buckets.isEmpty()) {
            return null;
        }
        double total = buckets.lastEntry().getValue();
        if (total <= 0) {
            return null;
        }
        double rank = q * total;
        double lowerBound = 0;
        double lowerCount = 0;
        for (Map.Entry<Double, Double> bucket : buckets.entrySet()) {
            double upper = bucket.getKey();
            double count = bucket.getValue();
            if (count >= rank) {
                if (Double.isInfinite(upper)) {
                    return lowerBound;
                }
                if (count == lowerCount) {
                    return upper;
                }
                return lowerBound + (upper - lowerBound) * (rank - lowerCount) / (count - lowerCount);
            }
            lowerBound = upper;
            lowerCount = count;
        }
        return lowerBound;
    }

    private static double parseLe(String le) {
        return le.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(le);
    }

    /** One endpoint's two scrapes. */
    private record Interval(Scrape before, Scrape after, double seconds) {
        /** Each matching series of {@code name} in the later scrape with its increase since the earlier one. */
        Map<Exposition.Sample, Double> increases(String name, Predicate<Exposition.Sample> filter) {
            Map<Map<String, String>, Double> earlier = new HashMap<>();
            for (Exposition.Sample s : before.samples()) {
                if (s.name().equals(name)) {
                    earlier.put(s.labels(), s.value());
                }
            }
            Map<Exposition.Sample, Double> increases = new HashMap<>();
            for (Exposition.Sample s : after.samples()) {
                if (s.name().equals(name) && filter.test(s)) {
                    Double old = earlier.get(s.labels());
                    increases.put(s, old == null || s.value() < old ? s.value() : s.value() - old);
                }
            }
            return increases;
        }
    }
}
