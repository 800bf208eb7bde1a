package dev.roocode.api.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roocode.sandbox.junit.SpecSchemas;
import org.junit.jupiter.api.Test;

class ErrorShapeTest {
    @Test
    void shouldWriteErrorsAsOpenAisErrorResponse() {
        for (ApiException e : new ApiException[] {
            ApiException.invalidRequest("input_file_id", "invalid_value", "No such file."),
            ApiException.unauthorized("Incorrect API key provided."),
            ApiException.rateLimited("Too many requests.", 3),
            ApiException.timeout("No answer in 600 s.")
        }) {
            assertThat(SpecSchemas.violations("openai-openapi.yaml", "ErrorResponse", Exchanges.errorBody(e)))
                    .as(e.getMessage())
                    .isEmpty();
        }
    }

    @Test
    void shouldFlagABodyThatIsNotOpenAisErrorShape() {
        var wrong = Exchanges.JSON.createObjectNode().put("message", "flat");
        assertThat(SpecSchemas.violations("openai-openapi.yaml", "ErrorResponse", wrong))
                .isNotEmpty();
    }
}
