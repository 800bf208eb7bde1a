package dev.roocode.connectors.provider.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads the OpenAI-shaped JSON text a job carries for tools ({@code toolsJson}), tool choice
 * ({@code toolChoiceJson}) and an assistant's tool calls ({@code toolCallsJson}), so providers with
 * their own tool formats translate from one validated model. Malformed input is INVALID_JOB naming
 * the field; well-formed input a provider cannot express is the provider's BAD_REQUEST to raise.
 */
public final class OpenAiTools {
    private OpenAiTools() {}

    /** One function tool. {@code parameters} is an object (empty-object schema when absent); {@code strict} may be null. */
    public record Function(String name, String description, JsonNode parameters, Boolean strict) {}

    /** One tool call of an assistant message; {@code arguments} is the parsed arguments object. */
    public record Call(String id, String name, ObjectNode arguments) {}

    /** Tool choice modes; {@code FUNCTION} names one function. */
    public enum ChoiceMode {
        AUTO,
        NONE,
        REQUIRED,
        FUNCTION
    }

    /** A parsed {@code tool_choice}. */
    public record Choice(ChoiceMode mode, String function) {}

    /** The function tools of {@code toolsJson}; BAD_REQUEST for tool types other than {@code function}. */
    public static List<Function> functions(String toolsJson) {
        JsonNode tools = WireJson.jobField("toolsJson", toolsJson);
        if (!tools.isArray()) {
            throw WireJson.invalidJob("toolsJson must be a JSON array of tools");
        }
        List<Function> result = new ArrayList<>(tools.size());
        for (int i = 0; i < tools.size(); i++) {
            JsonNode tool = tools.get(i);
            String type = WireJson.text(tool.get("type"));
            if (type != null && !"function".equals(type)) {
                throw WireJson.unsupported(
                        "toolsJson[" + i + "].type '" + type + "': only function tools are supported");
            }
            JsonNode function = tool.get("function");
            if (function == null || !function.isObject() || WireJson.text(function.get("name")) == null) {
                throw WireJson.invalidJob("toolsJson[" + i + "] has no function.name");
            }
            JsonNode parameters = function.get("parameters");
            if (parameters == null || parameters.isNull()) {
                ObjectNode empty = WireJson.object();
                empty.put("type", "object");
                empty.putObject("properties");
                parameters = empty;
            } else if (!parameters.isObject()) {
                throw WireJson.invalidJob("toolsJson[" + i + "].function.parameters must be a JSON schema object");
            }
            JsonNode strict = function.get("strict");
            result.add(new Function(
                    function.get("name").asText(),
                    WireJson.text(function.get("description")),
                    parameters,
                    strict != null && strict.isBoolean() ? strict.booleanValue() : null));
        }
        return result;
    }

    /** The parsed {@code toolChoiceJson}: {@code "auto"}, {@code "none"}, {@code "required"} or {@code {"type":"function","function":{"name":...}}}. */
    public static Choice choice(String toolChoiceJson) {
        JsonNode choice = WireJson.jobField("toolChoiceJson", toolChoiceJson);
        if (choice.isTextual()) {
            return switch (choice.asText().toLowerCase(Locale.ROOT)) {
                case "auto" -> new Choice(ChoiceMode.AUTO, null);
                case "none" -> new Choice(ChoiceMode.NONE, null);
                case "required" -> new Choice(ChoiceMode.REQUIRED, null);
                default ->
                    throw WireJson.invalidJob("toolChoiceJson '" + choice.asText() + "' is not auto, none or required");
            };
        }
        String name = WireJson.text(choice.path("function").get("name"));
        if (choice.isObject() && "function".equals(WireJson.text(choice.get("type"))) && name != null) {
            return new Choice(ChoiceMode.FUNCTION, name);
        }
        throw WireJson.invalidJob(
                "toolChoiceJson must be \"auto\", \"none\", \"required\" or {\"type\":\"function\",\"function\":{\"name\":...}}");
    }

    /** The tool calls of an assistant message's {@code toolCallsJson}; {@code field} names it in errors. */
    public static List<Call> calls(String field, String toolCallsJson) {
        JsonNode calls = WireJson.jobField(field, toolCallsJson);
        if (!calls.isArray()) {
            throw WireJson.invalidJob(field + " must be a JSON array of tool calls");
        }
        List<Call> result = new ArrayList<>(calls.size());
        for (int i = 0; i < calls.size(); i++) {
            JsonNode call = calls.get(i);
            JsonNode function = call.path("function");
            String id = WireJson.text(call.get("id"));
            String name = WireJson.text(function.get("name"));
            if (id == null || name == null) {
                throw WireJson.invalidJob(field + "[" + i + "] needs id and function.name");
            }
            result.add(
                    new Call(id, name, arguments(field + "[" + i + "].function.arguments", function.get("arguments"))));
        }
        return result;
    }

    /** An OpenAI tool call as JSON, for results: {@code {"id","type":"function","function":{"name","arguments"}}}. */
    public static ObjectNode toOpenAi(String id, String name, JsonNode arguments) {
        ObjectNode call = WireJson.object();
        call.put("id", id);
        call.put("type", "function");
        ObjectNode function = call.putObject("function");
        function.put("name", name);
        function.put("arguments", arguments == null || arguments.isNull() ? "{}" : arguments.toString());
        return call;
    }

    /** OpenAI sends arguments as a JSON string; some clients send the object itself. Blank means no arguments. */
    private static ObjectNode arguments(String field, JsonNode arguments) {
        if (arguments == null || arguments.isNull()) {
            return WireJson.object();
        }
        if (arguments.isObject()) {
            return (ObjectNode) arguments;
        }
        if (arguments.isTextual()) {
            if (arguments.asText().isBlank()) {
                return WireJson.object();
            }
            JsonNode parsed = WireJson.jobField(field, arguments.asText());
            if (parsed.isObject()) {
                return (ObjectNode) parsed;
            }
        }
        throw WireJson.invalidJob(field + " must be a JSON object");
    }
}
