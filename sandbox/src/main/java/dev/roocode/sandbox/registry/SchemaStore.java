package dev.roocode.sandbox.registry;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;

/**
 * The registry's state and rules: global ids shared by identical schemas across subjects,
 * per-subject versions, compatibility levels. Every change is first handed to the durable log
 * (which throws if it cannot write) and only then applied, so memory never runs ahead of the
 * {@code _schemas} topic; {@link #apply} replays that topic on start.
 */
final class SchemaStore {
    static final CompatibilityLevel DEFAULT_LEVEL = CompatibilityLevel.BACKWARD;

    private final Consumer<LogEntry> durableLog;
    private final Map<Integer, String> schemaById = new HashMap<>();
    private final Map<String, Integer> idBySchema = new HashMap<>();
    /** subject → version → entry, including soft-deleted versions (they keep their numbers). */
    private final Map<String, TreeMap<Integer, LogEntry.SchemaVersion>> subjects = new TreeMap<>();
    private final Map<String, CompatibilityLevel> subjectLevels = new HashMap<>();
    private CompatibilityLevel globalLevel;
    private int maxId;

    SchemaStore(Consumer<LogEntry> durableLog) {
        this.durableLog = durableLog;
    }

    /** Registers {@code schemaText} under {@code subject}, idempotently; returns the entry (new or existing). */
    synchronized LogEntry.SchemaVersion register(String subject, String schemaText) {
        Schema schema = parse(schemaText);
        String canonical = schema.toString();
        LogEntry.SchemaVersion existing = find(subject, canonical);
        if (existing != null) {
            return existing;
        }
        List<String> violations = level(subject).violations(schema, liveSchemas(subject));
        if (!violations.isEmpty()) {
            throw new RegistryError(409, 409, "Schema being registered is incompatible with an earlier schema for subject \""
                    + subject + "\", details: " + violations);
        }
        Integer id = idBySchema.get(canonical);
        TreeMap<Integer, LogEntry.SchemaVersion> versions = subjects.get(subject);
        int version = versions == null || versions.isEmpty() ? 1 : versions.lastKey() + 1;
        LogEntry.SchemaVersion entry = new LogEntry.SchemaVersion(subject, version, id == null ? maxId + 1 : id, canonical, false);
        write(entry);
        return entry;
    }

    /** The live version of {@code subject} holding {@code schemaText}; 40401 / 40403 otherwise. */
    synchronized LogEntry.SchemaVersion lookup(String subject, String schemaText) {
        requireSubject(subject);
        LogEntry.SchemaVersion found = find(subject, parse(schemaText).toString());
        if (found == null) {
            throw RegistryError.schemaNotFound("Schema");
        }
        return found;
    }

    synchronized String schemaById(int id) {
        String schema = schemaById.get(id);
        if (schema == null) {
            throw RegistryError.schemaNotFound("Schema " + id);
        }
        return schema;
    }

    /** Subjects with at least one live version, sorted. */
    synchronized List<String> subjects() {
        return subjects.keySet().stream().filter(s -> !liveVersions(s).isEmpty()).toList();
    }

    synchronized List<Integer> versions(String subject) {
        requireSubject(subject);
        return liveVersions(subject).stream().map(LogEntry.SchemaVersion::version).toList();
    }

    /** Version {@code versionSpec} ("latest", "-1" or 1..2^31-1) of {@code subject}. */
    synchronized LogEntry.SchemaVersion version(String subject, String versionSpec) {
        int wanted = parseVersion(versionSpec);
        List<LogEntry.SchemaVersion> live = requireSubject(subject);
        if (wanted == -1) {
            return live.get(live.size() - 1);
        }
        return live.stream().filter(v -> v.version() == wanted).findFirst()
                .orElseThrow(() -> RegistryError.versionNotFound(subject, versionSpec));
    }

    /**
     * Why {@code schemaText} is incompatible with {@code subject} under the subject's level; empty =
     * compatible. With a version ("latest", "-1", n) it is checked against that version only; with
     * null against the versions the level names (the latest, or all for TRANSITIVE levels). A
     * subject without versions accepts anything when no particular version is asked for.
     */
    synchronized List<String> compatibility(String subject, String versionSpec, String schemaText) {
        Schema candidate = parse(schemaText);
        if (versionSpec == null) {
            return level(subject).violations(candidate, liveSchemas(subject));
        }
        int wanted = parseVersion(versionSpec);
        if (wanted == -1 && liveVersions(subject).isEmpty()) {
            return List.of();
        }
        return level(subject).violations(candidate, List.of(parse(version(subject, versionSpec).schema())));
    }

    synchronized CompatibilityLevel globalLevel() {
        return globalLevel == null ? DEFAULT_LEVEL : globalLevel;
    }

    /** The level set for {@code subject}, or null if it follows the global level. */
    synchronized CompatibilityLevel subjectLevel(String subject) {
        return subjectLevels.get(subject);
    }

    synchronized void setLevel(String subject, CompatibilityLevel level) {
        write(new LogEntry.Config(subject, level));
    }

    /** Soft-deletes every live version of {@code subject}; returns their numbers. Ids stay resolvable. */
    synchronized List<Integer> deleteSubject(String subject) {
        List<LogEntry.SchemaVersion> live = requireSubject(subject);
        List<Integer> deleted = new ArrayList<>();
        for (LogEntry.SchemaVersion v : live) {
            write(new LogEntry.SchemaVersion(v.subject(), v.version(), v.id(), v.schema(), true));
            deleted.add(v.version());
        }
        return deleted;
    }

    /** Applies one entry replayed from the log, without writing it again. */
    synchronized void apply(LogEntry entry) {
        if (entry instanceof LogEntry.SchemaVersion v) {
            subjects.computeIfAbsent(v.subject(), s -> new TreeMap<>()).put(v.version(), v);
            schemaById.putIfAbsent(v.id(), v.schema());
            idBySchema.putIfAbsent(v.schema(), v.id());
            maxId = Math.max(maxId, v.id());
        } else if (entry instanceof LogEntry.Config c) {
            if (c.subject() == null) {
                globalLevel = c.level();
            } else if (c.level() == null) {
                subjectLevels.remove(c.subject());
            } else {
                subjectLevels.put(c.subject(), c.level());
            }
        }
    }

    private void write(LogEntry entry) {
        durableLog.accept(entry);
        apply(entry);
    }

    private CompatibilityLevel level(String subject) {
        CompatibilityLevel level = subjectLevels.get(subject);
        return level != null ? level : globalLevel();
    }

    private LogEntry.SchemaVersion find(String subject, String canonical) {
        return liveVersions(subject).stream().filter(v -> v.schema().equals(canonical)).findFirst().orElse(null);
    }

    private List<LogEntry.SchemaVersion> liveVersions(String subject) {
        TreeMap<Integer, LogEntry.SchemaVersion> versions = subjects.get(subject);
        return versions == null ? List.of() : versions.values().stream().filter(v -> !v.deleted()).toList();
    }

    private List<Schema> liveSchemas(String subject) {
        return liveVersions(subject).stream().map(v -> parse(v.schema())).toList();
    }

    private List<LogEntry.SchemaVersion> requireSubject(String subject) {
        List<LogEntry.SchemaVersion> live = liveVersions(subject);
        if (live.isEmpty()) {
            throw RegistryError.subjectNotFound(subject);
        }
        return live;
    }

    private static int parseVersion(String versionSpec) {
        if ("latest".equals(versionSpec) || "-1".equals(versionSpec)) {
            return -1;
        }
        try {
            int version = Integer.parseInt(versionSpec);
            if (version >= 1) {
                return version;
            }
        } catch (NumberFormatException e) {
            // fall through to the Confluent error
        }
        throw RegistryError.invalidVersion(versionSpec);
    }

    private static Schema parse(String schemaText) {
        if (schemaText == null || schemaText.isBlank()) {
            throw RegistryError.invalidSchema("empty schema");
        }
        try {
            return new Schema.Parser().parse(schemaText);
        } catch (AvroRuntimeException | NullPointerException e) {
            throw RegistryError.invalidSchema(String.valueOf(e.getMessage()));
        }
    }
}
