package dev.roocode.processor.router;

import dev.roocode.schemas.avro.BreakerState;
import dev.roocode.schemas.avro.ProviderConfig;
import dev.roocode.schemas.avro.ProviderState;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

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
 * @param drainFactor      the provider's measured drain rate as a share of what its limits allow (0 to 1), 1 when not
 *                         measured; only deferral's planning of jobs parked ahead uses it
 * @param promptTokenRatios provider model → observed ratio of reported to estimated prompt tokens ({@link TokenCalibration});
 *                         only the context-window check uses it
 */
public record ProviderLoad(
        long backlogRequests,
        long backlogTokens,
        Long rpm,
        Long tpm,
        double latencyEwmaMs,
        double errorRate,
        boolean circuitOpen,
        Instant rateLimitedUntil,
        double drainFactor,
        Map<String, Double> promptTokenRatios) {
    /** Measuring needs this much of the provider-state window. */
    static final Duration MIN_MEASURED = Duration.ofSeconds(15);
    /** A provider counts as busy (finishing as fast as it can) with at least this much work queued at its limits. */
    static final Duration BUSY_BACKLOG = Duration.ofSeconds(2);
    /** Never plan below this share of the limits on a measurement. */
    static final double MIN_DRAIN_FACTOR = 0.3;

    public ProviderLoad {
        promptTokenRatios = promptTokenRatios == null ? Map.of() : promptTokenRatios;
    }

    /** A load without observed prompt-token ratios. */
    public ProviderLoad(
            long backlogRequests,
            long backlogTokens,
            Long rpm,
            Long tpm,
            double latencyEwmaMs,
            double errorRate,
            boolean circuitOpen,
            Instant rateLimitedUntil,
            double drainFactor) {
        this(
                backlogRequests,
                backlogTokens,
                rpm,
                tpm,
                latencyEwmaMs,
                errorRate,
                circuitOpen,
                rateLimitedUntil,
                drainFactor,
                Map.of());
    }

    /** A load whose drain rate is not measured. */
    public ProviderLoad(
            long backlogRequests,
            long backlogTokens,
            Long rpm,
            Long tpm,
            double latencyEwmaMs,
            double errorRate,
            boolean circuitOpen,
            Instant rateLimitedUntil) {
        this(backlogRequests, backlogTokens, rpm, tpm, latencyEwmaMs, errorRate, circuitOpen, rateLimitedUntil, 1.0);
    }

    /** The load of {@code config} from its published {@code state} (null when none yet) plus {@code reserved}. */
    public static ProviderLoad of(ProviderConfig config, ProviderState state, Reservation reserved) {
        Long rpm = config.getLimits() == null ? null : config.getLimits().getRpm();
        Long tpm = config.getLimits() == null ? null : config.getLimits().getTpm();
        if (state == null) {
            return new ProviderLoad(reserved.requests(), reserved.tokens(), rpm, tpm, 0, 0, false, null);
        }
        return new ProviderLoad(
                Math.max(0, state.getBacklog()) + reserved.requests(),
                Math.max(0, state.getBacklogTokens()) + reserved.tokens(),
                rpm,
                tpm,
                state.getLatencyEwmaMs(),
                state.getErrorRate(),
                state.getBreaker() == BreakerState.OPEN,
                state.getRateLimitedUntil(),
                drainFactorOf(state, rpm, tpm),
                state.getPromptTokenRatios());
    }

    /**
     * Jobs finished per minute in the state's window against the jobs per minute the limits allow
     * (TPM over the backlog's mean estimated tokens per job), when the provider was busy: its backlog
     * held at least {@link #BUSY_BACKLOG} of work. Else 1: an idle provider's rate says nothing of
     * its capacity.
     */
    static double drainFactorOf(ProviderState state, Long rpm, Long tpm) {
        long elapsedMs =
                state.getUpdatedAt().toEpochMilli() - state.getWindowStart().toEpochMilli();
        if (elapsedMs < MIN_MEASURED.toMillis() || state.getBacklog() <= 0) {
            return 1.0;
        }
        double allowedPerMinute = Double.POSITIVE_INFINITY;
        if (rpm != null && rpm > 0) {
            allowedPerMinute = rpm;
        }
        if (tpm != null && tpm > 0 && state.getBacklogTokens() > 0) {
            allowedPerMinute =
                    Math.min(allowedPerMinute, tpm / (state.getBacklogTokens() / (double) state.getBacklog()));
        }
        if (Double.isInfinite(allowedPerMinute)
                || state.getBacklog() < allowedPerMinute * BUSY_BACKLOG.toMillis() / 60_000.0) {
            return 1.0;
        }
        double measuredPerMinute = state.getRequestsInWindow() * 60_000.0 / elapsedMs;
        return Math.max(MIN_DRAIN_FACTOR, Math.min(1.0, measuredPerMinute / allowedPerMinute));
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
        if (health.getRateLimitedUntil() != null
                && (until == null || health.getRateLimitedUntil().isAfter(until))) {
            until = health.getRateLimitedUntil();
        }
        return new ProviderLoad(
                backlogRequests,
                backlogTokens,
                rpm,
                tpm,
                latencyEwmaMs,
                errorRate,
                circuitOpen || health.getBreaker() == BreakerState.OPEN,
                until,
                drainFactor,
                promptTokenRatios);
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

    /** The observed prompt-token ratio of {@code providerModel} here, or null when none is. */
    public Double promptTokenRatio(String providerModel) {
        return providerModel == null ? null : promptTokenRatios.get(providerModel);
    }

    /** When a job of {@code jobTokens} dispatched {@code now} should be finished: drain time plus typical latency. */
    public Instant estimatedFinish(long jobTokens, Instant now) {
        return now.plus(drainTime(jobTokens, now)).plusMillis(Math.round(latencyEwmaMs));
    }
}
