package dev.roocode.connectors.provider.openaiformat;

import static dev.roocode.connectors.provider.contract.ErrorCase.of;
import static dev.roocode.connectors.provider.contract.InvalidCase.invalid;
import static dev.roocode.schemas.avro.ErrorClass.*;

import dev.roocode.connectors.provider.ProviderContractTest;
import dev.roocode.connectors.provider.contract.ErrorCase;
import dev.roocode.connectors.provider.contract.InvalidCase;
import dev.roocode.connectors.provider.contract.OpenAiParamCases;
import dev.roocode.connectors.provider.contract.ResponseCase;
import dev.roocode.schemas.avro.JobKind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The contract cases every type speaking the OpenAI format shares: the same field matrix (all but
 * {@code inputType}) and the same fixture names for answers and errors, each type keeping its own
 * fixture files (its docs' bodies) and adding its length answer and rate-limit cases.
 */
public abstract class OpenAiFormatContractTest extends ProviderContractTest {

    /** The type's {@code finish_reason: length} answer. */
    protected abstract ResponseCase lengthCase();

    /** The type's 429 answers (their Retry-After headers differ per provider). */
    protected abstract List<ErrorCase> rateLimitCases();

    /** OpenAI's own 429 answers: Retry-After in seconds, as an HTTP date, x-ratelimit-reset-*, insufficient_quota. */
    protected static List<ErrorCase> openAiRateLimitCases() {
        return List.of(
                of("rate-limited", 429, RATE_LIMITED, true).retryAfter(Duration.ofSeconds(20)),
                of("rate-limited-date", 429, RATE_LIMITED, true).retryAfter(Duration.ofSeconds(30)),
                of("rate-limited-reset", 429, RATE_LIMITED, true).retryAfter(Duration.ofMinutes(6)),
                of("insufficient-quota", 429, RATE_LIMITED, false));
    }

    /** Further error cases of the type. */
    protected List<ErrorCase> extraErrorCases() {
        return List.of();
    }

    @Override
    protected OpenAiParamCases openAiParamCases() {
        return OpenAiParamCases.openAiFormat();
    }

    @Override
    protected List<ResponseCase> responseCases() {
        return List.of(
                ResponseCase.chat("chat-basic", "Hello! How can I assist you today?", "stop", 19, 10, 29),
                lengthCase(),
                ResponseCase.chat("chat-content-filter", null, "content_filter", 31, 12, 43),
                ResponseCase.toolCall("chat-tool-calls", "get_current_weather", 82, 17, 99),
                ResponseCase.embeddings("embeddings", 2, 0.0023064255f, 8, 8));
    }

    @Override
    protected List<InvalidCase> invalidCases() {
        return List.of(
                invalid("invalid-no-choices", JobKind.CHAT),
                invalid("invalid-empty-choices", JobKind.CHAT),
                invalid("invalid-embeddings-count", JobKind.EMBEDDING),
                invalid("invalid-embeddings-index", JobKind.EMBEDDING),
                invalid("invalid-embeddings-duplicate", JobKind.EMBEDDING),
                invalid("invalid-no-message", JobKind.CHAT),
                invalid("invalid-no-data", JobKind.EMBEDDING),
                invalid("chat-basic", JobKind.EMBEDDING));
    }

    @Override
    protected List<ErrorCase> errorCases() {
        List<ErrorCase> cases = new ArrayList<>(List.of(
                of("bad-request", 400, BAD_REQUEST, false),
                of("context-length", 400, CONTEXT_LENGTH, false),
                of("content-policy", 400, CONTENT_POLICY, false),
                of("authentication", 401, AUTHENTICATION, false),
                of("permission", 403, PERMISSION, false),
                of("not-found", 404, NOT_FOUND, false),
                of("timeout", 408, TIMEOUT, true),
                of("request-too-large", 413, CONTEXT_LENGTH, false),
                of("unprocessable", 422, BAD_REQUEST, false),
                of("provider-error", 500, PROVIDER_ERROR, true),
                of("provider-error-truncated", 500, PROVIDER_ERROR, true),
                of("invalid-html", 502, PROVIDER_UNAVAILABLE, true),
                of("unavailable", 503, PROVIDER_UNAVAILABLE, true)));
        cases.addAll(rateLimitCases());
        cases.addAll(extraErrorCases());
        return cases;
    }
}
