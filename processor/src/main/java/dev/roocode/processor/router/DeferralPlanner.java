package dev.roocode.processor.router;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decides, for a COST job with a deadline, between sending it now and holding it in the router
 * (see {@link Deferral}). Pure.
 *
 * <p>A candidate is <em>in time</em> when the job, queued behind its backlog, should finish at
 * least {@code margin} before the deadline; it has <em>room</em> when its backlog drains within
 * the horizon. The job goes to the cheapest in-time candidate when that one has room (and the
 * gate lets it take it). Otherwise it waits while it still can: until one more interval would
 * leave no in-time candidate with room (the dearest fallback included), and then goes to the
 * cheapest in-time candidate with room — or, when every in-time candidate is beyond the horizon,
 * to the cheapest in-time one. With no in-time candidate at all it is not this planner's call:
 * the COST ranking's "soonest finish" rule applies, as without deferral.
 */
public final class DeferralPlanner {
    private DeferralPlanner() {}

    /** The plan for one job. */
    public sealed interface Plan {
        /** Send the job to {@code candidate} now. */
        record Send(Candidate candidate) implements Plan {}

        /** Keep the job in the router and ask again next interval. */
        record Hold() implements Plan {}

        /** No candidate makes the deadline: route without deferral (soonest finish). */
        record NoneInTime() implements Plan {}
    }

    private static final Plan HOLD = new Plan.Hold();
    /** Cheapest first, ties by name (never by load, so the same candidate stays "the cheapest" as queues move). */
    private static final Comparator<Candidate> BY_COST =
            Comparator.comparingDouble(Candidate::estimatedCostUsd).thenComparing(Candidate::name);

    private static final Plan NONE_IN_TIME = new Plan.NoneInTime();

    /** The plan for a job of {@code jobTokens} due at {@code deadline} among {@code candidates} at {@code now}, nothing parked ahead of it. */
    public static Plan plan(
            List<Candidate> candidates,
            long jobTokens,
            Instant deadline,
            Instant now,
            Deferral deferral,
            RoomGate gate) {
        return plan(candidates, jobTokens, deadline, now, deferral, gate, 0);
    }

    /**
     * The plan for a job of {@code jobTokens} due at {@code deadline} among {@code candidates} at
     * {@code now}, with {@code parkedAhead} jobs parked with earlier deadlines. Those wait for the
     * cheapest candidate too and get its room first, so they count as queued there when deciding
     * whether it can still make this job's deadline: when the parked jobs are more than the cheapest
     * can serve in time, the job takes a dearer candidate's room now rather than let it go unused
     * and need the dearest later.
     */
    public static Plan plan(
            List<Candidate> candidates,
            long jobTokens,
            Instant deadline,
            Instant now,
            Deferral deferral,
            RoomGate gate,
            long parkedAhead) {
        Candidate cheapestOverall = null;
        for (Candidate candidate : candidates) {
            if (cheapestOverall == null || BY_COST.compare(candidate, cheapestOverall) < 0) {
                cheapestOverall = candidate;
            }
        }
        // in-time estimates drain at the measured rate where that is below the limits (room stays on the limits)
        List<Candidate> inTime = new ArrayList<>(candidates.size());
        Map<Candidate, Candidate> planned = new IdentityHashMap<>(candidates.size());
        for (Candidate candidate : candidates) {
            Candidate plan = candidate.withQueuedAhead(candidate == cheapestOverall ? parkedAhead : 0, jobTokens);
            planned.put(candidate, plan);
            if (inTime(plan, jobTokens, deadline, now, deferral.margin())) {
                inTime.add(candidate);
            }
        }
        if (inTime.isEmpty()) {
            return NONE_IN_TIME;
        }
        inTime.sort(BY_COST);
        Candidate cheapest = inTime.get(0);
        Candidate fallback = null; // the cheapest in-time candidate with room
        for (Candidate candidate : inTime) {
            if (hasRoom(candidate, jobTokens, now, deferral.horizon())) {
                fallback = candidate;
                break;
            }
        }
        if (fallback == cheapest && gate.mayTake(cheapest, jobTokens)) {
            return new Plan.Send(cheapest);
        }
        Candidate target = fallback != null ? fallback : cheapest;
        Instant next = now.plus(deferral.interval());
        boolean canWait = inTime(planned.get(target), jobTokens, deadline, next, deferral.margin());
        return canWait ? HOLD : new Plan.Send(target);
    }

    /** Whether the job, sent to {@code candidate} at {@code now}, should finish {@code margin} before {@code deadline}. */
    static boolean inTime(Candidate candidate, long jobTokens, Instant deadline, Instant now, Duration margin) {
        return !candidate.estimatedFinish(jobTokens, now).plus(margin).isAfter(deadline);
    }

    /** Whether {@code candidate}'s backlog plus the job drains within {@code horizon}. */
    static boolean hasRoom(Candidate candidate, long jobTokens, Instant now, Duration horizon) {
        return candidate.load().drainTime(jobTokens, now).compareTo(horizon) <= 0;
    }
}
