package dev.roocode.schemas.batch;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.roocode.schemas.avro.AttemptRecord;
import dev.roocode.schemas.avro.ChatMessage;
import dev.roocode.schemas.avro.Choice;
import dev.roocode.schemas.avro.ContentPart;
import dev.roocode.schemas.avro.Embedding;
import dev.roocode.schemas.avro.ErrorClass;
import dev.roocode.schemas.avro.ErrorInfo;
import dev.roocode.schemas.avro.JobKind;
import dev.roocode.schemas.avro.ProviderOutput;
import dev.roocode.schemas.avro.Result;
import dev.roocode.schemas.avro.ResultStatus;
import dev.roocode.schemas.avro.Usage;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Locale;

/**
 * Encodes {@link Result}s as OpenAI Batch API output lines ({@code id}, {@code custom_id},
 * {@code response}, {@code error}), in the shape OpenAI's own output files have, so tools written
 * for OpenAI batch results read Roocode's unchanged.
 *
 * <p>Choices made where a Result holds less than an OpenAI response: {@code response.request_id}
 * is Roocode's requestId (what an operator looks up in Roocode's topics); the body id is the
 * provider's id when known; {@code system_fingerprint}, {@code refusal} and {@code logprobs} are
 * null because Roocode does not carry them. Line ids are derived from the requestId, so writing the
 * same Result twice gives the same line. Output has no line terminator.
 *
 * <p>Every line ends with Roocode's extension, a top-level {@code roocode} object saying who answered:
 * {@code {"served_by": provider, "model": provider model, "attempts": N, "fell_back": bool}}. It is
 * the only key OpenAI's format lacks, kept out of {@code response} and its {@code body} so that
 * OpenAI-format readers (which ignore unknown top-level keys) and anything that compares bodies
 * with OpenAI's see exactly OpenAI's shape.
 */
public final class BatchOutputWriter {
    /** The top-level key of Roocode's extension object on every line. */
    public static final String EXTENSION = "roocode";

    private static final String ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    private BatchOutputWriter() {}

    /** One output line for a terminal Result; custom_id comes from its metadata. */
    public static String toOutputLine(Result result) {
        return write(g -> {
            g.writeStringField("id", lineId(result.getRequestId()));
            g.writeStringField("custom_id", customId(result));
            ProviderOutput output = result.getOutput();
            if (result.getStatus() == ResultStatus.SUCCEEDED && output != null) {
                g.writeObjectFieldStart("response");
                g.writeNumberField("status_code", 200);
                g.writeStringField("request_id", result.getRequestId());
                g.writeFieldName("body");
                body(g, result, output);
                g.writeEndObject();
                g.writeNullField("error");
            } else {
                failure(g, result);
            }
            served(g, servedOf(result));
        });
    }

    /** Who answered {@code result}: its provider (of the last attempt when it failed), model, attempts, fallback. */
    public static BatchOutputLine.Served servedOf(Result result) {
        List<AttemptRecord> attempts = result.getAttempts();
        String provider = result.getProvider();
        String model = result.getProviderModel();
        if (provider == null && !attempts.isEmpty()) {
            AttemptRecord last = attempts.get(attempts.size() - 1);
            provider = last.getProvider();
            model = model != null ? model : last.getProviderModel();
        }
        long providers =
                attempts.stream().map(AttemptRecord::getProvider).distinct().count();
        return new BatchOutputLine.Served(provider, model, attempts.size(), providers > 1);
    }

    private static void served(JsonGenerator g, BatchOutputLine.Served served) throws IOException {
        g.writeObjectFieldStart(EXTENSION);
        g.writeStringField("served_by", served.servedBy());
        g.writeStringField("model", served.model());
        g.writeNumberField("attempts", served.attempts());
        g.writeBooleanField("fell_back", served.fellBack());
        g.writeEndObject();
    }

    /** One output line for an input line that never became a job (see {@link DecodedLine.Invalid}). */
    public static String errorLine(String customId, String code, String message) {
        return write(g -> {
            g.writeStringField("id", lineId("invalid/" + customId + "/" + code + "/" + message));
            g.writeStringField("custom_id", customId);
            g.writeNullField("response");
            g.writeObjectFieldStart("error");
            g.writeStringField("code", code);
            g.writeStringField("message", message);
            g.writeEndObject();
            served(g, BatchOutputLine.Served.NONE);
        });
    }

    /** The error line for an invalid input line. */
    public static String errorLine(DecodedLine.Invalid invalid) {
        return errorLine(invalid.customId(), invalid.code(), "line " + invalid.lineNumber() + ": " + invalid.message());
    }

    /**
     * The body of a SUCCEEDED Result's answer, exactly as {@link #toOutputLine} writes it under {@code
     * response.body}: a chat completion, an embedding list, or a Responses object for a job that came as a
     * Responses request ({@link BatchLineCodec#METADATA_ENDPOINT}). What the HTTP API answers a synchronous call.
     *
     * @throws IllegalArgumentException when the Result is not SUCCEEDED with an output
     */
    public static String responseBody(Result result) {
        ProviderOutput output = result.getOutput();
        if (result.getStatus() != ResultStatus.SUCCEEDED || output == null) {
            throw new IllegalArgumentException("result " + result.getRequestId() + " has no successful output");
        }
        StringWriter out = new StringWriter(256);
        try (JsonGenerator g = BatchJson.MAPPER.getFactory().createGenerator(out)) {
            body(g, result, output);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot happen with a StringWriter", e);
        }
        return out.toString();
    }

    private static void body(JsonGenerator g, Result result, ProviderOutput output) throws IOException {
        if (isEmbedding(result)) {
            embeddingBody(g, result, output);
        } else if (isResponses(result)) {
            ResponsesOutputWriter.write(g, result, output, shortHash(result.getRequestId()));
        } else {
            chatBody(g, result, output);
        }
    }

    private static boolean isResponses(Result result) {
        return BatchLineCodec.RESPONSES_URL.equals(result.getMetadata().get(BatchLineCodec.METADATA_ENDPOINT));
    }

    private static void chatBody(JsonGenerator g, Result result, ProviderOutput output) throws IOException {
        g.writeStartObject();
        g.writeStringField(
                "id",
                output.getProviderRequestId() != null
                        ? output.getProviderRequestId()
                        : "chatcmpl-" + shortHash(result.getRequestId()));
        g.writeStringField("object", "chat.completion");
        g.writeNumberField("created", created(result, output));
        g.writeStringField("model", model(result));
        g.writeArrayFieldStart("choices");
        for (Choice choice : output.getChoices()) {
            g.writeStartObject();
            g.writeNumberField("index", choice.getIndex());
            message(g, choice.getMessage());
            g.writeNullField("logprobs");
            g.writeStringField("finish_reason", choice.getFinishReason());
            g.writeEndObject();
        }
        g.writeEndArray();
        Usage usage = output.getUsage();
        g.writeObjectFieldStart("usage");
        g.writeNumberField("prompt_tokens", usage.getInputTokens());
        g.writeNumberField("completion_tokens", usage.getOutputTokens());
        g.writeNumberField("total_tokens", usage.getTotalTokens());
        g.writeEndObject();
        g.writeNullField("system_fingerprint");
        g.writeEndObject();
    }

    private static void message(JsonGenerator g, ChatMessage message) throws IOException {
        g.writeObjectFieldStart("message");
        g.writeStringField("role", message.getRole() == null ? "assistant" : message.getRole());
        g.writeStringField("content", content(message));
        if (message.getToolCallsJson() != null) {
            JsonNode toolCalls = parseOrNull(message.getToolCallsJson());
            if (toolCalls != null) {
                g.writeFieldName("tool_calls");
                g.writeTree(toolCalls);
            }
        }
        g.writeNullField("refusal");
        g.writeEndObject();
    }

    /** OpenAI answers with a string; a provider that answered in parts gets its text parts joined. */
    static String content(ChatMessage message) {
        if (message.getContent() != null || message.getParts().isEmpty()) {
            return message.getContent();
        }
        StringBuilder text = new StringBuilder();
        for (ContentPart part : message.getParts()) {
            if (part.getText() != null) {
                text.append(part.getText());
            }
        }
        return text.toString();
    }

    private static void embeddingBody(JsonGenerator g, Result result, ProviderOutput output) throws IOException {
        g.writeStartObject();
        g.writeStringField("object", "list");
        g.writeArrayFieldStart("data");
        for (Embedding embedding : output.getEmbeddings()) {
            g.writeStartObject();
            g.writeStringField("object", "embedding");
            g.writeNumberField("index", embedding.getIndex());
            g.writeArrayFieldStart("embedding");
            for (Float value : embedding.getVector()) {
                g.writeNumber(value.floatValue()); // shortest float text, e.g. -0.03416999
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeStringField("model", model(result));
        g.writeObjectFieldStart("usage");
        g.writeNumberField("prompt_tokens", output.getUsage().getInputTokens());
        g.writeNumberField("total_tokens", output.getUsage().getTotalTokens());
        g.writeEndObject();
        g.writeEndObject();
    }

    private static void failure(JsonGenerator g, Result result) throws IOException {
        ErrorInfo error = result.getError();
        String code = error != null
                ? code(error.getErrorClass())
                : result.getStatus() == ResultStatus.SUCCEEDED ? code(ErrorClass.INVALID_RESPONSE) : "unknown_status";
        String message = error != null
                ? error.getMessage()
                : result.getStatus() == ResultStatus.SUCCEEDED
                        ? "the result has no output"
                        : "the result has status " + result.getStatus() + " and no error";
        if (error != null && error.getHttpStatus() != null) {
            g.writeObjectFieldStart("response");
            g.writeNumberField("status_code", error.getHttpStatus());
            g.writeStringField("request_id", result.getRequestId());
            g.writeObjectFieldStart("body");
            g.writeObjectFieldStart("error");
            g.writeStringField("message", message);
            g.writeStringField("type", errorType(error.getErrorClass()));
            g.writeNullField("param");
            g.writeStringField("code", code);
            g.writeEndObject();
            g.writeEndObject();
            g.writeEndObject();
            g.writeNullField("error");
        } else {
            g.writeNullField("response");
            g.writeObjectFieldStart("error");
            g.writeStringField("code", code);
            g.writeStringField("message", message);
            g.writeEndObject();
        }
    }

    /** OpenAI's error.type for a Roocode error class. */
    static String errorType(ErrorClass errorClass) {
        if (errorClass == null) {
            return "server_error";
        }
        return switch (errorClass) {
            case AUTHENTICATION -> "authentication_error";
            case PERMISSION -> "permission_error";
            case RATE_LIMITED -> "rate_limit_error";
            case BAD_REQUEST, CONTEXT_LENGTH, CONTENT_POLICY, NOT_FOUND, INVALID_JOB, NO_ROUTE, BUDGET_EXCEEDED ->
                "invalid_request_error";
            default -> "server_error";
        };
    }

    private static String code(ErrorClass errorClass) {
        return (errorClass == null ? ErrorClass.PROVIDER_ERROR : errorClass)
                .name()
                .toLowerCase(Locale.ROOT);
    }

    private static boolean isEmbedding(Result result) {
        if (result.getKind() == JobKind.EMBEDDING) {
            return true;
        }
        return result.getKind() != JobKind.CHAT
                && !result.getOutput().getEmbeddings().isEmpty();
    }

    private static String customId(Result result) {
        String customId = result.getMetadata().get(BatchLineCodec.METADATA_CUSTOM_ID);
        if (customId != null) {
            return customId;
        }
        String prefix = result.getBatchId() == null ? null : result.getBatchId() + "/";
        String requestId = result.getRequestId();
        return prefix != null && requestId.startsWith(prefix) ? requestId.substring(prefix.length()) : requestId;
    }

    static String model(Result result) {
        return result.getProviderModel() != null ? result.getProviderModel() : result.getModel();
    }

    static long created(Result result, ProviderOutput output) {
        return output.getCreated() != null
                ? output.getCreated()
                : result.getCompletedAt().getEpochSecond();
    }

    /** A toolCallsJson a connector could not fill properly is left out rather than failing the file. */
    static JsonNode parseOrNull(String json) {
        try {
            return BatchJson.MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    private static String lineId(String seed) {
        return "batch_req_" + shortHash(seed);
    }

    /** 24 alphanumeric characters derived from {@code seed}, like OpenAI's ids. */
    private static String shortHash(String seed) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(seed.getBytes(StandardCharsets.UTF_8));
            StringBuilder id = new StringBuilder(24);
            for (int i = 0; i < 24; i++) {
                id.append(ALPHANUMERIC.charAt((digest[i] & 0xff) % ALPHANUMERIC.length()));
            }
            return id.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    private interface Body {
        void write(JsonGenerator g) throws IOException;
    }

    private static String write(Body body) {
        StringWriter out = new StringWriter(256);
        try (JsonGenerator g = BatchJson.MAPPER.getFactory().createGenerator(out)) {
            g.writeStartObject();
            body.write(g);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot happen with a StringWriter", e);
        }
        return out.toString();
    }
}
