package dev.roocode.sandbox.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.roocode.sandbox.junit.KafkaSandboxExtension;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The embedded registry's answers to the calls Confluent's clients make (deletion, ids, modes,
 * contexts), each checked against Confluent's published OpenAPI document: a status the operation
 * declares, a body matching its response schema, the error codes Confluent's own server answers.
 */
@ExtendWith(KafkaSandboxExtension.class)
class RegistryApiSpecIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static RegistryApiSpec spec;
    private String url;

    /** One answer, already checked against the document. */
    private record Answer(int status, JsonNode body) {
        int errorCode() {
            return body.path("error_code").asInt();
        }
    }

    @BeforeAll
    static void loadSpec() {
        spec = RegistryApiSpec.load();
    }

    @BeforeEach
    void locate(EmbeddedSchemaRegistry registry) {
        url = registry.url();
    }

    @Test
    void shouldListSubjectsByPrefixAndShowSoftDeletedOnesOnlyWhenAsked() {
        register("pfx-live", v1("prefix"));
        register("pfx-gone", v1("prefix"));
        register("other-live", v1("prefix"));
        call("DELETE", "/subjects/{subject}", "/subjects/pfx-gone", null);

        assertThat(call("GET", "/subjects", "/subjects?subjectPrefix=pfx-", null)
                        .body())
                .containsExactly(text("pfx-live"));
        assertThat(call("GET", "/subjects", "/subjects?subjectPrefix=pfx-&deleted=true", null)
                        .body())
                .containsExactly(text("pfx-gone"), text("pfx-live"));
        assertThat(call("GET", "/subjects", "/subjects?subjectPrefix=pfx-&deletedOnly=true", null)
                        .body())
                .containsExactly(text("pfx-gone"));
        assertThat(call("GET", "/subjects", "/subjects?subjectPrefix=" + encode(":.:pfx-"), null)
                        .body())
                .containsExactly(text("pfx-live"));
        assertThat(call("GET", "/subjects", "/subjects?subjectPrefix=pfx-&deleted=true&offset=1&limit=1", null)
                        .body())
                .containsExactly(text("pfx-live"));
        assertThat(call("GET", "/subjects", "/subjects", null).body())
                .contains(text("other-live"))
                .doesNotContain(text("pfx-gone"));
    }

    @Test
    void shouldDeleteASubjectPermanentlyOnlyAfterASoftDelete() {
        int id = register("gone-value", v1("gone"));
        register("gone-value", v2("gone"));

        Answer tooEarly = call("DELETE", "/subjects/{subject}", "/subjects/gone-value?permanent=true", null);
        Answer soft = call("DELETE", "/subjects/{subject}", "/subjects/gone-value", null);
        Answer again = call("DELETE", "/subjects/{subject}", "/subjects/gone-value", null);

        assertThat(tooEarly.status()).isEqualTo(404);
        assertThat(tooEarly.errorCode()).isEqualTo(40405);
        assertThat(soft.body()).containsExactly(number(1), number(2));
        assertThat(again.errorCode()).isEqualTo(40404);
        assertThat(call("GET", "/subjects/{subject}/versions", "/subjects/gone-value/versions", null)
                        .errorCode())
                .isEqualTo(40401);
        assertThat(call("GET", "/subjects/{subject}/versions", "/subjects/gone-value/versions?deleted=true", null)
                        .body())
                .containsExactly(number(1), number(2));
        assertThat(call("GET", "/subjects/{subject}/versions/{version}", "/subjects/gone-value/versions/1", null)
                        .errorCode())
                .isEqualTo(40401);
        assertThat(call(
                                "GET",
                                "/subjects/{subject}/versions/{version}",
                                "/subjects/gone-value/versions/1?deleted=true",
                                null)
                        .body()
                        .path("id")
                        .asInt())
                .isEqualTo(id);
        assertThat(call("GET", "/schemas/ids/{id}", "/schemas/ids/" + id, null).status())
                .isEqualTo(200);

        Answer permanent = call("DELETE", "/subjects/{subject}", "/subjects/gone-value?permanent=true", null);

        assertThat(permanent.body()).containsExactly(number(1), number(2));
        assertThat(call("GET", "/subjects/{subject}/versions", "/subjects/gone-value/versions?deleted=true", null)
                        .errorCode())
                .isEqualTo(40401);
        assertThat(call("GET", "/schemas/ids/{id}", "/schemas/ids/" + id, null).errorCode())
                .isEqualTo(40403);
        assertThat(call("DELETE", "/subjects/{subject}", "/subjects/gone-value?permanent=true", null)
                        .errorCode())
                .isEqualTo(40401);
        assertThat(register("gone-value", v1("gone")))
                .as("a new schema never takes a deleted id")
                .isNotEqualTo(id);
        assertThat(call("GET", "/subjects/{subject}/versions", "/subjects/gone-value/versions", null)
                        .body())
                .containsExactly(number(1));
    }

    @Test
    void shouldDeleteSingleVersionsSoftThenPermanently() {
        register("versions-value", v1("versions"));
        register("versions-value", v2("versions"));
        register("versions-value", v3("versions"));

        assertThat(call(
                                "DELETE",
                                "/subjects/{subject}/versions/{version}",
                                "/subjects/versions-value/versions/2?permanent=true",
                                null)
                        .errorCode())
                .isEqualTo(40407);
        assertThat(call("DELETE", "/subjects/{subject}/versions/{version}", "/subjects/versions-value/versions/2", null)
                        .body())
                .isEqualTo(number(2));
        assertThat(call("DELETE", "/subjects/{subject}/versions/{version}", "/subjects/versions-value/versions/2", null)
                        .errorCode())
                .isEqualTo(40406);
        assertThat(call("GET", "/subjects/{subject}/versions", "/subjects/versions-value/versions", null)
                        .body())
                .containsExactly(number(1), number(3));
        assertThat(call(
                                "DELETE",
                                "/subjects/{subject}/versions/{version}",
                                "/subjects/versions-value/versions/latest",
                                null)
                        .body())
                .isEqualTo(number(3));
        assertThat(call(
                                "GET",
                                "/subjects/{subject}/versions/{version}",
                                "/subjects/versions-value/versions/latest",
                                null)
                        .body()
                        .path("version")
                        .asInt())
                .isEqualTo(1);
        assertThat(call(
                                "GET",
                                "/subjects/{subject}/versions/{version}",
                                "/subjects/versions-value/versions/-1?deleted=true",
                                null)
                        .body()
                        .path("version")
                        .asInt())
                .isEqualTo(3);
        assertThat(call(
                                "GET",
                                "/subjects/{subject}/versions",
                                "/subjects/versions-value/versions?deletedOnly=true",
                                null)
                        .body())
                .containsExactly(number(2), number(3));
        assertThat(call(
                                "DELETE",
                                "/subjects/{subject}/versions/{version}",
                                "/subjects/versions-value/versions/2?permanent=true",
                                null)
                        .body())
                .isEqualTo(number(2));
        assertThat(call("GET", "/subjects/{subject}/versions", "/subjects/versions-value/versions?deleted=true", null)
                        .body())
                .containsExactly(number(1), number(3));
        assertThat(call("DELETE", "/subjects/{subject}/versions/{version}", "/subjects/versions-value/versions/9", null)
                        .errorCode())
                .isEqualTo(40402);
        assertThat(call(
                                "DELETE",
                                "/subjects/{subject}/versions/{version}",
                                "/subjects/versions-value/versions/zero",
                                null)
                        .errorCode())
                .isEqualTo(42202);
        assertThat(call("DELETE", "/subjects/{subject}/versions/{version}", "/subjects/never-value/versions/1", null)
                        .errorCode())
                .isEqualTo(40401);
    }

    @Test
    void shouldListTheSubjectsAndVersionsUsingASchemaId() {
        int id = register("ids-a-value", v1("ids"));
        register("ids-b-value", v1("ids"));
        call("DELETE", "/subjects/{subject}", "/subjects/ids-b-value", null);

        assertThat(call("GET", "/schemas/ids/{id}/subjects", "/schemas/ids/" + id + "/subjects", null)
                        .body())
                .containsExactly(text("ids-a-value"));
        assertThat(call("GET", "/schemas/ids/{id}/subjects", "/schemas/ids/" + id + "/subjects?deleted=true", null)
                        .body())
                .containsExactly(text("ids-a-value"), text("ids-b-value"));
        assertThat(call(
                                "GET",
                                "/schemas/ids/{id}/subjects",
                                "/schemas/ids/" + id + "/subjects?deleted=true&subject=ids-b-value",
                                null)
                        .body())
                .containsExactly(text("ids-b-value"));
        assertThat(call("GET", "/schemas/ids/{id}/versions", "/schemas/ids/" + id + "/versions?deleted=true", null)
                        .body())
                .containsExactly(
                        JSON.createObjectNode().put("subject", "ids-a-value").put("version", 1),
                        JSON.createObjectNode().put("subject", "ids-b-value").put("version", 1));
        assertThat(call("GET", "/schemas/ids/{id}/subjects", "/schemas/ids/99999/subjects", null)
                        .errorCode())
                .isEqualTo(40403);
        assertThat(call("GET", "/schemas/ids/{id}/versions", "/schemas/ids/99999/versions", null)
                        .errorCode())
                .isEqualTo(40403);
    }

    @Test
    void shouldAnswerReferencedByWithNoSchemasAndTheVersionErrors() {
        register("refs-value", v1("refs"));

        assertThat(call(
                                "GET",
                                "/subjects/{subject}/versions/{version}/referencedby",
                                "/subjects/refs-value/versions/1/referencedby",
                                null)
                        .body())
                .isEmpty();
        assertThat(call(
                                "GET",
                                "/subjects/{subject}/versions/{version}/referencedby",
                                "/subjects/refs-value/versions/latest/referencedby",
                                null)
                        .status())
                .isEqualTo(200);
        assertThat(call(
                                "GET",
                                "/subjects/{subject}/versions/{version}/referencedby",
                                "/subjects/refs-value/versions/7/referencedby",
                                null)
                        .errorCode())
                .isEqualTo(40402);
        assertThat(call(
                                "GET",
                                "/subjects/{subject}/versions/{version}/referencedby",
                                "/subjects/no-refs-value/versions/1/referencedby",
                                null)
                        .errorCode())
                .isEqualTo(40401);
        assertThat(call(
                                "GET",
                                "/subjects/{subject}/versions/{version}/referencedby",
                                "/subjects/refs-value/versions/0/referencedby",
                                null)
                        .errorCode())
                .isEqualTo(42202);
    }

    @Test
    void shouldRefuseWritesToAReadOnlySubjectAndServeTheModes() {
        register("ro-value", v1("modes"));

        assertThat(call("GET", "/mode", "/mode", null).body().path("mode").asText())
                .isEqualTo("READWRITE");
        assertThat(call("PUT", "/mode/{subject}", "/mode/ro-value", "{\"mode\":\"READONLY\"}")
                        .body())
                .isEqualTo(JSON.createObjectNode().put("mode", "READONLY"));
        Answer refused =
                call("POST", "/subjects/{subject}/versions", "/subjects/ro-value/versions", registration(v2("modes")));
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.errorCode()).isEqualTo(42205);
        assertThat(register("rw-value", v1("modes"))).isPositive();
        assertThat(call("POST", "/subjects/{subject}", "/subjects/ro-value", registration(v1("modes")))
                        .status())
                .as("lookups still work")
                .isEqualTo(200);
        assertThat(call("GET", "/mode/{subject}", "/mode/ro-value", null)
                        .body()
                        .path("mode")
                        .asText())
                .isEqualTo("READONLY");
        assertThat(call("GET", "/mode/{subject}", "/mode/rw-value", null).errorCode())
                .isEqualTo(40409);
        assertThat(call("GET", "/mode/{subject}", "/mode/rw-value?defaultToGlobal=true", null)
                        .body()
                        .path("mode")
                        .asText())
                .isEqualTo("READWRITE");
        assertThat(call("PUT", "/mode", "/mode", "{\"mode\":\"SOMETIMES\"}").errorCode())
                .isEqualTo(42204);
        assertThat(call("PUT", "/mode", "/mode", "{\"mode\":\"IMPORT\"}").errorCode())
                .isEqualTo(42205);
        assertThat(call("DELETE", "/mode/{subject}", "/mode/ro-value", null)
                        .body()
                        .path("mode")
                        .asText())
                .isEqualTo("READONLY");
        assertThat(call("DELETE", "/mode/{subject}", "/mode/ro-value", null).errorCode())
                .isEqualTo(40401);
        assertThat(call(
                                "POST",
                                "/subjects/{subject}/versions",
                                "/subjects/ro-value/versions",
                                registration(v2("modes")))
                        .status())
                .isEqualTo(200);
    }

    @Test
    void shouldLetAGlobalReadOnlyOverrideWinOverASubjectsOwnMode() {
        call("PUT", "/mode/{subject}", "/mode/override-value", "{\"mode\":\"READWRITE\"}");
        try {
            call("PUT", "/mode", "/mode", "{\"mode\":\"READONLY_OVERRIDE\"}");

            assertThat(call(
                                    "POST",
                                    "/subjects/{subject}/versions",
                                    "/subjects/override-value/versions",
                                    registration(v1("override")))
                            .errorCode())
                    .isEqualTo(42205);
        } finally {
            assertThat(call("DELETE", "/mode", "/mode", null)
                            .body()
                            .path("mode")
                            .asText())
                    .isEqualTo("READONLY_OVERRIDE");
        }
        assertThat(register("override-value", v1("override"))).isPositive();
    }

    @Test
    void shouldListTheDefaultContext() {
        assertThat(call("GET", "/contexts", "/contexts", null).body()).containsExactly(text("."));
    }

    /** A first version; its namespace keeps each test's schema ids apart from the other tests'. */
    private static Schema v1(String namespace) {
        return SchemaBuilder.record("Thing")
                .namespace(namespace)
                .fields()
                .requiredString("id")
                .endRecord();
    }

    private static Schema v2(String namespace) {
        return SchemaBuilder.record("Thing")
                .namespace(namespace)
                .fields()
                .requiredString("id")
                .name("size")
                .type()
                .intType()
                .intDefault(0)
                .endRecord();
    }

    private static Schema v3(String namespace) {
        return SchemaBuilder.record("Thing")
                .namespace(namespace)
                .fields()
                .requiredString("id")
                .name("size")
                .type()
                .intType()
                .intDefault(0)
                .name("tag")
                .type()
                .stringType()
                .stringDefault("")
                .endRecord();
    }

    private int register(String subject, Schema schema) {
        Answer answer = call(
                "POST", "/subjects/{subject}/versions", "/subjects/" + subject + "/versions", registration(schema));
        assertThat(answer.status()).as(answer.body().toString()).isEqualTo(200);
        return answer.body().path("id").asInt();
    }

    private static String registration(Schema schema) {
        return JSON.createObjectNode().put("schema", schema.toString()).toString();
    }

    /** Calls the registry and checks the answer against the document's operation {@code method template}. */
    private Answer call(String method, String template, String path, String body) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url + path))
                .header("Content-Type", RegistryApiSpec.MEDIA_TYPE)
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build();
        try {
            HttpResponse<String> response =
                    HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
            JsonNode json = JSON.readTree(response.body());
            assertThat(response.headers().firstValue("Content-Type")).hasValue(RegistryApiSpec.MEDIA_TYPE);
            assertThat(spec.violations(method, template, response.statusCode(), json))
                    .as("%s %s answered %d %s", method, path, response.statusCode(), response.body())
                    .isEmpty();
            return new Answer(response.statusCode(), json);
        } catch (Exception e) {
            throw new AssertionError(method + " " + path + " failed", e);
        }
    }

    private static JsonNode text(String value) {
        return JSON.getNodeFactory().textNode(value);
    }

    private static JsonNode number(int value) {
        return JSON.getNodeFactory().numberNode(value);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
