package dev.roocode.sandbox.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.junit.jupiter.api.Test;

class SchemaStoreTest {
    private static final Schema V1 =
            SchemaBuilder.record("T").fields().requiredString("a").endRecord();
    private static final Schema V2_OPTIONAL_B = SchemaBuilder.record("T")
            .fields()
            .requiredString("a")
            .name("b")
            .type()
            .intType()
            .intDefault(1)
            .endRecord();
    private static final Schema V3_REQUIRED_C = SchemaBuilder.record("T")
            .fields()
            .requiredString("a")
            .name("b")
            .type()
            .intType()
            .intDefault(1)
            .requiredString("c")
            .endRecord();
    private static final Schema WITHOUT_A = SchemaBuilder.record("T")
            .fields()
            .name("b")
            .type()
            .intType()
            .intDefault(1)
            .endRecord();

    private final List<LogEntry> written = new ArrayList<>();
    private final SchemaStore store = new SchemaStore(written::add);

    @Test
    void shouldWriteEachNewVersionToTheLogAndNothingForARepeatedRegistration() {
        store.register("s", V1.toString());
        store.register("s", V1.toString());
        store.register("s", V2_OPTIONAL_B.toString());

        assertThat(written)
                .extracting(e -> ((LogEntry.SchemaVersion) e).version())
                .containsExactly(1, 2);
    }

    @Test
    void shouldChangeNothingWhenTheLogCannotBeWritten() {
        SchemaStore failing = new SchemaStore(e -> {
            throw RegistryError.storeFailed("broker down");
        });

        assertThatThrownBy(() -> failing.register("s", V1.toString()))
                .isInstanceOfSatisfying(
                        RegistryError.class, e -> assertThat(e.errorCode).isEqualTo(50001));
        assertThat(failing.subjects()).isEmpty();
    }

    @Test
    void shouldTreatWhitespaceVariantsOfASchemaAsTheSameSchema() {
        int id = store.register("s", V1.toString()).id();

        assertThat(store.register("s", spaced(V1)).id()).isEqualTo(id);
        assertThat(store.register("other", spaced(V1)).id()).isEqualTo(id);
    }

    @Test
    void shouldCheckBackwardAgainstTheLatestOnlyButBackwardTransitiveAgainstAll() {
        Schema onlyC = SchemaBuilder.record("T").fields().requiredString("c").endRecord();
        Schema cAndD = SchemaBuilder.record("T")
                .fields()
                .requiredString("c")
                .name("d")
                .type()
                .intType()
                .intDefault(0)
                .endRecord();
        store.register("s", V1.toString());
        store.setLevel("s", CompatibilityLevel.NONE);
        store.register("s", onlyC.toString());

        store.setLevel("s", CompatibilityLevel.BACKWARD);
        assertThat(store.compatibility("s", null, cAndD.toString())).isEmpty();
        store.setLevel("s", CompatibilityLevel.BACKWARD_TRANSITIVE);
        assertThat(store.compatibility("s", null, cAndD.toString()))
                .singleElement()
                .asString()
                .contains("READER_FIELD_MISSING_DEFAULT_VALUE");
        assertThatThrownBy(() -> store.register("s", cAndD.toString()))
                .isInstanceOfSatisfying(
                        RegistryError.class, e -> assertThat(e.status).isEqualTo(409));
    }

    @Test
    void shouldApplyForwardAndFullInBothDirections() {
        store.register("s", V1.toString());

        store.setLevel("s", CompatibilityLevel.FORWARD);
        assertThat(store.compatibility("s", "latest", V3_REQUIRED_C.toString())).isEmpty(); // V1 reads V3 data
        store.setLevel("s", CompatibilityLevel.FULL);
        assertThat(store.compatibility("s", "latest", V3_REQUIRED_C.toString()))
                .isNotEmpty(); // V3 cannot read V1 data (c)
        assertThat(store.compatibility("s", "latest", V2_OPTIONAL_B.toString())).isEmpty();
    }

    @Test
    void shouldRebuildTheSameStateFromItsOwnLog() {
        store.register("a", V1.toString());
        store.register("a", V2_OPTIONAL_B.toString());
        store.register("b", V1.toString());
        store.setLevel(null, CompatibilityLevel.FULL);
        store.deleteSubject("b");

        SchemaStore replayed = new SchemaStore(e -> {
            throw new AssertionError("replay must not write");
        });
        written.forEach(replayed::apply);

        assertThat(replayed.subjects()).containsExactly("a");
        assertThat(replayed.version("a", "latest")).isEqualTo(store.version("a", "latest"));
        assertThat(replayed.schemaById(1)).isEqualTo(V1.toString());
        assertThat(replayed.globalLevel()).isEqualTo(CompatibilityLevel.FULL);
    }

    @Test
    void shouldRebuildDeletionsAndModesFromTheEncodedLog() throws Exception {
        store.register("kept", V1.toString());
        store.register("kept", V2_OPTIONAL_B.toString());
        int purgedId = store.register("purged", WITHOUT_A.toString()).id();
        store.deleteVersion("kept", "2", false);
        store.deleteSubject("purged", false);
        store.deleteSubject("purged", true);
        store.setMode("kept", RegistryMode.READONLY);

        List<LogEntry> rewritten = new ArrayList<>();
        SchemaStore replayed = new SchemaStore(rewritten::add);
        for (LogEntry entry : written) {
            replayed.apply(LogCodec.decode(LogCodec.key(entry), LogCodec.value(entry)));
        }
        assertThat(rewritten).as("replay writes nothing").isEmpty();

        assertThat(replayed.versions("kept")).containsExactly(1);
        assertThat(replayed.versionNumbers("kept", SchemaStore.Filter.ALL)).containsExactly(1, 2);
        assertThat(replayed.subjects("", SchemaStore.Filter.ALL)).containsExactly("kept");
        assertThatThrownBy(() -> replayed.schemaById(purgedId))
                .isInstanceOfSatisfying(
                        RegistryError.class, e -> assertThat(e.errorCode).isEqualTo(40403));
        assertThat(replayed.subjectMode("kept")).isEqualTo(RegistryMode.READONLY);
        assertThatThrownBy(() -> replayed.register("kept", V2_OPTIONAL_B.toString()))
                .isInstanceOfSatisfying(
                        RegistryError.class, e -> assertThat(e.errorCode).isEqualTo(42205));
        assertThat(replayed.register("other", WITHOUT_A.toString()).id())
                .as("a deleted id is never given again")
                .isGreaterThan(purgedId);
    }

    @Test
    void shouldDropASubjectsLevelAndModeWithItsSoftDelete() {
        store.register("s", V1.toString());
        store.setLevel("s", CompatibilityLevel.NONE);
        store.setMode("s", RegistryMode.READWRITE);

        store.deleteSubject("s", false);

        assertThat(store.subjectLevel("s")).isNull();
        assertThat(store.subjectMode("s")).isNull();
    }

    @Test
    void shouldKeepIdsResolvableAndNumberOnAfterASubjectIsDeleted() {
        int id = store.register("s", V1.toString()).id();
        store.deleteSubject("s");

        assertThat(store.schemaById(id)).isEqualTo(V1.toString());
        assertThatThrownBy(() -> store.versions("s"))
                .isInstanceOfSatisfying(
                        RegistryError.class, e -> assertThat(e.errorCode).isEqualTo(40401));
        assertThat(store.register("s", V1.toString()).version()).isEqualTo(2);
    }

    @Test
    void shouldRejectInvalidSchemasAndVersionsWithTheirConfluentCodes() {
        assertThatThrownBy(() -> store.register("s", "{\"type\":\"record\"}"))
                .isInstanceOfSatisfying(
                        RegistryError.class, e -> assertThat(e.errorCode).isEqualTo(42201));
        store.register("s", V1.toString());
        assertThatThrownBy(() -> store.version("s", "0"))
                .isInstanceOfSatisfying(
                        RegistryError.class, e -> assertThat(e.errorCode).isEqualTo(42202));
        assertThatThrownBy(() -> store.version("s", "7"))
                .isInstanceOfSatisfying(
                        RegistryError.class, e -> assertThat(e.errorCode).isEqualTo(40402));
        assertThatThrownBy(() -> store.lookup("s", V2_OPTIONAL_B.toString()))
                .isInstanceOfSatisfying(
                        RegistryError.class, e -> assertThat(e.errorCode).isEqualTo(40403));
    }

    private static String spaced(Schema schema) {
        return schema.toString().replace(",", ",\n  ").replace(":", " : ");
    }
}
