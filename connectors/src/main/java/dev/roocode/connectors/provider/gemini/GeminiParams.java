package dev.roocode.connectors.provider.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.roocode.connectors.provider.OpenAiParamPolicy;
import dev.roocode.connectors.provider.OpenAiParamPolicy.Neutral;
import dev.roocode.connectors.provider.support.NativeParams;
import java.util.Map;

/**
 * What gemini does with untyped OpenAI fields, checked against GenerateContentRequest and
 * GenerationConfig in Gemini's spec (which rejects unknown names): {@code n} becomes
 * {@code candidateCount} (each candidate is a choice of the Result), the penalties their
 * {@code generationConfig} namesakes, the service tier {@code serviceTier} and reasoning effort
 * {@code thinkingConfig.thinkingLevel}; the rest is refused as for any non-OpenAI API.
 */
final class GeminiParams {
    private static final Map<String, String> SERVICE_TIERS =
            Map.of("default", "standard", "flex", "flex", "priority", "priority");
    private static final Map<String, String> THINKING_LEVELS =
            Map.of("minimal", "MINIMAL", "low", "LOW", "medium", "MEDIUM", "high", "HIGH");

    static final OpenAiParamPolicy POLICY = NativeParams.builder(GeminiAdapter.TYPE)
            .map(
                    "n",
                    Neutral.at(1),
                    "generationConfig.candidateCount",
                    "each candidate is one choice of the Result",
                    GeminiParams::candidateCount)
            .map(
                    "presence_penalty",
                    Neutral.at(0),
                    "generationConfig.presencePenalty",
                    null,
                    (value, body) -> penalty("presence_penalty", "presencePenalty", value, body))
            .map(
                    "frequency_penalty",
                    Neutral.at(0),
                    "generationConfig.frequencyPenalty",
                    null,
                    (value, body) -> penalty("frequency_penalty", "frequencyPenalty", value, body))
            .map(
                    "service_tier",
                    Neutral.at("auto"),
                    "serviceTier",
                    "default → standard, flex → flex, priority → priority; scale is refused",
                    (value, body) -> body.put("serviceTier", translate("service_tier", value, SERVICE_TIERS)))
            .map(
                    "reasoning_effort",
                    Neutral.NONE,
                    "generationConfig.thinkingConfig.thinkingLevel",
                    "minimal, low, medium, high → MINIMAL, LOW, MEDIUM, HIGH; none and xhigh are refused",
                    (value, body) -> generationConfig(body)
                            .withObjectProperty("thinkingConfig")
                            .put("thinkingLevel", translate("reasoning_effort", value, THINKING_LEVELS)))
            .build();

    private GeminiParams() {}

    private static ObjectNode generationConfig(ObjectNode body) {
        return body.withObjectProperty(GeminiWire.GENERATION_CONFIG);
    }

    private static void candidateCount(JsonNode value, ObjectNode body) {
        if (!value.canConvertToExactIntegral() || value.asInt() < 1) {
            throw POLICY.refusal("n", value, "candidateCount takes a whole number of at least 1");
        }
        generationConfig(body).put("candidateCount", value.asInt());
    }

    private static void penalty(String field, String target, JsonNode value, ObjectNode body) {
        if (!value.isNumber()) {
            throw POLICY.refusal(field, value, target + " takes a number");
        }
        generationConfig(body).put(target, value.doubleValue());
    }

    private static String translate(String field, JsonNode value, Map<String, String> values) {
        String translated = value.isTextual() ? values.get(value.textValue()) : null;
        if (translated == null) {
            throw POLICY.refusal(
                    field,
                    value,
                    "gemini takes " + values.keySet().stream().sorted().toList());
        }
        return translated;
    }
}
