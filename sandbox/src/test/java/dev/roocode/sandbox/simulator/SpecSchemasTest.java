package dev.roocode.sandbox.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.roocode.sandbox.junit.SpecSchemas;
import org.junit.jupiter.api.Test;

class SpecSchemasTest {

    @Test
    void shouldReportAMissingRequiredFieldAWrongConstAndAWrongType() throws Exception {
        JsonNode broken = SimClient.JSON.readTree("{\"id\":\"msg_1\",\"type\":\"completion\",\"role\":\"assistant\","
                + "\"content\":[],\"model\":\"m\",\"stop_reason\":\"end_turn\",\"stop_sequence\":null,\"stop_details\":null,"
                + "\"container\":null,\"usage\":{\"input_tokens\":\"five\"}}");

        assertThat(SpecSchemas.violations("anthropic-openapi.json", "Message", broken))
                .anySatisfy(v -> assertThat(v).contains("$.type"))
                .anySatisfy(v -> assertThat(v).contains("$.usage: missing required output_tokens"))
                .anySatisfy(v -> assertThat(v).contains("$.usage.input_tokens"));
    }
}
