package dev.roocode.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.specific.SpecificData;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Golden schema history: every top-level record of src/main/avro has its released versions under
 * src/test/resources/schema-history/&lt;Record&gt;/v&lt;N&gt;.avsc, and the current schema must read data
 * written by each of them (backward compatibility, as the registry checks it). Changing a schema
 * therefore means adding the next version file; run with {@code -Droocode.schemaHistory.write=true}
 * to have it written, then review and commit it.
 */
class SchemaHistoryTest {
    static final Path AVRO_DIR = Path.of("src/main/avro");
    static final Path HISTORY_DIR = Path.of("src/test/resources/schema-history");
    static final String WRITE_PROPERTY = "roocode.schemaHistory.write";
    private static final Pattern VERSION_FILE = Pattern.compile("v(\\d+)\\.avsc");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Current schema of every top-level record declared in src/main/avro, from its generated class. */
    static Map<String, Schema> currentRecords() throws IOException {
        Map<String, Schema> records = new TreeMap<>();
        try (Stream<Path> files = Files.list(AVRO_DIR)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".avsc")).toList()) {
                JsonNode declared = JSON.readTree(file.toFile());
                if (!"record".equals(declared.path("type").asText())) {
                    continue; // enums are checked inside the records that use them
                }
                String className = declared.path("namespace").asText() + "."
                        + declared.path("name").asText();
                try {
                    records.put(
                            declared.path("name").asText(), SpecificData.get().getSchema(Class.forName(className)));
                } catch (ClassNotFoundException e) {
                    throw new AssertionError(file + " declares " + className + " but no class was generated", e);
                }
            }
        }
        assertThat(records).as("records found in %s", AVRO_DIR.toAbsolutePath()).isNotEmpty();
        return records;
    }

    /** The historical versions of one record, by version number. */
    static TreeMap<Integer, Schema> history(String record) throws IOException {
        TreeMap<Integer, Schema> versions = new TreeMap<>();
        Path dir = HISTORY_DIR.resolve(record);
        if (!Files.isDirectory(dir)) {
            return versions;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.toList()) {
                Matcher m = VERSION_FILE.matcher(file.getFileName().toString());
                if (m.matches()) {
                    versions.put(Integer.parseInt(m.group(1)), new Schema.Parser().parse(file.toFile()));
                }
            }
        }
        return versions;
    }

    /** Why {@code current} cannot read data written with {@code writer}; empty when it can. */
    static List<String> incompatibilities(String record, Schema current, int version, Schema writer) {
        SchemaCompatibility.SchemaPairCompatibility pair =
                SchemaCompatibility.checkReaderWriterCompatibility(current, writer);
        List<String> problems = new ArrayList<>();
        for (SchemaCompatibility.Incompatibility i : pair.getResult().getIncompatibilities()) {
            problems.add(record + " v" + version + ": current schema cannot read its data: " + i.getType() + " at "
                    + i.getLocation() + " (" + i.getMessage() + ")");
        }
        return problems;
    }

    /** Records without doc, fields without doc and enums without default, found below {@code schema}. */
    static List<String> contractViolations(Schema schema) {
        List<String> problems = new ArrayList<>();
        collectViolations(schema, new HashSet<>(), problems);
        return problems;
    }

    private static void collectViolations(Schema schema, Set<String> seen, List<String> problems) {
        switch (schema.getType()) {
            case RECORD -> {
                if (!seen.add(schema.getFullName())) {
                    return;
                }
                if (blank(schema.getDoc())) {
                    problems.add("record " + schema.getFullName() + " has no doc");
                }
                for (Schema.Field field : schema.getFields()) {
                    if (blank(field.doc())) {
                        problems.add("field " + schema.getName() + "." + field.name() + " has no doc");
                    }
                    collectViolations(field.schema(), seen, problems);
                }
            }
            case ENUM -> {
                if (seen.add(schema.getFullName()) && schema.getEnumDefault() == null) {
                    problems.add("enum " + schema.getFullName()
                            + " has no default symbol (an older reader could not read a new symbol)");
                }
            }
            case UNION -> schema.getTypes().forEach(t -> collectViolations(t, seen, problems));
            case ARRAY -> collectViolations(schema.getElementType(), seen, problems);
            case MAP -> collectViolations(schema.getValueType(), seen, problems);
            default -> {}
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    @TestFactory
    Stream<DynamicTest> currentSchemaShouldReadDataWrittenByEveryHistoricalVersion() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (Map.Entry<String, Schema> record : currentRecords().entrySet()) {
            for (Map.Entry<Integer, Schema> version : history(record.getKey()).entrySet()) {
                tests.add(DynamicTest.dynamicTest(
                        record.getKey() + " reads v" + version.getKey(),
                        () -> assertThat(incompatibilities(
                                        record.getKey(), record.getValue(), version.getKey(), version.getValue()))
                                .as(
                                        "backward compatibility of %s (new fields need defaults, enums keep their symbols"
                                                + " or a default)",
                                        record.getKey())
                                .isEmpty()));
            }
        }
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> latestHistoryVersionShouldBeTheCurrentSchema() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (Map.Entry<String, Schema> record : currentRecords().entrySet()) {
            tests.add(DynamicTest.dynamicTest(
                    record.getKey() + " is recorded", () -> checkRecorded(record.getKey(), record.getValue())));
        }
        return tests.stream();
    }

    private static void checkRecorded(String record, Schema current) throws IOException {
        TreeMap<Integer, Schema> history = history(record);
        String currentText = current.toString(true);
        if (!history.isEmpty() && history.lastEntry().getValue().toString(true).equals(currentText)) {
            return;
        }
        int next = history.isEmpty() ? 1 : history.lastKey() + 1;
        Path file = HISTORY_DIR.resolve(record).resolve("v" + next + ".avsc");
        if (Boolean.getBoolean(WRITE_PROPERTY)) {
            Files.createDirectories(file.getParent());
            Files.writeString(file, currentText + "\n", StandardCharsets.UTF_8);
            System.out.println("NOTICE: wrote " + file.toAbsolutePath() + "; review and commit it");
            return;
        }
        throw new AssertionError(record
                + (history.isEmpty()
                        ? " has no schema history"
                        : " differs from its latest" + " history version v" + history.lastKey())
                + ": add the current schema as " + file
                + " (run the build with -D" + WRITE_PROPERTY + "=true to write it, then commit it)");
    }

    @Test
    void everyRecordWithHistoryShouldStillExist() throws IOException {
        Set<String> current = currentRecords().keySet();
        if (!Files.isDirectory(HISTORY_DIR)) {
            return; // nothing recorded yet; latestHistoryVersionShouldBeTheCurrentSchema says what to add
        }
        try (Stream<Path> dirs = Files.list(HISTORY_DIR)) {
            assertThat(dirs.map(d -> d.getFileName().toString()).toList())
                    .as(
                            "records in %s that are no longer in %s (a removed record breaks its topics' readers)",
                            HISTORY_DIR, AVRO_DIR)
                    .allMatch(current::contains);
        }
    }

    @TestFactory
    Stream<DynamicTest> everyRecordAndFieldShouldHaveADocAndEveryEnumADefault() throws IOException {
        return currentRecords().entrySet().stream()
                .map(record -> DynamicTest.dynamicTest(
                        record.getKey(),
                        () -> assertThat(contractViolations(record.getValue()))
                                .as("schema rules for %s", record.getKey())
                                .isEmpty()));
    }

    @Test
    void shouldDetectANewFieldWithoutDefault() throws IOException {
        Schema usage = currentRecords().get("Usage");
        ObjectNode json = (ObjectNode) JSON.readTree(usage.toString());
        ((ArrayNode) json.get("fields"))
                .addObject()
                .put("name", "cachedTokens")
                .put("type", "long")
                .put("doc", "Prompt tokens served from cache.");
        Schema withoutDefault = new Schema.Parser().parse(json.toString());

        List<String> problems = incompatibilities("Usage", withoutDefault, 1, usage);

        assertThat(problems)
                .singleElement()
                .asString()
                .startsWith("Usage v1: current schema cannot read its data: READER_FIELD_MISSING_DEFAULT_VALUE")
                .contains("cachedTokens");
    }

    @Test
    void shouldAcceptANewFieldWithDefault() throws IOException {
        Schema usage = currentRecords().get("Usage");
        ObjectNode json = (ObjectNode) JSON.readTree(usage.toString());
        ((ArrayNode) json.get("fields"))
                .addObject()
                .put("name", "cachedTokens")
                .put("type", "long")
                .put("default", 0)
                .put("doc", "Cached tokens.");

        assertThat(incompatibilities("Usage", new Schema.Parser().parse(json.toString()), 1, usage))
                .isEmpty();
    }

    @Test
    void shouldDetectAMissingDocAndAnEnumWithoutDefault() {
        Schema schema = new Schema.Parser()
                .parse(
                        "{\"type\":\"record\",\"name\":\"R\",\"doc\":\"A record.\",\"fields\":["
                                + "{\"name\":\"a\",\"type\":\"int\"},"
                                + "{\"name\":\"e\",\"doc\":\"An enum.\",\"type\":{\"type\":\"enum\",\"name\":\"E\",\"symbols\":[\"X\"]}}]}");

        assertThat(contractViolations(schema))
                .containsExactly(
                        "field R.a has no doc",
                        "enum E has no default symbol (an older reader could not read a new symbol)");
    }
}
