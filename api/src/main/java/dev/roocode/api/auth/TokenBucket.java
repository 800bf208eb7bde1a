package dev.roocode.api.auth;

/**
 * A key's requests-per-minute limit: a bucket of {@code rpm} tokens, refilled evenly (one token every
 * {@code 60 s / rpm}), one token per request. A full bucket allows a burst of {@code rpm} requests; after that the
 * key gets one request per refill interval. Times are the caller's clock in milliseconds, so tests need no sleeping.
 * Thread-safe.
 */
public final class TokenBucket {
    /** One token in units: a bucket of {@code rpm} tokens gains {@code rpm} units a millisecond (exact integers). */
    private static final long TOKEN = 60_000;

    private final int rpm;
    private long units;
    private long lastMs;

    public TokenBucket(int rpm, long nowMs) {
        if (rpm < 1) {
            throw new IllegalArgumentException("rpm must be at least 1: " + rpm);
        }
        this.rpm = rpm;
        this.units = rpm * TOKEN;
        this.lastMs = nowMs;
    }

    public int rpm() {
        return rpm;
    }

    /**
     * Takes one token at {@code nowMs}.
     *
     * @return 0 when taken, otherwise the milliseconds until a token will be there (nothing is taken)
     */
    public synchronized long tryTake(long nowMs) {
        if (nowMs > lastMs) {
            long elapsed = Math.min(nowMs - lastMs, TOKEN); // a minute refills it all; no overflow
            units = Math.min(rpm * TOKEN, units + elapsed * rpm);
            lastMs = nowMs;
        }
        if (units >= TOKEN) {
            units -= TOKEN;
            return 0;
        }
        return (TOKEN - units + rpm - 1) / rpm;
    }
}
