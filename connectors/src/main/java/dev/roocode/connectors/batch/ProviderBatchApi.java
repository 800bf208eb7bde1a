package dev.roocode.connectors.batch;

import dev.roocode.connectors.provider.ProviderException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One provider's batch API, whatever its protocol (upload a file then create a batch, or one call with
 * every request inline). Each line's request body is the one the type's realtime adapter would send, so
 * a job's parameters mean the same on both paths. Implementations do the HTTP calls; they hold no state
 * between calls, so a restarted batcher can carry on from what it stored in Kafka.
 */
public interface ProviderBatchApi {
    /**
     * Submits {@code lines} as one provider batch of one provider model, tagged with {@code groupId} (in the
     * batch's metadata or display name) so that {@link #find} sees it after a restart.
     *
     * @throws ProviderException when the provider refuses the batch or cannot be reached; the lines then go
     *                           to a realtime provider
     */
    ProviderBatchRef submit(String groupId, List<BatchLine> lines) throws ProviderException;

    /**
     * The provider batch tagged {@code groupId}, if one was created (an upload that timed out after the provider
     * accepted it, a crash between create and the store write): the batcher looks before it submits, so no
     * group is submitted twice.
     */
    Optional<ProviderBatchRef> find(String groupId) throws ProviderException;

    /** Where the provider batch is in its lifecycle. */
    ProviderBatchStatus status(ProviderBatchRef batch) throws ProviderException;

    /**
     * Every line outcome the provider has for a batch that ended (completed, expired or cancelled), keyed by
     * the line's custom id; lines the provider never answered are absent, lines it answered that were never
     * sent are the caller's to ignore.
     */
    Map<String, LineOutcome> results(ProviderBatchRef batch) throws ProviderException;

    /** Asks the provider to cancel the batch; lines already answered stay answered. */
    void cancel(ProviderBatchRef batch) throws ProviderException;
}
