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
 * per-subject versions with Confluent's soft then permanent deletion, compatibility levels and
 * modes. Every change is first handed to the durable log (which throws if it cannot write) and only
 * then applied, so memory never runs ahead of the {@code _schemas} topic; {@link #apply} replays
 * that topic on start. Past 300 lines because the Confluent rules on which versions a call sees
 * (live, soft-deleted, both) and which error it answers belong together.
 */
final class SchemaStore {
    static final CompatibilityLevel DEFAULT_LEVEL = CompatibilityLevel.BACKWARD;
    static final RegistryMode DEFAULT_MODE = RegistryMode.READWRITE;

    /** Which versions a read sees: Confluent's {@code deleted} and {@code deletedOnly} parameters. */
    enum Filter {
        LIVE,
        ALL,
        DELETED_ONLY;

        static Filter of(boolean deleted, boolean deletedOnly) {
            return deletedOnly ? DELETED_ONLY : deleted ? ALL : LIVE;
        }

        boolean admits(LogEntry.SchemaVersion v) {
            return this == ALL || v.deleted() == (this == DELETED_ONLY);
        }
    }

    private final Consumer<LogEntry> durableLog;
    private final Map<Integer, String> schemaById = new HashMap<>();
    private final Map<String, Integer> idBySchema = new HashMap<>();
    /** subject → version → entry, including soft-deleted versions (they keep their numbers). */
    private final Map<String, TreeMap<Integer, LogEntry.SchemaVersion>> subjects = new TreeMap<>();

    private final Map<String, CompatibilityLevel> subjectLevels = new HashMap<>();
    private final Map<String, RegistryMode> subjectModes = new HashMap<>();
    private CompatibilityLevel globalLevel;
    private RegistryMode globalMode;
    private int maxId;

    SchemaStore(Consumer<LogEntry> durableLog) {
        this.durableLog = durableLog;
    }

    /** Registers {@code schemaText} under {@code subject}, idempotently; returns the entry (new or existing). */
    synchronized LogEntry.SchemaVersion register(String subject, String schemaText) {
        requireWritable(subject);
        Schema schema = parse(schemaText);
        String canonical = schema.toString();
        LogEntry.SchemaVersion existing = find(subject, canonical);
        if (existing != null) {
            return existing;
        }
        List<String> violations = level(subject).violations(schema, liveSchemas(subject));
        if (!violations.isEmpty()) {
            throw new RegistryError(
                    409,
                    409,
                    "Schema being registered is incompatible with an earlier schema for subject \"" + subject
                            + "\", details: " + violations);
        }
        Integer id = idBySchema.get(canonical);
        TreeMap<Integer, LogEntry.SchemaVersion> versions = subjects.get(subject);
        int version = versions == null || versions.isEmpty() ? 1 : versions.lastKey() + 1;
        LogEntry.SchemaVersion entry =
                new LogEntry.SchemaVersion(subject, version, id == null ? maxId + 1 : id, canonical, false);
        write(entry);
        return entry;
    }

    /** The live version of {@code subject} holding {@code schemaText}; 40401 / 40403 otherwise. */
    synchronized LogEntry.SchemaVersion lookup(String subject, String schemaText) {
        return lookup(subject, schemaText, false);
    }

    /** The version of {@code subject} holding {@code schemaText}, soft-deleted ones too if asked; 40401 / 40403 otherwise. */
    synchronized LogEntry.SchemaVersion lookup(String subject, String schemaText, boolean includeDeleted) {
        Filter filter = includeDeleted ? Filter.ALL : Filter.LIVE;
        requireSubject(subject, filter);
        String canonical = parse(schemaText).toString();
        return versions(subject, filter).stream()
                .filter(v -> v.schema().equals(canonical))
                .findFirst()
                .orElseThrow(() -> RegistryError.schemaNotFound("Schema"));
    }

    synchronized String schemaById(int id) {
        String schema = schemaById.get(id);
        if (schema == null) {
            throw RegistryError.schemaNotFound("Schema " + id);
        }
        return schema;
    }

    /** The subject-version pairs using schema {@code id} (of {@code subject} only, if not null); 40403 for an unknown id. */
    synchronized List<LogEntry.SchemaVersion> versionsOfId(int id, String subject, boolean includeDeleted) {
        schemaById(id);
        Filter filter = includeDeleted ? Filter.ALL : Filter.LIVE;
        return subjects.values().stream()
                .flatMap(versions -> versions.values().stream())
                .filter(v -> v.id() == id
                        && filter.admits(v)
                        && (subject == null || v.subject().equals(subject)))
                .toList();
    }

    /** Subjects with at least one live version, sorted. */
    synchronized List<String> subjects() {
        return subjects("", Filter.LIVE);
    }

    /** Subjects starting with {@code prefix} that have at least one version the filter admits, sorted. */
    synchronized List<String> subjects(String prefix, Filter filter) {
        return subjects.keySet().stream()
                .filter(s -> s.startsWith(prefix) && !versions(s, filter).isEmpty())
                .toList();
    }

    synchronized List<Integer> versions(String subject) {
        return versionNumbers(subject, Filter.LIVE);
    }

    /** The version numbers of {@code subject} the filter admits; 40401 when there are none. */
    synchronized List<Integer> versionNumbers(String subject, Filter filter) {
        return requireSubject(subject, filter).stream()
                .map(LogEntry.SchemaVersion::version)
                .toList();
    }

    /** Version {@code versionSpec} ("latest", "-1" or 1..2^31-1) of {@code subject}. */
    synchronized LogEntry.SchemaVersion version(String subject, String versionSpec) {
        return version(subject, versionSpec, false);
    }

    /**
     * Version {@code versionSpec} of {@code subject}, among the live versions or, if asked, the
     * soft-deleted ones too ("latest" is then the highest of either); 42202, 40401, 40402 otherwise.
     */
    synchronized LogEntry.SchemaVersion version(String subject, String versionSpec, boolean includeDeleted) {
        int wanted = parseVersion(versionSpec);
        List<LogEntry.SchemaVersion> seen = requireSubject(subject, includeDeleted ? Filter.ALL : Filter.LIVE);
        if (wanted == -1) {
            return seen.get(seen.size() - 1);
        }
        return seen.stream()
                .filter(v -> v.version() == wanted)
                .findFirst()
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
        return level(subject)
                .violations(
                        candidate, List.of(parse(version(subject, versionSpec).schema())));
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

    synchronized RegistryMode globalMode() {
        return globalMode == null ? DEFAULT_MODE : globalMode;
    }

    /** The mode set for {@code subject}, or null if it follows the global mode. */
    synchronized RegistryMode subjectMode(String subject) {
        return subjectModes.get(subject);
    }

    /** Sets (null: resets) the mode of {@code subject} (null: the global mode); IMPORT is refused with 42205. */
    synchronized void setMode(String subject, RegistryMode mode) {
        if (mode == RegistryMode.IMPORT) {
            throw RegistryError.operationNotPermitted("IMPORT mode is not supported by the embedded registry");
        }
        write(new LogEntry.Mode(subject, mode));
    }

    /** Soft-deletes every live version of {@code subject}; returns their numbers. Ids stay resolvable. */
    synchronized List<Integer> deleteSubject(String subject) {
        return deleteSubject(subject, false);
    }

    /**
     * Deletes {@code subject} as Confluent does: soft (its live versions are hidden, their ids stay
     * resolvable, its compatibility level and mode are dropped), or permanently once every version is
     * soft-deleted (40405 before). Returns the version numbers deleted. 40401 for a subject without
     * versions, 40404 for a soft delete of an already soft-deleted subject.
     */
    synchronized List<Integer> deleteSubject(String subject, boolean permanent) {
        List<LogEntry.SchemaVersion> all = requireSubject(subject, Filter.ALL);
        requireWritable(subject);
        List<LogEntry.SchemaVersion> live = versions(subject, Filter.LIVE);
        List<Integer> deleted = new ArrayList<>();
        if (permanent) {
            if (!live.isEmpty()) {
                throw RegistryError.subjectNotSoftDeleted(subject);
            }
            for (LogEntry.SchemaVersion v : all) {
                write(new LogEntry.VersionPurged(subject, v.version()));
                deleted.add(v.version());
            }
            return deleted;
        }
        if (live.isEmpty()) {
            throw RegistryError.subjectSoftDeleted(subject);
        }
        for (LogEntry.SchemaVersion v : live) {
            write(new LogEntry.SchemaVersion(v.subject(), v.version(), v.id(), v.schema(), true));
            deleted.add(v.version());
        }
        if (subjectLevels.containsKey(subject)) {
            write(new LogEntry.Config(subject, null));
        }
        if (subjectModes.containsKey(subject)) {
            write(new LogEntry.Mode(subject, null));
        }
        return deleted;
    }

    /**
     * Deletes version {@code versionSpec} of {@code subject} ("latest" is the highest, soft-deleted
     * or not): soft, or permanently once soft-deleted (40407 before); 40406 for a soft delete of a
     * soft-deleted version. Returns the version number.
     */
    synchronized int deleteVersion(String subject, String versionSpec, boolean permanent) {
        LogEntry.SchemaVersion v = version(subject, versionSpec, true);
        requireWritable(subject);
        if (permanent) {
            if (!v.deleted()) {
                throw RegistryError.versionNotSoftDeleted(subject, v.version());
            }
            write(new LogEntry.VersionPurged(subject, v.version()));
        } else {
            if (v.deleted()) {
                throw RegistryError.versionSoftDeleted(subject, v.version());
            }
            write(new LogEntry.SchemaVersion(v.subject(), v.version(), v.id(), v.schema(), true));
        }
        return v.version();
    }

    /** Applies one entry replayed from the log, without writing it again. */
    synchronized void apply(LogEntry entry) {
        if (entry instanceof LogEntry.SchemaVersion v) {
            subjects.computeIfAbsent(v.subject(), s -> new TreeMap<>()).put(v.version(), v);
            schemaById.putIfAbsent(v.id(), v.schema());
            idBySchema.putIfAbsent(v.schema(), v.id());
            maxId = Math.max(maxId, v.id());
        } else if (entry instanceof LogEntry.VersionPurged p) {
            purge(p);
        } else if (entry instanceof LogEntry.Mode m) {
            if (m.subject() == null) {
                globalMode = m.mode();
            } else if (m.mode() == null) {
                subjectModes.remove(m.subject());
            } else {
                subjectModes.put(m.subject(), m.mode());
            }
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

    /**
     * Forgets a permanently deleted version, and its schema once no version of any subject uses it
     * (its id then answers 40403). The highest id stays, so a new schema never takes a deleted id.
     */
    private void purge(LogEntry.VersionPurged p) {
        TreeMap<Integer, LogEntry.SchemaVersion> versions = subjects.get(p.subject());
        LogEntry.SchemaVersion removed = versions == null ? null : versions.remove(p.version());
        if (removed == null) {
            return;
        }
        if (versions.isEmpty()) {
            subjects.remove(p.subject());
        }
        boolean stillUsed =
                subjects.values().stream().flatMap(vs -> vs.values().stream()).anyMatch(v -> v.id() == removed.id());
        if (!stillUsed) {
            schemaById.remove(removed.id());
            idBySchema.remove(removed.schema(), removed.id());
        }
    }

    /** 42205 when the effective mode of {@code subject} refuses writes. */
    private void requireWritable(String subject) {
        RegistryMode global = globalMode();
        RegistryMode own = subjectModes.get(subject);
        RegistryMode effective = global == RegistryMode.READONLY_OVERRIDE || own == null ? global : own;
        if (effective.refusesWrites()) {
            throw RegistryError.operationNotPermitted("Subject " + subject + " is in read-only mode");
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
        return liveVersions(subject).stream()
                .filter(v -> v.schema().equals(canonical))
                .findFirst()
                .orElse(null);
    }

    private List<LogEntry.SchemaVersion> liveVersions(String subject) {
        return versions(subject, Filter.LIVE);
    }

    private List<LogEntry.SchemaVersion> versions(String subject, Filter filter) {
        TreeMap<Integer, LogEntry.SchemaVersion> versions = subjects.get(subject);
        return versions == null
                ? List.of()
                : versions.values().stream().filter(filter::admits).toList();
    }

    private List<Schema> liveSchemas(String subject) {
        return liveVersions(subject).stream().map(v -> parse(v.schema())).toList();
    }

    private List<LogEntry.SchemaVersion> requireSubject(String subject) {
        return requireSubject(subject, Filter.LIVE);
    }

    private List<LogEntry.SchemaVersion> requireSubject(String subject, Filter filter) {
        List<LogEntry.SchemaVersion> seen = versions(subject, filter);
        if (seen.isEmpty()) {
            throw RegistryError.subjectNotFound(subject);
        }
        return seen;
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
