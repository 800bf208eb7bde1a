package dev.roocode.processor.topology;

import dev.roocode.processor.router.Reservation;
import dev.roocode.processor.router.Reservations;
import dev.roocode.processor.router.SpendReservations;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.streams.processor.TaskId;

/**
 * The in-flight reservations of each task, shared by its intake and finalizer processors so a
 * re-route counts against the same providers and budgets as first dispatches. One per topology
 * (so per KafkaStreams instance); a task's ledger outlives a move of the task to another thread
 * or instance, harmlessly: its entries are dropped as soon as newer provider states and spend
 * totals are seen.
 */
public final class TaskLedgers {
    private final Map<TaskId, Ledger> byTask = new ConcurrentHashMap<>();

    /** The ledger of {@code task}. */
    Ledger forTask(TaskId task) {
        return byTask.computeIfAbsent(task, id -> new Ledger());
    }

    /**
     * One task's reservations. Only that task's thread uses it at a time; the methods synchronize
     * anyway so a task moving between stream threads sees its ledger whole.
     */
    static final class Ledger {
        /** provider → requests and tokens sent since its last published state; reset per provider by a newer state. */
        private final Reservations providers = new Reservations();
        /** batch:&lt;id&gt; / tenant:&lt;name&gt; → estimated USD sent since its last total; reset per scope by a newer total. */
        private final SpendReservations spend = new SpendReservations();

        synchronized Reservation provider(String provider, Instant stateUpdatedAt) {
            return providers.current(provider, stateUpdatedAt);
        }

        synchronized void reserveProvider(String provider, Instant stateUpdatedAt, long tokens) {
            providers.reserve(provider, stateUpdatedAt, tokens);
        }

        synchronized double spend(String scope, Instant totalUpdatedAt) {
            return spend.current(scope, totalUpdatedAt);
        }

        synchronized void reserveSpend(String scope, Instant totalUpdatedAt, double usd) {
            spend.reserve(scope, totalUpdatedAt, usd);
        }
    }
}
