package dev.roocode.sandbox.simulator.batch;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The simulator's uploaded and generated files (batch inputs, outputs and error files), for wire formats
 * whose batch API goes through a files API (OpenAI, Azure OpenAI, Gemini). Thread-safe.
 */
public final class SimFiles {

    /**
     * One stored file.
     *
     * @param id        its id, the format's prefix plus a number
     * @param scope     the wire format's namespace
     * @param filename  the name it was uploaded (or generated) under
     * @param purpose   what it is for ({@code batch}, {@code batch_output}, ...)
     * @param createdAt when it was stored
     * @param content   its bytes
     */
    public record SimFile(
            String id, String scope, String filename, String purpose, Instant createdAt, byte[] content) {}

    private final Clock clock;
    private final Map<String, SimFile> files = new ConcurrentHashMap<>();
    private final AtomicLong sequence = new AtomicLong();

    public SimFiles(Clock clock) {
        this.clock = clock;
    }

    /** Stores a file and returns it with its new id. */
    public SimFile put(String scope, String idPrefix, String filename, String purpose, byte[] content) {
        String id = idPrefix + String.format("%016x", sequence.incrementAndGet());
        SimFile file = new SimFile(id, scope, filename, purpose, clock.instant(), content);
        files.put(id, file);
        return file;
    }

    /** Stores a file under an id the caller derives (a batch's output file), replacing one of that id. */
    public SimFile putWithId(String scope, String id, String filename, String purpose, byte[] content) {
        SimFile file = new SimFile(id, scope, filename, purpose, clock.instant(), content);
        files.put(id, file);
        return file;
    }

    /** The file {@code id} of {@code scope}. */
    public Optional<SimFile> get(String scope, String id) {
        SimFile file = files.get(id);
        return file != null && file.scope().equals(scope) ? Optional.of(file) : Optional.empty();
    }

    /** Every file of {@code scope}, in no particular order. */
    public List<SimFile> list(String scope) {
        List<SimFile> list = new ArrayList<>();
        for (SimFile file : files.values()) {
            if (file.scope().equals(scope)) {
                list.add(file);
            }
        }
        return list;
    }

    /** Forgets every file. */
    public void reset() {
        files.clear();
    }
}
