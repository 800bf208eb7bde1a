package dev.roocode.connectors.provider.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.roocode.connectors.provider.OpenAiParamPolicy;
import dev.roocode.connectors.provider.OpenAiParamPolicy.Neutral;
import dev.roocode.connectors.provider.support.NativeParams;
import java.util.Set;

/**
 * What anthropic does with untyped OpenAI fields, checked against CreateMessageParams in Anthropic's
 * spec (which forbids unknown fields): the end-user id goes to {@code metadata.user_id}, OpenAI's
 * ban on parallel tool calls to {@code tool_choice.disable_parallel_tool_use}, the {@code default}
 * service tier to {@code standard_only} and reasoning effort to {@code output_config.effort}; the rest
 * is refused as for any non-OpenAI API.
 */
final class AnthropicParams {
    private static final int MAX_USER_ID = 512;
    private static final Set<String> EFFORTS = Set.of("low", "medium", "high", "xhigh", "max");

    static final OpenAiParamPolicy POLICY = NativeParams.builder(AnthropicAdapter.TYPE)
            .map(
                    "user",
                    Neutral.NONE,
                    "metadata.user_id",
                    "Anthropic's end-user id for abuse detection, at most 512 characters",
                    (value, body) -> userId("user", value, body))
            .map(
                    "safety_identifier",
                    Neutral.NONE,
                    "metadata.user_id",
                    "the same end-user id; it must agree with user when both are set",
                    (value, body) -> userId("safety_identifier", value, body))
            .map(
                    "parallel_tool_calls",
                    Neutral.at(true),
                    "tool_choice.disable_parallel_tool_use",
                    "false sets it to true (with tool_choice auto when none is given); without tools it has no effect",
                    AnthropicParams::parallelToolCalls)
            .map(
                    "service_tier",
                    Neutral.at("auto"),
                    "service_tier",
                    "default becomes standard_only; flex, scale and priority are refused",
                    AnthropicParams::serviceTier)
            .map(
                    "reasoning_effort",
                    Neutral.NONE,
                    "output_config.effort",
                    "low, medium, high, xhigh and max as they are; none and minimal are refused",
                    AnthropicParams::effort)
            .build();

    private AnthropicParams() {}

    private static void userId(String field, JsonNode value, ObjectNode body) {
        if (!value.isTextual() || value.textValue().length() > MAX_USER_ID) {
            throw POLICY.refusal(
                    field, value, "metadata.user_id takes a string of at most " + MAX_USER_ID + " characters");
        }
        ObjectNode metadata = body.withObjectProperty("metadata");
        JsonNode already = metadata.get("user_id");
        if (already != null && !already.equals(value)) {
            throw POLICY.refusal(
                    field, value, "user and safety_identifier both map to metadata.user_id and disagree; set one");
        }
        metadata.set("user_id", value);
    }

    private static void parallelToolCalls(JsonNode value, ObjectNode body) {
        if (!value.isBoolean()) {
            throw POLICY.refusal("parallel_tool_calls", value, "it must be a boolean");
        }
        if (!body.has(AnthropicWire.TOOLS)) {
            return; // no tools, no tool calls to keep from running in parallel
        }
        ObjectNode choice = body.has(AnthropicWire.TOOL_CHOICE)
                ? (ObjectNode) body.get(AnthropicWire.TOOL_CHOICE)
                : body.putObject(AnthropicWire.TOOL_CHOICE).put(AnthropicWire.TYPE, "auto");
        if (!"none".equals(choice.path(AnthropicWire.TYPE).asText())) {
            choice.put("disable_parallel_tool_use", true);
        }
    }

    private static void serviceTier(JsonNode value, ObjectNode body) {
        if (!"default".equals(value.asText(null))) {
            throw POLICY.refusal(
                    "service_tier",
                    value,
                    "Anthropic's tiers are auto and standard_only (OpenAI's default maps to standard_only)");
        }
        body.put("service_tier", "standard_only");
    }

    private static void effort(JsonNode value, ObjectNode body) {
        if (!value.isTextual() || !EFFORTS.contains(value.textValue())) {
            throw POLICY.refusal(
                    "reasoning_effort", value, "output_config.effort takes low, medium, high, xhigh or max");
        }
        body.withObjectProperty("output_config").set("effort", value);
    }
}
