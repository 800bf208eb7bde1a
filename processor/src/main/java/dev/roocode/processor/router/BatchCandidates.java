package dev.roocode.processor.router;

import dev.roocode.schemas.avro.BatchEndpoint;
import dev.roocode.schemas.avro.ProviderConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Locale;

/**
 * The batch candidate of a provider with a {@code batch} endpoint: named {@code <provider>:batch}, priced at the
 * offer's price × the endpoint's discount, expected to finish within the endpoint's turnaround. Its jobs go to the
 * provider's {@code dispatch-batch} topic, where the connectors' batcher sends them through the provider's batch API.
 *
 * <p>COST routing takes it only for a job whose deadline leaves the turnaround plus {@code route.batch.margin.ms}
 * (room for the realtime fallback of a line that fails or expires); other strategies take it only when the job
 * names it.
 *
 * <p>Re-batching: a job whose batch line failed or expired goes through COST routing again, and may take the batch
 * candidate of another provider under the same deadline rule (the deadline that is left must still hold the
 * turnaround plus the margin), so a job due in a day whose line failed two hours in still pays the batch price.
 * The same provider's batch again only after the line's own answer was a 429 or a 5xx ({@link BatchTries#again}):
 * a transient error of that line, which a new batch of the provider answers independently; never after its batch
 * failed, expired or was cancelled whole, or refused the line at upload (no status of the line's own), which would
 * likely happen again. Never after a realtime attempt (a job that reached realtime stays there). And bounded: the
 * first batch try is free, every later one counts against the route's {@code maxAttempts}, and one is taken only
 * while it leaves an attempt for a realtime provider ({@link #rebatchReason}).
 */
public final class BatchCandidates {
    /** What a batch candidate's name adds to its provider's. */
    public static final String SUFFIX = ":batch";
    /** The default of {@code route.batch.margin.ms}: room left after the turnaround for a realtime fallback. */
    public static final Duration DEFAULT_MARGIN = Duration.ofMinutes(30);

    private BatchCandidates() {}

    /** The batch candidate's name of {@code provider}. */
    public static String nameOf(String provider) {
        return provider + SUFFIX;
    }

    /** Whether {@code candidate} names a batch candidate ({@code <provider>:batch}). */
    public static boolean isBatch(String candidate) {
        return candidate != null && candidate.endsWith(SUFFIX) && candidate.length() > SUFFIX.length();
    }

    /** The provider of {@code candidate}: the name without {@code :batch}, or the name itself for a realtime one. */
    public static String providerOf(String candidate) {
        return isBatch(candidate) ? candidate.substring(0, candidate.length() - SUFFIX.length()) : candidate;
    }

    /**
     * Why a job that has tried {@code tried}, {@code batchTries} of them batch lines, may not go to a batch candidate
     * under a route of {@code maxAttempts}, or null when it may: a first attempt always may; a re-route only when
     * every try so far was a batch line and another batch try still leaves one of the {@code maxAttempts} for a
     * realtime provider (the first batch try does not count, each later one does).
     */
    static String rebatchReason(Collection<String> tried, int batchTries, int maxAttempts) {
        for (String name : tried) {
            if (!isBatch(name)) {
                return "a re-route after a realtime attempt stays realtime";
            }
        }
        if (batchTries > 0 && batchTries >= maxAttempts) {
            return "fell back from " + batchTries + " batch line(s): another would leave no realtime attempt of "
                    + maxAttempts;
        }
        return null;
    }

    /** The provider's discount on a batch line, or 1 (no discount) for a realtime candidate or a provider without batch. */
    public static double priceFactor(ProviderConfig provider, String candidate) {
        BatchEndpoint batch = provider == null ? null : provider.getBatch();
        return isBatch(candidate) && batch != null ? batch.getDiscount() : 1.0;
    }

    /**
     * The load a batch candidate shows: no rate limits of its own (the batch API queues what it is given), never an
     * open circuit, and the turnaround as its typical latency, so it finishes {@code turnaround} after dispatch.
     */
    static ProviderLoad load(BatchEndpoint batch) {
        return new ProviderLoad(0, 0, null, null, batch.getTurnaroundMs(), 0, false, null);
    }

    /**
     * Why COST routing may not send a job due at {@code deadline} to a batch endpoint at {@code now}, or null when
     * it may: the deadline must leave the turnaround plus {@code margin}.
     */
    static String deadlineReason(BatchEndpoint batch, Instant deadline, Instant now, Duration margin) {
        if (deadline == null) {
            return "batch needs a job deadline";
        }
        Duration needed = Duration.ofMillis(batch.getTurnaroundMs()).plus(margin);
        Duration left = Duration.between(now, deadline);
        if (left.compareTo(needed) < 0) {
            return "deadline in " + human(left) + " < turnaround " + human(Duration.ofMillis(batch.getTurnaroundMs()))
                    + " + margin " + human(margin);
        }
        return null;
    }

    /** {@code 1h30m}, {@code 45s}, {@code -2m}: short enough for a NO_ROUTE message. */
    static String human(Duration duration) {
        String sign = duration.isNegative() ? "-" : "";
        Duration d = duration.abs();
        long hours = d.toHours();
        int minutes = d.toMinutesPart();
        int seconds = d.toSecondsPart();
        StringBuilder out = new StringBuilder(sign);
        if (hours > 0) {
            out.append(hours).append('h');
        }
        if (minutes > 0) {
            out.append(minutes).append('m');
        }
        if (seconds > 0 || out.length() == sign.length()) {
            out.append(String.format(Locale.ROOT, "%ds", seconds));
        }
        return out.toString();
    }
}
