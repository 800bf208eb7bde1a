package dev.roocode.sandbox.registry;

/** One record of the {@code _schemas} topic: a schema version or a compatibility setting. */
sealed interface LogEntry {

    /** Version {@code version} of {@code subject} is the schema with global id {@code id}; deleted = soft-deleted. */
    record SchemaVersion(String subject, int version, int id, String schema, boolean deleted) implements LogEntry {}

    /** The compatibility level of {@code subject} (null subject = global); null level = reset to the default. */
    record Config(String subject, CompatibilityLevel level) implements LogEntry {}
}
