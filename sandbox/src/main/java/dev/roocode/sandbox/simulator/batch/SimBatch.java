package dev.roocode.sandbox.simulator.batch;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A snapshot of one simulated batch, what a wire format renders as its provider's batch object.
 *
 * @param id            the batch id, the wire format's prefix plus hex digits
 * @param scope         the wire format's namespace (batches of one scope are invisible to the others)
 * @param endpoint      the endpoint its lines call, as the creation named it (OpenAI's {@code endpoint}), or null
 * @param state         where it is
 * @param metadata      the creation's metadata, as given
 * @param inputFileId   the uploaded file its lines came from, or null for inline batches
 * @param createdAt     when it was created
 * @param expiresAt     when its open lines expire (creation plus its window)
 * @param answeredAt    when its lines were answered (creation plus the turnaround), or null before
 * @param cancellingAt  when a cancel was asked, or null
 * @param endedAt       when it reached its final state, or null while running
 * @param total         lines submitted
 * @param succeeded     lines answered 2xx
 * @param errored       lines answered with an error
 * @param expired       lines that expired
 * @param cancelled     lines cancelled
 * @param errors        why it failed at creation (one entry per refused line), empty otherwise
 */
public record SimBatch(
        String id,
        String scope,
        String endpoint,
        BatchState state,
        Map<String, String> metadata,
        String inputFileId,
        Instant createdAt,
        Instant expiresAt,
        Instant answeredAt,
        Instant cancellingAt,
        Instant endedAt,
        int total,
        int succeeded,
        int errored,
        int expired,
        int cancelled,
        List<LineError> errors) {

    /**
     * Why a batch was refused at creation.
     *
     * @param line    the 1-based line number, or 0 when the whole input is at fault
     * @param code    a machine-readable code (OpenAI's {@code invalid_request}, {@code too_many_lines}, ...)
     * @param message what a person reads
     */
    public record LineError(int line, String code, String message) {}
}
