package dev.roocode.sandbox.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.roocode.sandbox.junit.KafkaSandboxExtension;
import dev.roocode.sandbox.kafka.EmbeddedKafka;
import dev.roocode.schemas.avro.ChatMessage;
import dev.roocode.schemas.avro.ChatRequest;
import dev.roocode.schemas.avro.Job;
import dev.roocode.schemas.avro.JobKind;
import dev.roocode.schemas.registry.RestSchemaRegistryClient;
import dev.roocode.schemas.registry.SchemaRegistryClient;
import dev.roocode.schemas.registry.SchemaRegistryException;
import dev.roocode.schemas.serde.AvroSerde;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(KafkaSandboxExtension.class)
class EmbeddedSchemaRegistryIT {
    private static final Schema V1 = SchemaBuilder.record("Thing")
            .namespace("it")
            .fields()
            .requiredString("id")
            .endRecord();
    private static final Schema V2_WITH_DEFAULT = SchemaBuilder.record("Thing")
            .namespace("it")
            .fields()
            .requiredString("id")
            .name("size")
            .type()
            .intType()
            .intDefault(0)
            .endRecord();
    private static final Schema V2_WITHOUT_DEFAULT = SchemaBuilder.record("Thing")
            .namespace("it")
            .fields()
            .requiredString("id")
            .requiredInt("size")
            .endRecord();

    @Test
    void shouldRegisterIdempotentlyAndGiveTheSameIdToTheSameSchemaUnderEverySubject(
            SchemaRegistryClient client, EmbeddedSchemaRegistry registry) {
        int first = client.register("same-a-value", V1);
        int again = client.register("same-a-value", V1);
        int otherSubject = RestSchemaRegistryClient.forUrl(registry.url()).register("same-b-value", V1);

        assertThat(again).isEqualTo(first);
        assertThat(otherSubject).isEqualTo(first);
    }

    @Test
    void shouldServeSchemasByIdAndTheLatestVersionOfASubject(EmbeddedSchemaRegistry registry) {
        SchemaRegistryClient writer = RestSchemaRegistryClient.forUrl(registry.url());
        int v1 = writer.register("latest-value", V1);
        int v2 = writer.register("latest-value", V2_WITH_DEFAULT);
        SchemaRegistryClient reader = RestSchemaRegistryClient.forUrl(registry.url());

        assertThat(reader.getById(v1)).isEqualTo(V1);
        assertThat(reader.latest("latest-value"))
                .isEqualTo(new SchemaRegistryClient.RegisteredSchema("latest-value", 2, v2, V2_WITH_DEFAULT));
    }

    @Test
    void shouldJudgeCompatibilityUnderTheDefaultBackwardLevel(SchemaRegistryClient client) {
        client.register("compat-value", V1);

        assertThat(client.isCompatible("compat-value", V2_WITH_DEFAULT)).isTrue();
        assertThat(client.isCompatible("compat-value", V2_WITHOUT_DEFAULT)).isFalse();
        assertThat(client.isCompatible("never-registered-value", V2_WITHOUT_DEFAULT))
                .isTrue();
    }

    @Test
    void shouldRefuseAnIncompatibleRegistrationWith409(SchemaRegistryClient client) {
        client.register("refuse-value", V1);

        assertThatThrownBy(() -> client.register("refuse-value", V2_WITHOUT_DEFAULT))
                .isInstanceOfSatisfying(
                        SchemaRegistryException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(409))
                .hasMessageContaining("incompatible");
    }

    @Test
    void shouldAnswer40401ForAnUnknownSubjectAnd40403ForAnUnknownId(SchemaRegistryClient client) {
        assertThatThrownBy(() -> client.latest("unknown-value"))
                .isInstanceOfSatisfying(
                        SchemaRegistryException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(40401));
        assertThatThrownBy(() -> client.getById(99_999))
                .isInstanceOfSatisfying(
                        SchemaRegistryException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(40403));
    }

    @Test
    void shouldAcceptAnyChangeAfterTheSubjectLevelIsSetToNone(
            EmbeddedSchemaRegistry registry, SchemaRegistryClient client) throws Exception {
        client.register("free-value", V1);

        HttpResponse<String> put = http("PUT", registry.url() + "/config/free-value", "{\"compatibility\":\"NONE\"}");
        HttpResponse<String> get = http("GET", registry.url() + "/config/free-value", null);

        assertThat(put.statusCode()).isEqualTo(200);
        assertThat(get.body()).isEqualTo("{\"compatibilityLevel\":\"NONE\"}");
        assertThat(get.headers().firstValue("Content-Type")).hasValue("application/vnd.schemaregistry.v1+json");
        assertThat(client.register("free-value", V2_WITHOUT_DEFAULT)).isPositive();
    }

    @Test
    void shouldAnswerErrorsInTheConfluentShape(EmbeddedSchemaRegistry registry) throws Exception {
        HttpResponse<String> invalid =
                http("POST", registry.url() + "/subjects/bad-value/versions", "{\"schema\":\"{not avro\"}");
        HttpResponse<String> badVersion = http("GET", registry.url() + "/subjects/bad-value/versions/zero", null);
        HttpResponse<String> badLevel = http("PUT", registry.url() + "/config", "{\"compatibility\":\"SOMETIMES\"}");

        assertThat(invalid.statusCode()).isEqualTo(422);
        assertThat(invalid.body()).startsWith("{\"error_code\":42201,\"message\":");
        assertThat(badVersion.statusCode()).isEqualTo(422);
        assertThat(badVersion.body()).contains("\"error_code\":42202");
        assertThat(badLevel.statusCode()).isEqualTo(422);
        assertThat(badLevel.body()).contains("\"error_code\":42203");
    }

    @Test
    void shouldListSubjectsAndVersionsAndLookUpASchemaUnderASubject(
            EmbeddedSchemaRegistry registry, SchemaRegistryClient client) throws Exception {
        int id = client.register("listed-value", V1);
        client.register("listed-value", V2_WITH_DEFAULT);
        String body = "{\"schema\":" + new ObjectMapper().writeValueAsString(V1.toString()) + "}";

        assertThat(http("GET", registry.url() + "/subjects", null).body()).contains("\"listed-value\"");
        assertThat(http("GET", registry.url() + "/subjects/listed-value/versions", null)
                        .body())
                .isEqualTo("[1,2]");
        assertThat(http("POST", registry.url() + "/subjects/listed-value", body).body())
                .contains("\"subject\":\"listed-value\"", "\"version\":1", "\"id\":" + id);
    }

    @Test
    void shouldRoundTripAJobThroughAvroSerdeWithIdsFromTheRegistry(
            SchemaRegistryClient client, EmbeddedSchemaRegistry registry) {
        Job job = Job.newBuilder()
                .setRequestId("r-1")
                .setKind(JobKind.CHAT)
                .setModel("sim-fast")
                .setChat(ChatRequest.newBuilder()
                        .setMessages(List.of(ChatMessage.newBuilder()
                                .setRole("user")
                                .setContent("hello")
                                .build()))
                        .build())
                .setSubmittedAt(Instant.ofEpochMilli(1_700_000_000_000L))
                .build();
        AvroSerde<Job> writer = new AvroSerde<>(Job.class, client);
        AvroSerde<Job> reader = new AvroSerde<>(Job.class, RestSchemaRegistryClient.forUrl(registry.url()));

        byte[] bytes = writer.serialize("serde.jobs", job);

        assertThat(reader.deserialize("serde.jobs", bytes)).isEqualTo(job);
        assertThat(client.latest("serde.jobs-value").schema()).isEqualTo(Job.getClassSchema());
    }

    @Test
    void shouldKeepIdsAndVersionsAcrossARestartOfBrokerAndRegistryOnTheSameDataDirectory(@TempDir Path tmp) {
        Path data = tmp.resolve("kafka");
        int v1;
        int v2;
        try (EmbeddedKafka kafka =
                        EmbeddedKafka.builder().dataDirectory(data).build().start();
                EmbeddedSchemaRegistry registry = EmbeddedSchemaRegistry.builder()
                        .bootstrapServers(kafka.bootstrapServers())
                        .build()
                        .start()) {
            SchemaRegistryClient client = RestSchemaRegistryClient.forUrl(registry.url());
            v1 = client.register("durable-value", V1);
            v2 = client.register("durable-value", V2_WITH_DEFAULT);
            setLevel(registry, "durable-value", "FULL");
        }

        try (EmbeddedKafka kafka =
                        EmbeddedKafka.builder().dataDirectory(data).build().start();
                EmbeddedSchemaRegistry registry = EmbeddedSchemaRegistry.builder()
                        .bootstrapServers(kafka.bootstrapServers())
                        .build()
                        .start()) {
            SchemaRegistryClient client = RestSchemaRegistryClient.forUrl(registry.url());

            assertThat(client.getById(v1)).isEqualTo(V1);
            assertThat(client.latest("durable-value"))
                    .isEqualTo(new SchemaRegistryClient.RegisteredSchema("durable-value", 2, v2, V2_WITH_DEFAULT));
            assertThat(client.register("durable-value", V1)).isEqualTo(v1);
            assertThat(client.register(
                            "another-value",
                            SchemaBuilder.record("Other")
                                    .fields()
                                    .requiredLong("n")
                                    .endRecord()))
                    .isGreaterThan(v2);
            assertThat(http("GET", registry.url() + "/config/durable-value", null)
                            .body())
                    .contains("FULL");
        }
    }

    @Test
    void shouldKeepDeletionsAndModesAcrossARestartOfTheRegistry(EmbeddedKafka kafka) {
        Schema other = SchemaBuilder.record("Purged")
                .namespace("it")
                .fields()
                .requiredLong("n")
                .endRecord();
        int purgedId;
        try (EmbeddedSchemaRegistry registry = EmbeddedSchemaRegistry.builder()
                .bootstrapServers(kafka.bootstrapServers())
                .topic("_schemas_restart")
                .build()
                .start()) {
            SchemaRegistryClient client = RestSchemaRegistryClient.forUrl(registry.url());
            client.register("kept-value", V1);
            client.register("kept-value", V2_WITH_DEFAULT);
            purgedId = client.register("purged-value", other);
            assertThat(http("DELETE", registry.url() + "/subjects/kept-value/versions/2", null)
                            .statusCode())
                    .isEqualTo(200);
            assertThat(http("DELETE", registry.url() + "/subjects/purged-value", null)
                            .statusCode())
                    .isEqualTo(200);
            assertThat(http("DELETE", registry.url() + "/subjects/purged-value?permanent=true", null)
                            .statusCode())
                    .isEqualTo(200);
            assertThat(http("PUT", registry.url() + "/mode/kept-value", "{\"mode\":\"READONLY\"}")
                            .statusCode())
                    .isEqualTo(200);
        }

        try (EmbeddedSchemaRegistry registry = EmbeddedSchemaRegistry.builder()
                .bootstrapServers(kafka.bootstrapServers())
                .topic("_schemas_restart")
                .build()
                .start()) {
            assertThat(http("GET", registry.url() + "/subjects/kept-value/versions", null)
                            .body())
                    .isEqualTo("[1]");
            assertThat(http("GET", registry.url() + "/subjects/kept-value/versions?deleted=true", null)
                            .body())
                    .isEqualTo("[1,2]");
            assertThat(http("GET", registry.url() + "/subjects/purged-value/versions?deleted=true", null)
                            .body())
                    .contains("40401");
            assertThat(http("GET", registry.url() + "/schemas/ids/" + purgedId, null)
                            .body())
                    .contains("40403");
            assertThat(http("GET", registry.url() + "/mode/kept-value", null).body())
                    .isEqualTo("{\"mode\":\"READONLY\"}");
            assertThatThrownBy(() ->
                            RestSchemaRegistryClient.forUrl(registry.url()).register("kept-value", V2_WITH_DEFAULT))
                    .isInstanceOfSatisfying(
                            SchemaRegistryException.class,
                            e -> assertThat(e.errorCode()).isEqualTo(42205));
        }
    }

    private static void setLevel(EmbeddedSchemaRegistry registry, String subject, String level) {
        assertThat(http("PUT", registry.url() + "/config/" + subject, "{\"compatibility\":\"" + level + "\"}")
                        .statusCode())
                .isEqualTo(200);
    }

    private static HttpResponse<String> http(String method, String url, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/vnd.schemaregistry.v1+json");
        request.method(
                method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        try {
            return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new AssertionError(method + " " + url + " failed", e);
        }
    }
}
