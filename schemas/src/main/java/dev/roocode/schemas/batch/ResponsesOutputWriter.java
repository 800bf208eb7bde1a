package dev.roocode.schemas.batch;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.roocode.schemas.avro.ChatMessage;
import dev.roocode.schemas.avro.Choice;
import dev.roocode.schemas.avro.ProviderOutput;
import dev.roocode.schemas.avro.Result;
import dev.roocode.schemas.avro.Usage;
import java.io.IOException;

/**
 * Writes a chat Result of a job that came as a Responses request ({@link ResponsesBodyMapper}) as OpenAI's
 * Responses object: the first choice's text as one {@code message} output item, its tool calls as
 * {@code function_call} items, usage as input/output tokens, and what the request set (instructions, tools,
 * text format, metadata, sampling) echoed from the job's metadata, OpenAI's defaults where it set nothing.
 * A {@code length} finish is {@code status: incomplete} with reason {@code max_output_tokens}, as OpenAI
 * answers it. Nothing is stored, so {@code store} is false.
 */
final class ResponsesOutputWriter {
    private ResponsesOutputWriter() {}

    static void write(JsonGenerator g, Result result, ProviderOutput output, String idSeed) throws IOException {
        JsonNode echo = BatchOutputWriter.parseOrNull(
                result.getMetadata().getOrDefault(BatchLineCodec.METADATA_RESPONSES_ECHO, "{}"));
        if (echo == null || !echo.isObject()) {
            echo = BatchJson.MAPPER.createObjectNode();
        }
        Choice choice =
                output.getChoices().isEmpty() ? null : output.getChoices().get(0);
        String finish = choice == null ? null : choice.getFinishReason();
        String incomplete = "length".equals(finish)
                ? "max_output_tokens"
                : "content_filter".equals(finish) ? "content_filter" : null;
        g.writeStartObject();
        g.writeStringField("id", "resp_" + idSeed);
        g.writeStringField("object", "response");
        g.writeNumberField("created_at", BatchOutputWriter.created(result, output));
        g.writeStringField("status", incomplete == null ? "completed" : "incomplete");
        if (incomplete == null) {
            g.writeNumberField("completed_at", result.getCompletedAt().getEpochSecond());
        } else {
            g.writeNullField("completed_at");
        }
        g.writeNullField("error");
        if (incomplete == null) {
            g.writeNullField("incomplete_details");
        } else {
            g.writeObjectFieldStart("incomplete_details");
            g.writeStringField("reason", incomplete);
            g.writeEndObject();
        }
        echoed(g, echo, "instructions", null);
        echoed(g, echo, "max_output_tokens", null);
        g.writeStringField("model", BatchOutputWriter.model(result));
        g.writeArrayFieldStart("output");
        if (choice != null) {
            items(g, choice.getMessage(), idSeed, incomplete == null ? "completed" : "incomplete");
        }
        g.writeEndArray();
        echoed(g, echo, "parallel_tool_calls", BatchJson.MAPPER.getNodeFactory().booleanNode(true));
        g.writeNullField("previous_response_id");
        g.writeNullField("reasoning");
        g.writeBooleanField("store", false);
        echoed(g, echo, "temperature", BatchJson.MAPPER.getNodeFactory().numberNode(1.0));
        JsonNode text = echo.get("text");
        if (text != null && text.isObject() && text.has("format")) {
            g.writeFieldName("text");
            g.writeTree(text);
        } else {
            g.writeObjectFieldStart("text");
            g.writeObjectFieldStart("format");
            g.writeStringField("type", "text");
            g.writeEndObject();
            g.writeEndObject();
        }
        echoed(g, echo, "tool_choice", BatchJson.MAPPER.getNodeFactory().textNode("auto"));
        echoed(g, echo, "tools", BatchJson.MAPPER.createArrayNode());
        echoed(g, echo, "top_p", BatchJson.MAPPER.getNodeFactory().numberNode(1.0));
        g.writeStringField("truncation", "disabled");
        usage(g, output.getUsage());
        if (echo.hasNonNull("user")) {
            echoed(g, echo, "user", null);
        }
        echoed(g, echo, "metadata", BatchJson.MAPPER.createObjectNode());
        g.writeEndObject();
    }

    private static void items(JsonGenerator g, ChatMessage message, String idSeed, String status) throws IOException {
        String text = BatchOutputWriter.content(message);
        JsonNode toolCalls =
                message.getToolCallsJson() == null ? null : BatchOutputWriter.parseOrNull(message.getToolCallsJson());
        boolean calls = toolCalls != null && toolCalls.isArray() && !toolCalls.isEmpty();
        if (text != null && !text.isEmpty() || !calls) {
            g.writeStartObject();
            g.writeStringField("type", "message");
            g.writeStringField("id", "msg_" + idSeed);
            g.writeStringField("status", status);
            g.writeStringField("role", "assistant");
            g.writeArrayFieldStart("content");
            g.writeStartObject();
            g.writeStringField("type", "output_text");
            g.writeStringField("text", text == null ? "" : text);
            g.writeArrayFieldStart("annotations");
            g.writeEndArray();
            g.writeArrayFieldStart("logprobs");
            g.writeEndArray();
            g.writeEndObject();
            g.writeEndArray();
            g.writeEndObject();
        }
        if (!calls) {
            return;
        }
        for (int i = 0; i < toolCalls.size(); i++) {
            JsonNode call = toolCalls.get(i);
            JsonNode function = call.path("function");
            g.writeStartObject();
            g.writeStringField("type", "function_call");
            g.writeStringField("id", "fc_" + idSeed + "_" + i);
            g.writeStringField("call_id", call.path("id").asText("call_" + idSeed + "_" + i));
            g.writeStringField("name", function.path("name").asText(""));
            g.writeStringField("arguments", function.path("arguments").asText("{}"));
            g.writeStringField("status", "completed");
            g.writeEndObject();
        }
    }

    private static void usage(JsonGenerator g, Usage usage) throws IOException {
        g.writeObjectFieldStart("usage");
        g.writeNumberField("input_tokens", usage.getInputTokens());
        g.writeObjectFieldStart("input_tokens_details");
        g.writeNumberField("cached_tokens", 0);
        g.writeNumberField("cache_write_tokens", 0);
        g.writeEndObject();
        g.writeNumberField("output_tokens", usage.getOutputTokens());
        g.writeObjectFieldStart("output_tokens_details");
        g.writeNumberField("reasoning_tokens", 0);
        g.writeEndObject();
        g.writeNumberField("total_tokens", usage.getTotalTokens());
        g.writeEndObject();
    }

    /** Writes {@code field} as the request set it, else {@code fallback} (JSON null when that is null). */
    private static void echoed(JsonGenerator g, JsonNode echo, String field, JsonNode fallback) throws IOException {
        JsonNode value = echo.get(field);
        g.writeFieldName(field);
        if (value != null && !value.isNull()) {
            g.writeTree(value);
        } else if (fallback != null) {
            g.writeTree(fallback);
        } else {
            g.writeNull();
        }
    }
}
