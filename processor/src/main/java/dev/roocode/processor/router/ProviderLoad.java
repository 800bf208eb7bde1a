package dev.roocode.processor.router;

import dev.roocode.schemas.avro.BreakerState;
import dev.roocode.schemas.avro.ProviderConfig;
import dev.roocode.schemas.avro.ProviderState;
import java.time.Duration;
import java.time.Instant;

/**
 * How busy and how healthy one provider looks to the router: its published state plus what this
 * router has dispatched to it since (its reservations), against its configured rate limits.
 *
 * @param backlogRequests  jobs dispatched and not finished
 * @param backlogTokens    estimated tokens of those jobs
 * @param rpm              requests per minute limit, or null for unlimited
 * @param tpm              tokens per minute limit, or null for unlimited
 * @param latencyEwmaMs    moving average of attempt latency, 0 when unknown
 * @param errorRate        moving average of the failure share
 * @param circuitOpen      whether the workers' circuit breaker is open
 * @param rateLimitedUntil until when the provider asked us to back off, or null
 */
public record ProviderLoad(long backlogRequests, long backlogTokens, Long rpm, Long tpm, double latencyEwmaMs, double errorRate,
                           boolean circuitOpen, Instant rateLimitedUntil) {

    /** The load of {@code config} from its published {@code state} (null when none yet) plus {@code reserved}. */
    public static ProviderLoad of(ProviderConfig config, ProviderState state, Reservation reserved) {
        Long rpm = config.getLimits() == null ? null : config.getLimits().getRpm();
        Long tpm = config.getLimits() == null ? null : config.getLimits().getTpm();
        if (state == null) {
            return new ProviderLoad(reserved.requests(), reserved.tokens(), rpm, tpm, 0, 0, false, null);
        }
        return new ProviderLoad(Math.max(0, state.getBacklog()) + reserved.requests(), Math.max(0, state.getBacklogTokens()) + reserved.tokens(),
                rpm, tpm, state.getLatencyEwmaMs(), state.getErrorRate(), state.getBreaker() == BreakerState.OPEN, state.getRateLimitedUntil());
    }

    /**
     * This load with the workers' own view of the provider folded in: an open breaker there opens it
     * here, and the later of the two back-off times wins. {@code health} may be null (none published).
     */
    public ProviderLoad withHealth(ProviderState health) {
        if (health == null) {
            return this;
        }
        Instant until = rateLimitedUntil;
        if (health.getRateLimitedUntil() != null && (until == null || health.getRateLimitedUntil().isAfter(until))) {
            until = health.getRateLimitedUntil();
        }
        return new ProviderLoad(backlogRequests, backlogTokens, rpm, tpm, latencyEwmaMs, errorRate,
                circuitOpen || health.getBreaker() == BreakerState.OPEN, until);
    }

    /**
     * Time until the backlog and one more job of {@code jobTokens} have gone through at the rate
     * limits: the slower of backlog tokens / TPM and backlog requests / RPM, after any back-off the
     * provider asked for.
     */
    public Duration drainTime(long jobTokens, Instant now) {
        double minutes = 0;
        if (tpm != null && tpm > 0) {
            minutes = Math.max(minutes, (backlogTokens + jobTokens) / (double) tpm);
        }
        if (rpm != null && rpm > 0) {
            minutes = Math.max(minutes, (backlogRequests + 1) / (double) rpm);
        }
        long backOff = rateLimitedUntil == null ? 0 : Math.max(0, rateLimitedUntil.toEpochMilli() - now.toEpochMilli());
        return Duration.ofMillis(backOff + Math.round(minutes * 60_000));
    }

    /**
     * How many more jobs of {@code jobTokens} fit before the backlog's drain time passes
     * {@code horizon}: the deferral's room. {@link Long#MAX_VALUE} without rate limits.
     */
    public long room(Duration horizon, long jobTokens, Instant now) {
        long backOff = rateLimitedUntil == null ? 0 : Math.max(0, rateLimitedUntil.toEpochMilli() - now.toEpochMilli());
        double minutes = (horizon.toMillis() - backOff) / 60_000.0;
        long room = Long.MAX_VALUE;
        if (tpm != null && tpm > 0) {
            room = Math.min(room, (long) Math.floor((minutes * tpm - backlogTokens) / Math.max(1, jobTokens)));
        }
        if (rpm != null && rpm > 0) {
            room = Math.min(room, (long) Math.floor(minutes * rpm - backlogRequests));
        }
        return Math.max(0, room);
    }

    /** When a job of {@code jobTokens} dispatched {@code now} should be finished: drain time plus typical latency. */
    public Instant estimatedFinish(long jobTokens, Instant now) {
        return now.plus(drainTime(jobTokens, now)).plusMillis(Math.round(latencyEwmaMs));
    }
}
