package dev.roocode.cli.connection;

import dev.roocode.schemas.avro.BatchCancellation;
import java.time.Instant;

/**
 * Writes a batch's cancellation, for {@code roocode batches cancel} and for {@code run} on Ctrl-C. Kept
 * beside {@link Connection}, which both commands' packages use, so that neither depends on the other
 * (the {@code batch} package already uses {@code run}'s batch file and progress helpers).
 */
public final class BatchCancellations {
    private BatchCancellations() {}

    /** Writes the cancellation of {@code batchId} and waits for the broker's acknowledgement. */
    public static void cancel(Connection cluster, String batchId, String reason) {
        cluster.write(
                cluster.topics().batchCancellations(),
                batchId,
                BatchCancellation.newBuilder()
                        .setBatchId(batchId)
                        .setReason(reason)
                        .setCancelledAt(Instant.now())
                        .build());
    }
}
