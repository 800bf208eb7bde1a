package dev.roocode.connectors.provider.huggingface;

import static dev.roocode.connectors.provider.huggingface.HuggingFaceWire.*;

import com.fasterxml.jackson.databind.JsonNode;
import dev.roocode.connectors.provider.HttpAnswer;
import dev.roocode.connectors.provider.ProviderError;
import dev.roocode.connectors.provider.RetryAfter;
import dev.roocode.connectors.provider.openaiformat.OpenAiFormatErrorClassifier;
import dev.roocode.schemas.avro.ErrorClass;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Hugging Face errors: TGI's {@code {"error", "error_type"}} bodies classify like OpenAI's, plus
 * what only Hugging Face sends: 424 (generation failed on the server: PROVIDER_ERROR, not the
 * caller's fault), a 503 "model is loading" with {@code estimated_time} seconds, and the Hub's IETF
 * {@code RateLimit} header ({@code t=} seconds to reset) on a 429 without Retry-After.
 */
final class HuggingFaceErrorClassifier {
    private static final Pattern RESET = Pattern.compile("(?:^|[;,\\s])(?:t|reset)=(\\d+)");

    private final OpenAiFormatErrorClassifier openAi = new OpenAiFormatErrorClassifier();

    ProviderError classify(HttpAnswer answer) {
        ProviderError error = openAi.classify(answer);
        int status = answer.status();
        if (status == 424) {
            return new ProviderError(ErrorClass.PROVIDER_ERROR, status, false, error.retryAfter(), error.message());
        }
        if (error.retryAfter() != null) {
            return error;
        }
        Optional<Duration> wait = switch (status) {
            case 503 -> estimatedTime(answer);
            case 429 -> answer.header(RATE_LIMIT).flatMap(HuggingFaceErrorClassifier::reset);
            default -> Optional.empty();
        };
        return wait.map(d -> new ProviderError(
                        error.errorClass(), status, error.retryable(), d, error.message(), error.elsewhere()))
                .orElse(error);
    }

    private static Optional<Duration> estimatedTime(HttpAnswer answer) {
        JsonNode root = OpenAiFormatErrorClassifier.readOrNull(answer.body());
        JsonNode seconds = root == null ? null : root.get(ESTIMATED_TIME);
        return seconds != null && seconds.isNumber() ? RetryAfter.seconds(seconds.asText()) : Optional.empty();
    }

    private static Optional<Duration> reset(String header) {
        Matcher m = RESET.matcher(header);
        return m.find() ? RetryAfter.seconds(m.group(1)) : Optional.empty();
    }
}
