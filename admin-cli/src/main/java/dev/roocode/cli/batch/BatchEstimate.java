package dev.roocode.cli.batch;

import dev.roocode.schemas.avro.BatchStatus;
import java.time.Duration;
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
 *                      null when the total or the rate is unknown
 */
record BatchEstimate(long done, Long total, double jobsPerSecond, boolean recent, Duration eta) {
    /** Width of the window the recent rate is measured over. */
    static final Duration WINDOW = Duration.ofSeconds(60);

    /**
     * Estimates from {@code samples}, successive statuses of one batch in topic order (the last is
     * the current one), and {@code total} (the status's own, or one known otherwise; null: unknown).
     */
    static BatchEstimate of(List<BatchStatus> samples, Long total) {
        BatchStatus latest = samples.get(samples.size() - 1);
        long done = done(latest);
        double rate = 0;
        boolean recent = false;
        for (BatchStatus sample : samples) {
            long millis = Duration.between(sample.getUpdatedAt(), latest.getUpdatedAt()).toMillis();
            if (millis > 0 && millis <= WINDOW.toMillis() && done(sample) < done) {
                rate = (done - done(sample)) / (millis / 1000.0);
                recent = true;
                break;
            }
        }
        if (!recent && latest.getFirstResultAt() != null) {
            long millis = Duration.between(latest.getFirstResultAt(), latest.getUpdatedAt()).toMillis();
            rate = millis <= 0 ? 0 : done / (millis / 1000.0);
        }
        Duration eta = null;
        if (total != null) {
            long left = total - done;
            if (left <= 0) {
                eta = Duration.ZERO;
            } else if (rate > 0) {
                eta = Duration.ofMillis(Math.round(left / rate * 1000));
            }
        }
        return new BatchEstimate(done, total, rate, recent, eta);
    }

    private static long done(BatchStatus status) {
        return status.getSucceeded() + status.getFailed();
    }
}
