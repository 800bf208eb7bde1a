package dev.roocode.processor.router;

import java.time.Duration;

/**
 * How the router holds back COST jobs that have time to wait ("deferral"): it queues at most
 * {@code horizon} of work at a provider (its backlog's drain time at its rate limits), and a job
 * whose cheapest in-time candidate is beyond that horizon waits in the router instead of going to
 * a dearer provider, as long as it can still wait one more {@code interval} and make its deadline
 * with {@code margin} to spare on the provider it would fall back to.
 *
 * @param horizon  most work queued at a provider on behalf of jobs that could wait; zero turns deferral off
 * @param interval how often parked jobs are reconsidered
 * @param margin   slack kept before a deadline for what the estimate does not see: the commit interval, the
 *                 provider-state lag, a provider slower than its limits say
 */
public record Deferral(Duration horizon, Duration interval, Duration margin) {
    /** No deferral: every job is routed at once, as before deferral existed. */
    public static final Deferral NEVER = new Deferral(Duration.ZERO, Duration.ofMillis(200), Duration.ZERO);
    /** The defaults of {@code route.defer.*}. */
    public static final Deferral DEFAULT =
            new Deferral(Duration.ofSeconds(5), Duration.ofMillis(200), Duration.ofSeconds(5));

    public Deferral {
        if (horizon.isNegative() || interval.isNegative() || interval.isZero() || margin.isNegative()) {
            throw new IllegalArgumentException("deferral needs horizon >= 0, interval > 0, margin >= 0: " + horizon
                    + ", " + interval + ", " + margin);
        }
    }

    /** Whether jobs may be held at all. */
    public boolean enabled() {
        return !horizon.isNegative() && !horizon.isZero();
    }
}
