package dev.roocode.sandbox.registry;

import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaPairCompatibility;

/**
 * The Confluent compatibility levels, checked with Avro's own {@link SchemaCompatibility}.
 * BACKWARD: the new schema reads data written with the previous one; FORWARD: the previous one
 * reads data written with the new one; FULL: both; TRANSITIVE: against every earlier version.
 */
enum CompatibilityLevel {
    NONE(false, false, false),
    BACKWARD(true, false, false),
    BACKWARD_TRANSITIVE(true, false, true),
    FORWARD(false, true, false),
    FORWARD_TRANSITIVE(false, true, true),
    FULL(true, true, false),
    FULL_TRANSITIVE(true, true, true);

    private final boolean backward;
    private final boolean forward;
    private final boolean transitive;

    CompatibilityLevel(boolean backward, boolean forward, boolean transitive) {
        this.backward = backward;
        this.forward = forward;
        this.transitive = transitive;
    }

    /** The level named {@code name} (case-insensitive), or null if there is none. */
    static CompatibilityLevel parse(String name) {
        if (name == null) {
            return null;
        }
        for (CompatibilityLevel level : values()) {
            if (level.name().equalsIgnoreCase(name.trim())) {
                return level;
            }
        }
        return null;
    }

    /**
     * Why {@code candidate} breaks this level against {@code earlier} (oldest first); empty when
     * it is compatible.
     */
    List<String> violations(Schema candidate, List<Schema> earlier) {
        List<String> messages = new ArrayList<>();
        if (earlier.isEmpty() || this == NONE) {
            return messages;
        }
        List<Schema> checked = transitive ? earlier : List.of(earlier.get(earlier.size() - 1));
        for (Schema previous : checked) {
            if (backward) {
                describe(SchemaCompatibility.checkReaderWriterCompatibility(candidate, previous), "backward", messages);
            }
            if (forward) {
                describe(SchemaCompatibility.checkReaderWriterCompatibility(previous, candidate), "forward", messages);
            }
        }
        return messages;
    }

    private static void describe(SchemaPairCompatibility result, String direction, List<String> messages) {
        if (result.getType() != SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
            result.getResult()
                    .getIncompatibilities()
                    .forEach(i -> messages.add(
                            direction + ": " + i.getType() + " at " + i.getLocation() + " (" + i.getMessage() + ")"));
            if (result.getResult().getIncompatibilities().isEmpty()) {
                messages.add(direction + ": " + result.getDescription());
            }
        }
    }
}
