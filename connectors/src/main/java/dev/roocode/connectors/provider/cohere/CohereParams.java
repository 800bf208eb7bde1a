package dev.roocode.connectors.provider.cohere;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.roocode.connectors.provider.OpenAiParamPolicy;
import dev.roocode.connectors.provider.OpenAiParamPolicy.Neutral;
import dev.roocode.connectors.provider.support.NativeParams;

/**
 * What cohere does with untyped OpenAI fields, checked against Cohere's v2 chat reference: the two
 * penalties have namesakes there (on a 0 to 1 scale, where OpenAI's runs from -2 to 2, so a value
 * outside 0 to 1 is refused rather than clamped); the rest is refused as for any non-OpenAI API.
 */
final class CohereParams {
    static final OpenAiParamPolicy POLICY = NativeParams.builder(CohereAdapter.TYPE)
            .map(
                    "presence_penalty",
                    Neutral.at(0),
                    "presence_penalty",
                    "Cohere takes 0 to 1; other values are refused",
                    (value, body) -> penalty("presence_penalty", value, body))
            .map(
                    "frequency_penalty",
                    Neutral.at(0),
                    "frequency_penalty",
                    "Cohere takes 0 to 1; other values are refused",
                    (value, body) -> penalty("frequency_penalty", value, body))
            .build();

    private CohereParams() {}

    private static void penalty(String field, JsonNode value, ObjectNode body) {
        if (!value.isNumber() || value.doubleValue() < 0 || value.doubleValue() > 1) {
            throw POLICY.refusal(field, value, "cohere takes a number from 0 to 1");
        }
        body.put(field, value.doubleValue());
    }
}
