package dev.roocode.schemas.registry;

import org.apache.avro.Schema;

/**
 * The subset of the Confluent Schema Registry REST API that Roocode uses. Implementations cache
 * ids and schemas, since schemas never change once registered.
 */
public interface SchemaRegistryClient extends AutoCloseable {

    /** Registers {@code schema} under {@code subject} (idempotent) and returns its global id. */
    int register(String subject, Schema schema);

    /** Returns the schema with global id {@code id}; throws {@link SchemaRegistryException} if unknown. */
    Schema getById(int id);

    /** Returns the latest version registered under {@code subject}. */
    RegisteredSchema latest(String subject);

    /** Whether {@code schema} is compatible with the latest version of {@code subject} under its compatibility level. */
    boolean isCompatible(String subject, Schema schema);

    @Override
    default void close() {}

    /** One registered schema version. */
    record RegisteredSchema(String subject, int version, int id, Schema schema) {}
}
