package dev.roocode.connectors.worker;

import dev.roocode.schemas.avro.BatchCancellation;
import dev.roocode.schemas.avro.DispatchedJob;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The batches cancelled so far, as the connectors' reader of the batch-cancellations topic has seen them, shared by
 * every worker of the process: a worker skips a job of a cancelled batch instead of calling its provider and reports
 * it to fallback as CANCELLED, and the processor writes its Result. Written by the reader thread, read by the poll
 * threads. A job a worker takes before the reader has seen its batch's cancellation is called as usual; the
 * processor still stops it from being tried elsewhere afterwards.
 */
public final class CancelledBatches {
    private final Map<String, String> messages = new ConcurrentHashMap<>();

    /** Records {@code cancellation} (a later one for the same batch replaces it). */
    public void add(BatchCancellation cancellation) {
        messages.put(cancellation.getBatchId(), messageOf(cancellation));
    }

    /** Forgets the cancellation of {@code batchId} (a tombstone on the topic). */
    public void remove(String batchId) {
        messages.remove(batchId);
    }

    /** Why {@code job} must not be called — its batch was cancelled — or null when it may be. */
    public String reasonToSkip(DispatchedJob job) {
        String batchId = job.getJob().getBatchId();
        return batchId == null ? null : messages.get(batchId);
    }

    /** The message of a cancelled job's error, the same words the processor uses ("batch X was cancelled (reason)"). */
    static String messageOf(BatchCancellation cancellation) {
        String reason = cancellation.getReason();
        return "batch " + cancellation.getBatchId() + " was cancelled"
                + (reason == null || reason.isBlank() ? "" : " (" + reason + ")");
    }
}
