package dev.roocode.connectors.execution;

import dev.roocode.connectors.provider.RateLimits;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;

/**
 * The RPM/TPM budget of one provider as this worker process sees it. Thread-safe: calls start on
 * the poll thread and on timer threads (retries), answers arrive on HTTP threads.
 *
 * <p>Budget: a sliding one-minute log of calls, each holding its estimated tokens until the answer
 * reconciles them with the real usage. A sliding window never exceeds a limit that the provider
 * enforces over any one-minute window, fixed or rolling, whatever its alignment. The budget is the
 * configured limit times {@link #share(double) this process's share} (its partitions over all
 * partitions) times an adaptive factor: a 429 lowers the factor, each quiet
 * {@link #PROBE_INTERVAL} raises it again a little, so a provider whose real limit is below the
 * configured one is met at its real limit. Rate-limit headers tighten it further: a
 * {@code limit} header replaces the adaptive guess with the provider's own limit, a {@code remaining} header caps the calls or
 * tokens until its reset, and a 429 or an exhausted budget pauses the whole worker until the reset.
 */
public final class Pacer {
    public static final Duration WINDOW = Duration.ofMinutes(1);
    static final Duration PROBE_INTERVAL = Duration.ofSeconds(10);
    static final double DECREASE = 0.85;
    static final double INCREASE = 0.02;
    static final double MIN_FACTOR = 0.05;
    /**
     * Added to every reset and Retry-After the provider announces: they come rounded ({@code 59.5s},
     * whole seconds), and a call that arrives just before the provider's window really reopens is a 429.
     */
    static final Duration RESET_MARGIN = Duration.ofMillis(250);

    private final Long configuredRpm;
    private final Long configuredTpm;
    private final Clock clock;
    private final Deque<Reservation> log = new ArrayDeque<>();
    private long tokensInLog;
    private double share = 1.0;
    private double factor = 1.0;
    private double promptScale = 1.0;
    private boolean calibrated;
    private Instant lastDecrease = Instant.EPOCH;
    private Instant lastProbe = Instant.EPOCH;
    private Long headerRpm;
    private Long headerTpm;
    private Instant pausedUntil = Instant.EPOCH;
    private long requestsLeft = Long.MAX_VALUE;
    private Instant requestsResetAt = Instant.EPOCH;
    private long tokensLeft = Long.MAX_VALUE;
    private Instant tokensResetAt = Instant.EPOCH;

    /** A call counted in the log: when it started and the tokens it holds (estimated, then real). */
    public static final class Reservation {
        private final Instant at;
        private long tokens;
        /** Whether it is still in the log (not expired or cancelled): reconciling must not scan a minute of calls. */
        private boolean logged;

        private Reservation(Instant at, long tokens) {
            this.at = at;
            this.tokens = tokens;
        }
    }

    /** @param rpm requests per minute, null for unlimited; @param tpm tokens per minute, null for unlimited */
    public Pacer(Long rpm, Long tpm, Clock clock) {
        this.configuredRpm = rpm == null || rpm <= 0 ? null : rpm;
        this.configuredTpm = tpm == null || tpm <= 0 ? null : tpm;
        this.clock = clock;
    }

    /** Whether any limit is configured. */
    public boolean limited() {
        return configuredRpm != null || configuredTpm != null;
    }

    /** This process's share of the provider's global limits, in (0, 1]. */
    public synchronized void share(double share) {
        this.share = Math.max(0.0001, Math.min(1.0, share));
    }

    public synchronized double share() {
        return share;
    }

    /** The adaptive factor in [MIN_FACTOR, 1]. */
    public synchronized double factor() {
        return factor;
    }

    /**
     * Reserves one call of {@code tokens} if the budget admits it now, else returns null and
     * records nothing; {@link #waitTime(long)} tells when to ask again.
     */
    public synchronized Reservation tryReserve(long tokens) {
        Instant now = clock.instant();
        if (!waitTime(tokens, now).isZero()) {
            return null;
        }
        Reservation reservation = new Reservation(now, Math.max(0, tokens));
        log.addLast(reservation);
        reservation.logged = true;
        tokensInLog += reservation.tokens;
        if (requestsLeft != Long.MAX_VALUE) {
            requestsLeft--;
        }
        if (tokensLeft != Long.MAX_VALUE) {
            tokensLeft -= reservation.tokens;
        }
        return reservation;
    }

    /** Zero when a call of {@code tokens} would be admitted now, else how long until it may be. */
    public synchronized Duration waitTime(long tokens) {
        return waitTime(tokens, clock.instant());
    }

    private Duration waitTime(long tokens, Instant now) {
        probe(now);
        expire(now);
        Instant until = pausedUntil;
        if (requestsLeft <= 0 && now.isBefore(requestsResetAt)) {
            until = later(until, requestsResetAt);
        }
        if (tokensLeft < Math.min(tokens, budget(configuredTpm, headerTpm)) && now.isBefore(tokensResetAt)) {
            until = later(until, tokensResetAt);
        }
        long rpm = budget(configuredRpm, headerRpm);
        if (log.size() + 1 > rpm && !log.isEmpty()) {
            until = later(until, log.peekFirst().at.plus(WINDOW));
        }
        long tpm = budget(configuredTpm, headerTpm);
        // a call larger than the whole budget still goes alone into an empty window rather than never
        if (tokensInLog + tokens > tpm && !log.isEmpty()) {
            until = later(until, firstExpiryFreeing(tokensInLog + tokens - tpm));
        }
        return now.isBefore(until) ? Duration.between(now, until) : Duration.ZERO;
    }

    /** When enough logged tokens have left the window to free {@code excess}. */
    private Instant firstExpiryFreeing(long excess) {
        long freed = 0;
        for (Reservation r : log) {
            freed += r.tokens;
            if (freed >= excess) {
                return r.at.plus(WINDOW);
            }
        }
        return log.peekLast().at.plus(WINDOW);
    }

    /** Replaces the reservation's estimate with the tokens the provider reported. */
    public synchronized void reconcile(Reservation reservation, long actualTokens) {
        if (reservation == null || actualTokens < 0) {
            return;
        }
        long delta = actualTokens - reservation.tokens;
        reservation.tokens = actualTokens;
        if (reservation.logged) {
            tokensInLog += delta;
        }
        if (tokensLeft != Long.MAX_VALUE && delta > 0) {
            // only ever lower the provider's remaining budget: providers that charge max_tokens up front
            // (OpenAI) refund nothing, and the next answer's headers bring the true figure anyway
            tokensLeft -= delta;
        }
    }

    /** Gives back a reservation whose call never started (e.g. the circuit was open). */
    public synchronized void cancel(Reservation reservation) {
        if (reservation != null && reservation.logged && log.remove(reservation)) {
            reservation.logged = false;
            tokensInLog -= reservation.tokens;
            if (requestsLeft != Long.MAX_VALUE) {
                requestsLeft++;
            }
        }
    }

    /** Applies the rate-limit headers of an answer to a call of unknown start. */
    public synchronized void observe(RateLimits info) {
        observe(info, null);
    }

    /**
     * Applies the rate-limit headers of an answer to the call that started at {@code sentAt}: the
     * provider's remaining counts do not yet include this worker's calls started after it, so they
     * are taken off (null: none are).
     */
    public synchronized void observe(RateLimits info, Instant sentAt) {
        if (info == null) {
            return;
        }
        long laterCalls = 0;
        long laterTokens = 0;
        if (sentAt != null) {
            for (Iterator<Reservation> it = log.descendingIterator(); it.hasNext(); ) {
                Reservation r = it.next();
                if (!r.at.isAfter(sentAt)) {
                    break;
                }
                laterCalls++;
                laterTokens += r.tokens;
            }
        }
        Instant now = clock.instant();
        if (info.limitRequests() != null && info.limitRequests() > 0) {
            headerRpm = info.limitRequests();
        }
        if (info.limitTokens() != null && info.limitTokens() > 0) {
            headerTpm = info.limitTokens();
        }
        // the remaining counts are global: this process may use its share of them
        if (info.remainingRequests() != null
                && info.resetRequests() != null
                && info.resetRequests().isAfter(now)) {
            requestsLeft = (long) Math.floor(info.remainingRequests() * share) - laterCalls;
            requestsResetAt = info.resetRequests().plus(RESET_MARGIN);
        }
        if (info.remainingTokens() != null
                && info.resetTokens() != null
                && info.resetTokens().isAfter(now)) {
            tokensLeft = (long) Math.floor(info.remainingTokens() * share) - laterTokens;
            tokensResetAt = info.resetTokens().plus(RESET_MARGIN);
        }
    }

    /**
     * A 429: pauses every call until {@code until} (the provider's Retry-After or reset, at least a
     * second away) and lowers the adaptive factor, at most once per second so that one burst of
     * 429s from calls that were already in flight counts once.
     */
    public synchronized void rateLimited(Instant until) {
        Instant now = clock.instant();
        Instant resume =
                until == null || until.isBefore(now.plusSeconds(1)) ? now.plusSeconds(1) : until.plus(RESET_MARGIN);
        pausedUntil = later(pausedUntil, resume);
        if (Duration.between(lastDecrease, now).compareTo(Duration.ofSeconds(1)) >= 0) {
            factor = Math.max(MIN_FACTOR, factor * DECREASE);
            lastDecrease = now;
            lastProbe = now;
        }
    }

    /** Until when the whole worker is paused by a 429 or an exhausted header budget (may be past). */
    public synchronized Instant pausedUntil() {
        Instant now = clock.instant();
        Instant until = pausedUntil;
        if (requestsLeft <= 0 && now.isBefore(requestsResetAt)) {
            until = later(until, requestsResetAt);
        }
        return until;
    }

    /** Calls and tokens in the last minute. */
    public synchronized long requestsInWindow() {
        expire(clock.instant());
        return log.size();
    }

    public synchronized long tokensInWindow() {
        expire(clock.instant());
        return tokensInLog;
    }

    /**
     * A limit the provider reported in its headers is its real one: no adaptive factor on it (a 429
     * under it comes from estimates or other clients, and the pause handles that). Only a configured
     * limit the provider never confirmed is scaled by the factor learnt from 429s.
     */
    private long budget(Long configured, Long header) {
        if (configured == null && header == null) {
            return Long.MAX_VALUE;
        }
        double limit =
                header == null ? configured * factor : configured == null ? header : Math.min(configured, header);
        return Math.max(1, (long) Math.floor(limit * share));
    }

    /** The requests per minute allowed now (configured or from headers, adapted, times this process's share); NaN: no limit. */
    public synchronized double rpmBudget() {
        long budget = budget(configuredRpm, headerRpm);
        return budget == Long.MAX_VALUE ? Double.NaN : budget;
    }

    /** The tokens per minute allowed now; NaN: no limit. */
    public synchronized double tpmBudget() {
        long budget = budget(configuredTpm, headerTpm);
        return budget == Long.MAX_VALUE ? Double.NaN : budget;
    }

    /** The tokens to reserve for {@code estimate}: its prompt scaled to the provider's own count, plus its output cap. */
    public synchronized long tokens(TokenReservation.Estimate estimate) {
        return (long) Math.ceil(estimate.prompt() * promptScale) + estimate.output();
    }

    /**
     * Learns how the provider counts prompts against this worker's tokenizer from an answer's usage
     * (an EWMA of their ratio, within [0.5, 4]), so the next reservations match the provider's count.
     */
    public synchronized void calibrate(long estimatedPrompt, long reportedPrompt) {
        if (estimatedPrompt <= 0 || reportedPrompt <= 0) {
            return;
        }
        double ratio = Math.max(0.5, Math.min(4.0, (double) reportedPrompt / estimatedPrompt));
        promptScale = calibrated ? 0.8 * promptScale + 0.2 * ratio : ratio;
        calibrated = true;
    }

    public synchronized double promptScale() {
        return promptScale;
    }

    private void probe(Instant now) {
        if (factor < 1.0 && Duration.between(lastProbe, now).compareTo(PROBE_INTERVAL) >= 0) {
            factor = Math.min(1.0, factor + INCREASE);
            lastProbe = now;
        }
    }

    private void expire(Instant now) {
        Instant horizon = now.minus(WINDOW);
        while (!log.isEmpty() && !log.peekFirst().at.isAfter(horizon)) {
            Reservation expired = log.pollFirst();
            expired.logged = false;
            tokensInLog -= expired.tokens;
        }
        if (!now.isBefore(requestsResetAt)) {
            requestsLeft = Long.MAX_VALUE;
        }
        if (!now.isBefore(tokensResetAt)) {
            tokensLeft = Long.MAX_VALUE;
        }
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
