package dev.roocode.sandbox.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** The checker RegistryApiSpecIT relies on must be able to fail: answers that break the document. */
class RegistryApiSpecTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final RegistryApiSpec spec = RegistryApiSpec.load();

    @Test
    void shouldAcceptAnswersShapedAsTheDocumentSays() throws Exception {
        assertThat(spec.violations("GET", "/config", 200, json("{\"compatibilityLevel\":\"FULL\"}")))
                .isEmpty();
        assertThat(spec.violations("DELETE", "/subjects/{subject}", 200, json("[1,2]")))
                .isEmpty();
        assertThat(spec.violations(
                        "GET", "/schemas/ids/{id}/versions", 200, json("[{\"subject\":\"s\",\"version\":1}]")))
                .isEmpty();
        assertThat(spec.violations("GET", "/mode/{subject}", 404, json("{\"error_code\":40409,\"message\":\"m\"}")))
                .isEmpty();
    }

    @Test
    void shouldNameAnInventedFieldAWrongTypeAnUnknownEnumAndAnUndeclaredStatus() throws Exception {
        assertThat(spec.violations("GET", "/config", 200, json("{\"compatibility\":\"FULL\"}")))
                .singleElement()
                .asString()
                .contains("'compatibility' is not in the document");
        assertThat(spec.violations("DELETE", "/subjects/{subject}", 200, json("[\"1\"]")))
                .singleElement()
                .asString()
                .contains("not an int32");
        assertThat(spec.violations("PUT", "/mode", 200, json("{\"mode\":\"SOMETIMES\"}")))
                .singleElement()
                .asString()
                .contains("not one of");
        assertThat(spec.violations("GET", "/contexts", 404, json("{}")))
                .singleElement()
                .asString()
                .contains("status 404 is not declared");
        assertThat(spec.violations("GET", "/nowhere", 200, json("{}")))
                .singleElement()
                .asString()
                .contains("not an operation");
    }

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }
}
