package dev.roocode.connectors.provider.openaiformat;

import static dev.roocode.connectors.provider.openaiformat.OpenAiFormatWire.*;

import com.fasterxml.jackson.databind.JsonNode;
import dev.roocode.connectors.provider.HttpAnswer;
import dev.roocode.connectors.provider.ProviderError;
import dev.roocode.connectors.provider.RetryAfter;
import dev.roocode.schemas.avro.ErrorClass;
import java.io.IOException;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * Non-2xx answer in the OpenAI error format → error class, for every OpenAI-format type. Permanent
 * classes are decided first (authentication, permission, content policy, context length, bad
 * request, not found), then the transient ones (timeout, rate limit, unavailable, provider error)
 * with the provider's Retry-After ({@code retry-after-ms}, {@code retry-after} in seconds or as an
 * HTTP date) or, on a 429 without it, OpenAI's {@code x-ratelimit-reset-*} headers.
 *
 * <p>The servers behind openai-compatible fill the error object differently, so the error's
 * {@code type}, its {@code code} and its message are all read: OpenAI puts a string code
 * ({@code context_length_exceeded}); llama.cpp's server a numeric code (the HTTP status) and the
 * class in {@code type} ({@code exceed_context_size_error}: "request (672 tokens) exceeds the available
 * context size (512 tokens)"); vLLM a flat {@code {"object":"error","type":"BadRequestError","code":400}}
 * whose only hint is the message ("maximum context length", "maximum model length"); TGI
 * {@code {"error": "...", "error_type": "validation"}}. A numeric code repeats the status and is
 * never printed.
 */
public final class OpenAiFormatErrorClassifier {
    private static final int MAX_MESSAGE = 300;

    public ProviderError classify(HttpAnswer answer) {
        int status = answer.status();
        ErrorBody body = errorBody(answer.body());
        String detail = describe(status, body);
        Duration retryAfter = RetryAfter.of(answer)
                .or(() -> status == 429 ? rateLimitReset(answer) : Optional.empty())
                .orElse(null);

        ErrorClass permanent = permanentClass(status, body);
        if (permanent != null) {
            return new ProviderError(permanent, status, false, retryAfter, detail);
        }
        return switch (status) {
            case 408 -> new ProviderError(ErrorClass.TIMEOUT, status, true, retryAfter, detail);
            // insufficient_quota is a billing limit: waiting does not help, another provider may
            case 429 ->
                new ProviderError(ErrorClass.RATE_LIMITED, status, !body.is("insufficient_quota"), retryAfter, detail);
            // 409: a conflict (OpenAI's lock timeout) that a later call does not meet; the SDKs retry it
            case 409, 500 -> new ProviderError(ErrorClass.PROVIDER_ERROR, status, true, retryAfter, detail);
            // 529: overloaded, as Anthropic-style gateways in front of OpenAI-format servers answer
            case 502, 503, 504, 529 ->
                new ProviderError(ErrorClass.PROVIDER_UNAVAILABLE, status, true, retryAfter, detail);
            default ->
                status >= 500
                        ? new ProviderError(ErrorClass.PROVIDER_ERROR, status, false, retryAfter, detail)
                        : new ProviderError(
                                status >= 400 ? ErrorClass.BAD_REQUEST : ErrorClass.PROVIDER_ERROR,
                                status,
                                false,
                                retryAfter,
                                detail);
        };
    }

    private static ErrorClass permanentClass(int status, ErrorBody body) {
        if (status == 401) {
            return ErrorClass.AUTHENTICATION;
        }
        if (status == 403) {
            return isContentPolicy(body) ? ErrorClass.CONTENT_POLICY : ErrorClass.PERMISSION;
        }
        if (status == 400 || status == 422) {
            if (isContentPolicy(body)) {
                return ErrorClass.CONTENT_POLICY;
            }
            return isContextLength(body) ? ErrorClass.CONTEXT_LENGTH : ErrorClass.BAD_REQUEST;
        }
        if (status == 404) {
            return ErrorClass.NOT_FOUND;
        }
        if (status == 413) {
            return ErrorClass.CONTEXT_LENGTH;
        }
        return null;
    }

    private static boolean isContentPolicy(ErrorBody body) {
        return body.is("content_filter")
                || body.is("content_policy_violation")
                || body.is("invalid_prompt")
                || containsAny(
                        body.message(),
                        "content policy",
                        "content management policy",
                        "content_filter",
                        "safety system",
                        "usage policy");
    }

    private static boolean isContextLength(ErrorBody body) {
        return body.is("context_length_exceeded")
                || body.is("string_above_max_length")
                || body.is("exceed_context_size_error")
                || containsAny(
                        body.message(),
                        "maximum context length",
                        "context length",
                        "context window",
                        "context size",
                        "maximum model length",
                        "`inputs` tokens + `max_new_tokens`",
                        "`inputs` must have less than",
                        "too many tokens");
    }

    private static boolean containsAny(String text, String... needles) {
        if (text == null) {
            return false;
        }
        String lower = text.toLowerCase(Locale.ROOT);
        for (String needle : needles) {
            if (lower.contains(needle.toLowerCase(Locale.ROOT))) {
                return true;
            }
        }
        return false;
    }

    /**
     * A one-line description. Bodies of 401/403 are not echoed: some providers quote part of the
     * presented key there ("Incorrect API key provided: sk-abc***").
     */
    private static String describe(int status, ErrorBody body) {
        StringBuilder text = new StringBuilder("HTTP ").append(status);
        String label = body.label();
        if (label != null) {
            text.append(" ").append(label);
        }
        if (body.message() != null && status != 401 && status != 403) {
            text.append(": ").append(oneLine(body.message()));
        }
        return text.toString();
    }

    /** {@code message} on one line, at most 300 characters. */
    public static String oneLine(String message) {
        String line = message.replaceAll("\\s+", " ").trim();
        return line.length() <= MAX_MESSAGE ? line : line.substring(0, MAX_MESSAGE) + "…";
    }

    /** Parses {"error": {...}}, {"error": "text", "error_type": "..."} or {"message": "..."}; anything else is empty. */
    public static ErrorBody errorBody(byte[] body) {
        JsonNode root = readOrNull(body);
        if (root == null || !root.isObject()) {
            return ErrorBody.EMPTY;
        }
        JsonNode error = root.get(ERROR);
        if (error != null && error.isObject()) {
            return new ErrorBody(text(error.get(MESSAGE)), text(error.get(TYPE)), text(error.get(CODE)));
        }
        if (error != null && error.isTextual()) {
            return new ErrorBody(error.asText(), text(root.get(ERROR_TYPE)), text(root.get(CODE)));
        }
        return new ErrorBody(text(root.get(MESSAGE)), text(root.get(TYPE)), text(root.get(CODE)));
    }

    /** The body as JSON, or null when it is empty or not JSON. */
    public static JsonNode readOrNull(byte[] body) {
        if (body.length == 0) {
            return null;
        }
        try {
            return MAPPER.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() ? null : node.asText();
    }

    /**
     * OpenAI's {@code x-ratelimit-reset-requests}/{@code -tokens} for a 429 without Retry-After: the
     * reset of the exhausted bucket, or the later of both when the remaining counts do not say which.
     */
    static Optional<Duration> rateLimitReset(HttpAnswer answer) {
        Optional<Duration> requests = answer.header(RESET_REQUESTS).flatMap(RetryAfter::goDuration);
        Optional<Duration> tokens = answer.header(RESET_TOKENS).flatMap(RetryAfter::goDuration);
        boolean requestsOut = answer.header(REMAINING_REQUESTS).map("0"::equals).orElse(false);
        boolean tokensOut = answer.header(REMAINING_TOKENS).map("0"::equals).orElse(false);
        if (requestsOut != tokensOut) {
            return requestsOut ? requests : tokens;
        }
        if (requests.isPresent() && tokens.isPresent()) {
            return Optional.of(requests.get().compareTo(tokens.get()) >= 0 ? requests.get() : tokens.get());
        }
        return requests.or(() -> tokens);
    }

    /**
     * The error object of an OpenAI-style error body; every field may be null. {@code code} is the
     * text of a string code ({@code context_length_exceeded}) or of a numeric one (llama.cpp and vLLM
     * put the HTTP status there).
     */
    public record ErrorBody(String message, String type, String code) {
        static final ErrorBody EMPTY = new ErrorBody(null, null, null);

        /** Whether the code or the type is {@code name}: servers put the class in either. */
        public boolean is(String name) {
            return name.equals(code) || name.equals(type);
        }

        /**
         * What names the error after the status: a non-numeric code, else the type, else null. A
         * numeric code only repeats the status ("HTTP 400 400").
         */
        public String label() {
            if (code != null && !code.isBlank() && !code.chars().allMatch(Character::isDigit)) {
                return code;
            }
            return type == null || type.isBlank() ? null : type;
        }
    }
}
