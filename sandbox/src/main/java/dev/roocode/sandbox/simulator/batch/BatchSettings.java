package dev.roocode.sandbox.simulator.batch;

import java.time.Duration;

/**
 * How the simulator's batches behave; every batch of every wire format shares them.
 *
 * @param turnaround     how long after creation a batch answers its lines (simulated time: the simulator's
 *                       clock), 5 seconds by default
 * @param window         caps the completion window a batch asks for (OpenAI's {@code 24h}), so an expiry can
 *                       be seen in compressed time; null keeps the requested window
 * @param failedFraction the share of each batch's lines that fail with a 500 line error (0..1), chosen
 *                       deterministically per line, exactly {@code round(fraction × lines)} of them
 * @param expiredFraction the share of each batch's lines left unanswered at the turnaround, so the batch
 *                       expires at the end of its window with those lines expired (0..1)
 * @param expireNth      the n-th batch created (1-based, counting every wire format) answers nothing and
 *                       expires whole at the end of its window; 0 for none
 */
public record BatchSettings(
        Duration turnaround, Duration window, double failedFraction, double expiredFraction, int expireNth) {

    /** 5-second turnaround, requested windows, no failures, no expiry. */
    public static final BatchSettings DEFAULTS = new BatchSettings(Duration.ofSeconds(5), null, 0, 0, 0);

    public BatchSettings {
        if (turnaround == null || turnaround.isNegative()) {
            throw new IllegalArgumentException("batch turnaround must be zero or positive, was " + turnaround);
        }
        if (window != null && (window.isNegative() || window.isZero())) {
            throw new IllegalArgumentException("batch window must be positive, was " + window);
        }
        fraction("batch failed fraction", failedFraction);
        fraction("batch expired fraction", expiredFraction);
        if (failedFraction + expiredFraction > 1) {
            throw new IllegalArgumentException("batch failed and expired fractions add up to more than 1");
        }
        if (expireNth < 0) {
            throw new IllegalArgumentException("batch expireNth must be 0 (none) or positive, was " + expireNth);
        }
    }

    private static void fraction(String name, double value) {
        if (!(value >= 0 && value <= 1)) {
            throw new IllegalArgumentException(name + " must be in 0..1, was " + value);
        }
    }

    public BatchSettings withTurnaround(Duration value) {
        return new BatchSettings(value, window, failedFraction, expiredFraction, expireNth);
    }

    public BatchSettings withWindow(Duration value) {
        return new BatchSettings(turnaround, value, failedFraction, expiredFraction, expireNth);
    }

    public BatchSettings withFailedFraction(double value) {
        return new BatchSettings(turnaround, window, value, expiredFraction, expireNth);
    }

    public BatchSettings withExpiredFraction(double value) {
        return new BatchSettings(turnaround, window, failedFraction, value, expireNth);
    }

    public BatchSettings withExpireNth(int value) {
        return new BatchSettings(turnaround, window, failedFraction, expiredFraction, value);
    }
}
