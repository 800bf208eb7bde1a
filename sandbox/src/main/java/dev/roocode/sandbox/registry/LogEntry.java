package dev.roocode.sandbox.registry;

/** One record of the {@code _schemas} topic: a schema version, its permanent deletion, a compatibility setting or a mode. */
sealed interface LogEntry {

    /** Version {@code version} of {@code subject} is the schema with global id {@code id}; deleted = soft-deleted. */
    record SchemaVersion(String subject, int version, int id, String schema, boolean deleted) implements LogEntry {}

    /** Version {@code version} of {@code subject} is permanently deleted (a tombstone of its schema record). */
    record VersionPurged(String subject, int version) implements LogEntry {}

    /** The compatibility level of {@code subject} (null subject = global); null level = reset to the default. */
    record Config(String subject, CompatibilityLevel level) implements LogEntry {}

    /** The mode of {@code subject} (null subject = global); null mode = reset to the default. */
    record Mode(String subject, RegistryMode mode) implements LogEntry {}
}
