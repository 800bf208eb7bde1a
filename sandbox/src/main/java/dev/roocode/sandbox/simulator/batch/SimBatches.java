package dev.roocode.sandbox.simulator.batch;

import dev.roocode.sandbox.simulator.batch.LineResult.Outcome;
import dev.roocode.sandbox.simulator.batch.SimBatch.LineError;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The provider-neutral batch engine of the simulator: it holds the batches every batch wire format creates
 * and answers their lines. Time is the simulator's clock, read lazily: each call first brings the batches it
 * touches up to date, so a test clock moved past the turnaround sees a completed batch without any timer.
 *
 * <p>Lifecycle of a batch created at {@code t} with window {@code w} (the requested window, capped by
 * {@link BatchSettings#window()}):
 * <ul>
 *   <li>at {@code t}: {@link BatchState#VALIDATING} in the creation answer, {@link BatchState#IN_PROGRESS}
 *       afterwards; a batch created with {@link LineError}s is {@link BatchState#FAILED} at once;
 *   <li>at {@code t + turnaround} (if before {@code t + w}): every line is answered by the format's
 *       {@link LineAnswerer}, except the {@link BatchSettings#failedFraction()} that gets an injected 500 and the
 *       {@link BatchSettings#expiredFraction()} (and lines whose model never answers) left open; with no open
 *       line it is {@link BatchState#COMPLETED};
 *   <li>at {@code t + w}: open lines expire and the batch is {@link BatchState#EXPIRED} (the
 *       {@link BatchSettings#expireNth()} batch answers nothing before);
 *   <li>{@link #cancel}: open lines are cancelled, {@link BatchState#CANCELLING} in the answer,
 *       {@link BatchState#CANCELLED} afterwards; lines already answered stay answered.
 * </ul>
 *
 * <p>Each creation is counted under its key (the tag a client puts in the metadata or display name), so a
 * test or benchmark can prove no group was submitted twice ({@link #duplicateCreations()}). Thread-safe;
 * calls are short except the one that answers a large batch's lines.
 */
public final class SimBatches {

    /** The message of a simulated partial failure. */
    public static final String PARTIAL_FAILURE = "The provider simulator failed this line (batch failed fraction).";

    private final Clock clock;
    private final long seed;
    private volatile BatchSettings settings;
    private final Map<String, Entry> byId = new LinkedHashMap<>();
    private final Map<String, Integer> creationsByKey = new HashMap<>();
    private long creations;
    private long sequence;
    private volatile ResultFaults resultFaults = ResultFaults.NONE;

    /**
     * @param seed the seed of the choice of failing and expiring lines, and of ids
     */
    public SimBatches(Clock clock, BatchSettings settings, long seed) {
        this.clock = clock;
        this.settings = settings;
        this.seed = seed;
    }

    /** The settings batches created from now on use. */
    public BatchSettings settings() {
        return settings;
    }

    /** Changes the settings of batches created from now on (a test varies them between cases). */
    public void settings(BatchSettings settings) {
        this.settings = settings;
    }

    /**
     * Faults in what a batch reports, not in how its lines run: results a provider loses, and results for lines
     * nobody sent (both seen in real result files), so clients prove they map every line exactly once.
     *
     * @param missingLines answered lines left out of each batch's results (the first ones in draw order)
     * @param strayLines   results added to each batch for custom ids never sent ({@code stray-1}, ...), each
     *                     a copy of an answered line's answer
     */
    public record ResultFaults(int missingLines, int strayLines) {
        public static final ResultFaults NONE = new ResultFaults(0, 0);

        public ResultFaults {
            if (missingLines < 0 || strayLines < 0) {
                throw new IllegalArgumentException("result fault counts must be zero or positive");
            }
        }
    }

    /** Sets the result faults of batches created from now on (none by default). */
    public void resultFaults(ResultFaults faults) {
        this.resultFaults = faults;
    }

    /** The creation to make: what a wire format read from its provider's create call. */
    public record Creation(
            String scope,
            String idPrefix,
            String endpoint,
            String creationKey,
            Map<String, String> metadata,
            String inputFileId,
            Duration window,
            List<BatchLine> lines,
            List<LineError> errors,
            LineAnswerer answerer) {
        public Creation {
            metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
            lines = List.copyOf(lines);
            errors = errors == null ? List.of() : List.copyOf(errors);
        }
    }

    /**
     * Creates a batch and counts the creation under its {@code creationKey} (null: counted in the total only).
     *
     * @return its snapshot, {@link BatchState#VALIDATING} or {@link BatchState#FAILED}
     */
    public synchronized SimBatch create(Creation creation) {
        BatchSettings current = settings;
        Instant now = clock.instant();
        creations++;
        if (creation.creationKey() != null) {
            creationsByKey.merge(creation.creationKey(), 1, Integer::sum);
        }
        String id = creation.idPrefix() + Long.toHexString(mix(seed ^ mix(++sequence)) & Long.MAX_VALUE);
        Duration window = current.window() != null && current.window().compareTo(creation.window()) < 0
                ? current.window()
                : creation.window();
        Entry entry =
                new Entry(id, creation, now, now.plus(window), current, creations == current.expireNth(), resultFaults);
        if (!creation.errors().isEmpty()) {
            entry.state = BatchState.FAILED;
            entry.endedAt = now;
        }
        byId.put(id, entry);
        SimBatch snapshot = entry.snapshot();
        return entry.state == BatchState.FAILED ? snapshot : withState(snapshot, BatchState.VALIDATING);
    }

    /** The batch {@code id} of {@code scope}, brought up to date. */
    public synchronized Optional<SimBatch> get(String scope, String id) {
        Entry entry = entry(scope, id);
        return entry == null
                ? Optional.empty()
                : Optional.of(entry.advance(clock.instant()).snapshot());
    }

    /** Every batch of {@code scope}, newest first, brought up to date. */
    public synchronized List<SimBatch> list(String scope) {
        Instant now = clock.instant();
        List<SimBatch> batches = new ArrayList<>();
        for (Entry entry : byId.values()) {
            if (entry.creation.scope().equals(scope)) {
                batches.add(entry.advance(now).snapshot());
            }
        }
        batches.sort(Comparator.comparing(SimBatch::createdAt)
                .thenComparing(b -> byId.get(b.id()).sequence)
                .reversed());
        return batches;
    }

    /**
     * Cancels a running batch.
     *
     * @return its snapshot, {@link BatchState#CANCELLING}; empty when there is no such batch
     * @throws IllegalStateException when the batch has ended (the message names its state)
     */
    public synchronized Optional<SimBatch> cancel(String scope, String id) {
        Entry entry = entry(scope, id);
        if (entry == null) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        entry.advance(now);
        if (entry.state.ended()) {
            throw new IllegalStateException(
                    "Cannot cancel a batch with status " + entry.state.name().toLowerCase(java.util.Locale.ROOT) + ".");
        }
        if (entry.state != BatchState.CANCELLING) {
            entry.cancel(now);
        }
        return Optional.of(entry.snapshot());
    }

    /**
     * The lines' results in submission order (open lines absent, then {@link ResultFaults} applied), or empty
     * when there is no such batch.
     */
    public synchronized Optional<List<LineResult>> results(String scope, String id) {
        Entry entry = entry(scope, id);
        if (entry == null) {
            return Optional.empty();
        }
        entry.advance(clock.instant());
        List<LineResult> results = new ArrayList<>();
        LineResult answered = null;
        for (int i = 0; i < entry.results.length; i++) {
            LineResult result = entry.results[i];
            if (result != null && !entry.hidden[i]) {
                results.add(result);
                answered = answered == null && result.body() != null ? result : answered;
            }
        }
        if (answered != null) {
            for (int n = 1; n <= entry.faults.strayLines(); n++) {
                results.add(new LineResult("stray-" + n, answered.outcome(), answered.status(), answered.body()));
            }
        }
        return Optional.of(results);
    }

    /** Batches created so far, by every wire format. */
    public synchronized long creations() {
        return creations;
    }

    /** Batches created with this creation key. */
    public synchronized int creations(String creationKey) {
        return creationsByKey.getOrDefault(creationKey, 0);
    }

    /** Sum over creation keys of (creations - 1): every batch created again for a key that already had one. */
    public synchronized long duplicateCreations() {
        long duplicates = 0;
        for (int count : creationsByKey.values()) {
            duplicates += count - 1;
        }
        return duplicates;
    }

    /** Forgets every batch and count. */
    public synchronized void reset() {
        byId.clear();
        creationsByKey.clear();
        creations = 0;
    }

    private Entry entry(String scope, String id) {
        Entry entry = byId.get(id);
        return entry != null && entry.creation.scope().equals(scope) ? entry : null;
    }

    private static SimBatch withState(SimBatch b, BatchState state) {
        return new SimBatch(
                b.id(),
                b.scope(),
                b.endpoint(),
                state,
                b.metadata(),
                b.inputFileId(),
                b.createdAt(),
                b.expiresAt(),
                b.answeredAt(),
                b.cancellingAt(),
                b.endedAt(),
                b.total(),
                b.succeeded(),
                b.errored(),
                b.expired(),
                b.cancelled(),
                b.errors());
    }

    /** SplitMix64's finaliser: the deterministic choice of lines and ids. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** One batch and its mutable state; only touched under the engine's lock. */
    private final class Entry {
        final String id;
        final Creation creation;
        final Instant createdAt;
        final Instant expiresAt;
        final BatchSettings settings;
        final boolean expireWhole;
        final long sequence;
        final LineResult[] results;
        final ResultFaults faults;
        /** Answered lines the results leave out ({@link ResultFaults#missingLines()}). */
        final boolean[] hidden;

        BatchState state = BatchState.IN_PROGRESS;
        Instant answeredAt;
        Instant cancellingAt;
        Instant endedAt;

        Entry(
                String id,
                Creation creation,
                Instant createdAt,
                Instant expiresAt,
                BatchSettings settings,
                boolean expireWhole,
                ResultFaults faults) {
            this.faults = faults;
            this.hidden = new boolean[creation.lines().size()];
            this.id = id;
            this.creation = creation;
            this.createdAt = createdAt;
            this.expiresAt = expiresAt;
            this.settings = settings;
            this.expireWhole = expireWhole;
            this.sequence = SimBatches.this.sequence;
            this.results = new LineResult[creation.lines().size()];
        }

        Entry advance(Instant now) {
            if (state == BatchState.CANCELLING) {
                state = BatchState.CANCELLED;
                endedAt = cancellingAt;
                return this;
            }
            if (state != BatchState.IN_PROGRESS) {
                return this;
            }
            Instant due = createdAt.plus(settings.turnaround());
            if (answeredAt == null && !expireWhole && due.isBefore(expiresAt) && !now.isBefore(due)) {
                answer(due);
            }
            if (answeredAt != null && openLines() == 0) {
                state = BatchState.COMPLETED;
                endedAt = answeredAt;
            } else if (!now.isBefore(expiresAt)) {
                close(Outcome.EXPIRED);
                state = BatchState.EXPIRED;
                endedAt = expiresAt;
            }
            return this;
        }

        void cancel(Instant now) {
            close(Outcome.CANCELLED);
            state = BatchState.CANCELLING;
            cancellingAt = now;
        }

        /** Answers every line, but the chosen failures (a 500) and the chosen expiries (left open). */
        private void answer(Instant at) {
            List<BatchLine> lines = creation.lines();
            int failing = (int) Math.round(settings.failedFraction() * lines.size());
            int expiring = (int) Math.round(settings.expiredFraction() * lines.size());
            Integer[] order = new Integer[lines.size()];
            long[] keys = new long[lines.size()];
            for (int i = 0; i < order.length; i++) {
                order[i] = i;
                keys[i] = mix(seed ^ fnv1a(id) ^ mix(fnv1a(lines.get(i).customId())));
            }
            Arrays.sort(order, Comparator.comparingLong(i -> keys[i]));
            boolean[] fail = new boolean[lines.size()];
            boolean[] leaveOpen = new boolean[lines.size()];
            for (int rank = 0; rank < order.length; rank++) {
                fail[order[rank]] = rank < failing;
                leaveOpen[order[rank]] = rank >= failing && rank < failing + expiring;
            }
            for (int i = 0; i < results.length; i++) {
                BatchLine line = lines.get(i);
                if (leaveOpen[i]) {
                    continue;
                }
                if (fail[i]) {
                    results[i] = new LineResult(
                            line.customId(),
                            Outcome.ERRORED,
                            500,
                            creation.answerer().error(line, 500, PARTIAL_FAILURE));
                    continue;
                }
                LineAnswerer.Answer answer = creation.answerer().answer(line, id + "/" + line.customId());
                if (answer != null) {
                    results[i] = new LineResult(
                            line.customId(),
                            answer.ok() ? Outcome.SUCCEEDED : Outcome.ERRORED,
                            answer.status(),
                            answer.body());
                }
            }
            int missing = faults.missingLines();
            for (int rank = order.length - 1; rank >= 0 && missing > 0; rank--) {
                if (results[order[rank]] != null) {
                    hidden[order[rank]] = true;
                    missing--;
                }
            }
            answeredAt = at;
        }

        private void close(Outcome outcome) {
            for (int i = 0; i < results.length; i++) {
                if (results[i] == null) {
                    results[i] = new LineResult(creation.lines().get(i).customId(), outcome, 0, null);
                }
            }
        }

        private int openLines() {
            int open = 0;
            for (LineResult result : results) {
                if (result == null) {
                    open++;
                }
            }
            return open;
        }

        SimBatch snapshot() {
            int succeeded = 0;
            int errored = 0;
            int expired = 0;
            int cancelled = 0;
            for (LineResult result : results) {
                if (result == null) {
                    continue;
                }
                switch (result.outcome()) {
                    case SUCCEEDED -> succeeded++;
                    case ERRORED -> errored++;
                    case EXPIRED -> expired++;
                    case CANCELLED -> cancelled++;
                }
            }
            return new SimBatch(
                    id,
                    creation.scope(),
                    creation.endpoint(),
                    state,
                    creation.metadata(),
                    creation.inputFileId(),
                    createdAt,
                    expiresAt,
                    answeredAt,
                    cancellingAt,
                    endedAt,
                    results.length,
                    succeeded,
                    errored,
                    expired,
                    cancelled,
                    creation.errors());
        }
    }

    private static long fnv1a(String text) {
        long hash = 0xCBF29CE484222325L;
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            hash ^= b;
            hash *= 0x100000001B3L;
        }
        return hash;
    }
}
