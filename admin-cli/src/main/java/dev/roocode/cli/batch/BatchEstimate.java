package dev.roocode.cli.batch;

import dev.roocode.schemas.avro.BatchStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Progress of one batch: finished jobs of its total, completion rate and ETA. The rate is taken
 * over the last {@link #WINDOW} of results (from the successive BatchStatus records still on the
 * batches topic), so a batch that sped up or slowed down shows its current pace; when the topic
 * holds only the latest record (compacted) it falls back to the rate since the first result.
 *
 * @param done          jobs finished (succeeded or failed)
 * @param total         jobs in the batch; null when unknown
 * @param jobsPerSecond completion rate; 0 when it cannot be measured yet
 * @param recent        whether the rate is over the recent window (else since the first result)
 * @param eta           time left at that rate, counted from the last result; zero when done;
 *                      null when the total or the rate is unknown, or when results stopped
 * @param silentFor     how long no result has arrived, when that is far longer than the batch's
 *                      usual gap between results (see {@link #stalledAfter}); null otherwise. A rate
 *                      measured back from the last record says nothing about a batch that stopped
 *                      (a provider down, the processor stopped), so it then has no ETA.
 */
record BatchEstimate(long done, Long total, double jobsPerSecond, boolean recent, Duration eta, Duration silentFor) {
    /** Width of the window the recent rate is measured over. */
    static final Duration WINDOW = Duration.ofSeconds(60);
    /** Shortest silence taken for a stop, whatever the batch's pace. */
    static final Duration MIN_SILENCE = Duration.ofSeconds(30);
    /** A silence this many times the mean gap between results is taken for a stop. */
    static final int GAPS = 10;

    /**
     * Estimates from {@code samples}, successive statuses of one batch in topic order (the last is
     * the current one), and {@code total} (the status's own, or one known otherwise; null: unknown),
     * at {@code now}.
     */
    static BatchEstimate of(List<BatchStatus> samples, Long total, Instant now) {
        BatchStatus latest = samples.get(samples.size() - 1);
        long done = done(latest);
        double rate = 0;
        boolean recent = false;
        for (BatchStatus sample : samples) {
            long millis = Duration.between(sample.getUpdatedAt(), latest.getUpdatedAt())
                    .toMillis();
            if (millis > 0 && millis <= WINDOW.toMillis() && done(sample) < done) {
                rate = (done - done(sample)) / (millis / 1000.0);
                recent = true;
                break;
            }
        }
        if (!recent && latest.getFirstResultAt() != null) {
            long millis = Duration.between(latest.getFirstResultAt(), latest.getUpdatedAt())
                    .toMillis();
            rate = millis <= 0 ? 0 : done / (millis / 1000.0);
        }
        boolean finished = total != null && total - done <= 0;
        Duration silence = Duration.between(latest.getUpdatedAt(), now);
        Duration silentFor = !finished && silence.compareTo(stalledAfter(latest)) > 0 ? silence : null;
        Duration eta = null;
        if (finished) {
            eta = Duration.ZERO;
        } else if (total != null && rate > 0 && silentFor == null) {
            eta = Duration.ofMillis(Math.round((total - done) / rate * 1000));
        }
        return new BatchEstimate(done, total, rate, recent, eta, silentFor);
    }

    /**
     * How long without a result means the batch stopped rather than slowed: {@link #GAPS} times its
     * mean gap between results since the first, and at least {@link #MIN_SILENCE}.
     */
    static Duration stalledAfter(BatchStatus latest) {
        long done = done(latest);
        if (latest.getFirstResultAt() == null || done < 2) {
            return MIN_SILENCE;
        }
        Duration meanGap = Duration.between(latest.getFirstResultAt(), latest.getUpdatedAt())
                .dividedBy(done - 1);
        Duration gaps = meanGap.multipliedBy(GAPS);
        return gaps.compareTo(MIN_SILENCE) > 0 ? gaps : MIN_SILENCE;
    }

    private static long done(BatchStatus status) {
        return status.getSucceeded() + status.getFailed();
    }
}
