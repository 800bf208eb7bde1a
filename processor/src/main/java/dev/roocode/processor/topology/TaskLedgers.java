package dev.roocode.processor.topology;

import dev.roocode.processor.router.ArrivalForecast;
import dev.roocode.processor.router.Reservation;
import dev.roocode.processor.router.Reservations;
import dev.roocode.processor.router.SpendReservations;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.streams.processor.TaskId;

/**
 * What the routing processors of every task in this process share: one ledger of in-flight
 * reservations, and the parked-jobs board. One per topology (so per KafkaStreams instance).
 *
 * <p>The ledger is shared by all tasks, not kept per task: with deferral a provider's room under
 * the horizon is small, and tasks that each saw only their own dispatches would together fill it
 * several times over. Entries are dropped as soon as newer provider states and spend totals are
 * seen, so a task moving to another instance leaves nothing stale behind for long. Other
 * instances' dispatches show up one provider-state publication later, as before.
 */
public final class TaskLedgers {
    private final Ledger ledger = new Ledger();
    /** task → how many jobs it has parked and the earliest deadline among them; written by each task's intake. */
    private final Map<TaskId, Parked> parked = new ConcurrentHashMap<>();
    /** provider → {round, jobs released to it in that round}: lets each task take its share of the room a round started with. */
    private final Map<String, long[]> releasedByProvider = new HashMap<>();
    /** global store name → how many updates the global thread has applied to it: lets readers keep decoded copies. */
    private final Map<String, java.util.concurrent.atomic.AtomicLong> storeVersions = new ConcurrentHashMap<>();
    /** task → the filter in front of its requests store, shared by the task's intake and finalizers. */
    private final Map<TaskId, RequestIdFilter> requestIds = new ConcurrentHashMap<>();
    /** logical model → its recent arrivals with a deadline, by slack, recorded by every task's intake. */
    private final Map<String, ArrivalForecast> arrivals = new ConcurrentHashMap<>();

    /** The filter in front of {@code task}'s requests store (one per task, whichever processor asks first). */
    public RequestIdFilter requestIds(TaskId task) {
        return requestIds.computeIfAbsent(task, t -> new RequestIdFilter());
    }

    /** Drops {@code task}'s filter: the task closed here. */
    public void forgetRequestIds(TaskId task) {
        requestIds.remove(task);
    }

    /** The reservations ledger {@code task} uses: the process's one ledger. */
    Ledger forTask(TaskId task) {
        return ledger;
    }

    /**
     * Counts a job of {@code model} arriving at {@code nowMs}, due {@code slackMs} later: line {@code line} of
     * batch {@code batchId} of {@code batchSize} jobs (each null when not known).
     */
    public void arrived(String model, long nowMs, long slackMs, String batchId, Long batchSize, Long line) {
        arrivals.computeIfAbsent(model, m -> new ArrivalForecast()).arrived(nowMs, slackMs, batchId, batchSize, line);
    }

    /** Jobs of {@code model} expected to arrive after {@code nowMs} and be due before {@code deadlineMs} ({@link ArrivalForecast}). */
    public long expectedBefore(String model, long nowMs, long deadlineMs) {
        ArrivalForecast forecast = arrivals.get(model);
        return forecast == null ? 0 : forecast.expectedBefore(nowMs, deadlineMs);
    }

    /** Counts one update of global store {@code store}; called by the global thread after it wrote the store. */
    void storeChanged(String store) {
        storeVersions.computeIfAbsent(store, name -> new java.util.concurrent.atomic.AtomicLong()).incrementAndGet();
    }

    /** How many updates global store {@code store} has had: a reader's decoded copy is current while this has not moved. */
    long storeVersion(String store) {
        java.util.concurrent.atomic.AtomicLong version = storeVersions.get(store);
        return version == null ? 0 : version.get();
    }

    /** Records that {@code task} now holds {@code count} parked jobs, the earliest due at {@code earliestDeadlineMs}. */
    public void parked(TaskId task, long count, long earliestDeadlineMs) {
        if (count <= 0) {
            parked.remove(task);
        } else {
            parked.put(task, new Parked(count, earliestDeadlineMs));
        }
    }

    /** The earliest deadline of any job parked in this process, or {@link Long#MAX_VALUE} when none is. */
    public long earliestParkedDeadlineMs() {
        long earliest = Long.MAX_VALUE;
        for (Parked p : parked.values()) {
            earliest = Math.min(earliest, p.earliestDeadlineMs());
        }
        return earliest;
    }

    /** Jobs parked in this process, every task together. */
    public long totalParked() {
        long total = 0;
        for (Parked p : parked.values()) {
            total += p.count();
        }
        return total;
    }

    /** {@code task}'s share of this process's parked jobs (0 to 1): the share of freed room it may take per release pass. */
    public double shareOf(TaskId task) {
        Parked mine = parked.get(task);
        if (mine == null) {
            return 0;
        }
        long total = 0;
        for (Parked p : parked.values()) {
            total += p.count();
        }
        return total == 0 ? 0 : mine.count() / (double) total;
    }

    /** Jobs sent to {@code provider} by release passes in round {@code round} (a round is one deferral interval), by every task. */
    public synchronized long releasedInRound(String provider, long round) {
        long[] entry = releasedByProvider.get(provider);
        return entry == null || entry[0] != round ? 0 : entry[1];
    }

    /** Counts one job sent to {@code provider} by a release pass in round {@code round}. */
    public synchronized void released(String provider, long round) {
        long[] entry = releasedByProvider.computeIfAbsent(provider, p -> new long[2]);
        if (entry[0] != round) {
            entry[0] = round;
            entry[1] = 0;
        }
        entry[1]++;
    }

    private record Parked(long count, long earliestDeadlineMs) {}

    /**
     * The in-flight reservations. Tasks on different stream threads use it at once, so every method
     * synchronizes.
     */
    static final class Ledger {
        /** provider → requests and tokens sent that its last published state does not count yet (made after its updatedAt). */
        private final Reservations providers = new Reservations();
        /** batch:&lt;id&gt; / tenant:&lt;name&gt; → estimated USD sent since its last total; reset per scope by a newer total. */
        private final SpendReservations spend = new SpendReservations();

        synchronized Reservation provider(String provider, Instant stateUpdatedAt) {
            return providers.current(provider, stateUpdatedAt);
        }

        synchronized void reserveProvider(String provider, Instant stateUpdatedAt, long tokens, Instant madeAt) {
            providers.reserve(provider, stateUpdatedAt, tokens, madeAt);
        }

        synchronized double spend(String scope, Instant totalUpdatedAt) {
            return spend.current(scope, totalUpdatedAt);
        }

        synchronized void reserveSpend(String scope, Instant totalUpdatedAt, double usd) {
            spend.reserve(scope, totalUpdatedAt, usd);
        }
    }
}
