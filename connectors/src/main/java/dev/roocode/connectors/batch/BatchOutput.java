package dev.roocode.connectors.batch;

import dev.roocode.schemas.avro.AttemptFailed;
import dev.roocode.schemas.avro.AttemptSucceeded;
import dev.roocode.schemas.avro.ProviderBatch;

/**
 * What a {@link Batcher} step produces: outcomes of batch lines and the new state of its groups. The Kafka
 * side writes everything one step produced in one transaction, together with the dispatch offsets
 * {@link Batcher#committable} allows, so a group's state and the outcomes it records are never apart.
 */
public interface BatchOutput {
    /** A line answered: AttemptSucceeded for the outcomes topic. */
    void succeeded(AttemptSucceeded outcome);

    /** A line that failed, expired, was never answered or whose deadline came first: AttemptFailed for fallback. */
    void failed(AttemptFailed failure);

    /** The new state of a group, for the provider-batches topic. */
    void saved(ProviderBatch group);

    /** A finished group no dispatch record can reach any more: its tombstone. */
    void removed(String groupId);
}
