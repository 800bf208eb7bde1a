package dev.roocode.schemas.registry;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;

/**
 * A registry held in memory, for TopologyTestDriver tests and single-process tools that need no
 * shared registry. Applies BACKWARD compatibility like the Confluent default.
 */
public final class InMemorySchemaRegistryClient implements SchemaRegistryClient {
    private final Map<Integer, Schema> byId = new HashMap<>();
    private final Map<Schema, Integer> idBySchema = new HashMap<>();
    private final Map<String, List<Integer>> versions = new HashMap<>();

    @Override
    public synchronized int register(String subject, Schema schema) {
        List<Integer> subjectVersions = versions.computeIfAbsent(subject, s -> new ArrayList<>());
        Integer id = idBySchema.get(schema);
        if (id != null && subjectVersions.contains(id)) {
            return id;
        }
        if (!subjectVersions.isEmpty() && !isCompatible(subject, schema)) {
            throw new SchemaRegistryException(
                    409,
                    "Schema being registered is incompatible with an earlier schema for subject \"" + subject + "\"");
        }
        if (id == null) {
            id = byId.size() + 1;
            byId.put(id, schema);
            idBySchema.put(schema, id);
        }
        subjectVersions.add(id);
        return id;
    }

    @Override
    public synchronized Schema getById(int id) {
        Schema schema = byId.get(id);
        if (schema == null) {
            throw new SchemaRegistryException(40403, "Schema " + id + " not found");
        }
        return schema;
    }

    @Override
    public synchronized RegisteredSchema latest(String subject) {
        List<Integer> subjectVersions = versions.get(subject);
        if (subjectVersions == null || subjectVersions.isEmpty()) {
            throw new SchemaRegistryException(40401, "Subject '" + subject + "' not found.");
        }
        int id = subjectVersions.get(subjectVersions.size() - 1);
        return new RegisteredSchema(subject, subjectVersions.size(), id, byId.get(id));
    }

    @Override
    public synchronized boolean isCompatible(String subject, Schema schema) {
        List<Integer> subjectVersions = versions.get(subject);
        if (subjectVersions == null || subjectVersions.isEmpty()) {
            return true;
        }
        Schema latest = byId.get(subjectVersions.get(subjectVersions.size() - 1));
        return SchemaCompatibility.checkReaderWriterCompatibility(schema, latest)
                        .getType()
                == SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE;
    }
}
