package dev.roocode.connectors.provider;

import dev.roocode.core.provider.ProviderDescriptor;
import dev.roocode.schemas.avro.DispatchedJob;
import dev.roocode.schemas.avro.JobKind;
import dev.roocode.schemas.avro.ProviderConfig;
import dev.roocode.schemas.avro.ProviderOutput;
import java.time.Instant;

/**
 * One provider type's translation between Roocode jobs and the provider's HTTP API. Implementations
 * are pure (no I/O, no clock, no Kafka) and thread-safe; they are registered in {@link ProviderAdapters}.
 */
public interface ProviderAdapter {

    /**
     * Header carrying the job's requestId on every call, in its ASCII-safe form
     * ({@link dev.roocode.schemas.RequestIds#toHeaderValue}); the provider simulator counts calls by it.
     */
    String REQUEST_ID_HEADER = "X-Roocode-Request-Id";

    /**
     * What this provider type is (its entry in core's {@link dev.roocode.core.provider.ProviderTypes}): its id,
     * what a configuration needs and the Job fields it honours; {@link #toHttpCall} refuses every other field.
     */
    ProviderDescriptor descriptor();

    /** The type name used in {@code ProviderConfig.type}, e.g. {@code openai-compatible}: its descriptor's id. */
    default String type() {
        return descriptor().id();
    }

    /**
     * What this type does with each OpenAI request field the Job does not type ({@code Job.openAiParamsJson}):
     * pass, map, drop at a neutral value, or refuse. {@link #toHttpCall} applies it.
     */
    OpenAiParamPolicy openAiParams();

    /**
     * The HTTP call for {@code job} at the provider described by {@code config}.
     *
     * @param apiKey the resolved key, or null when the provider needs none; never put in messages
     * @throws ProviderException with INVALID_JOB or BAD_REQUEST when the job cannot be expressed
     */
    HttpCall toHttpCall(DispatchedJob job, ProviderConfig config, String apiKey);

    /**
     * The normalised output of a 2xx answer.
     *
     * @throws ProviderException with INVALID_RESPONSE when the body is not the expected JSON
     */
    ProviderOutput parse(JobKind kind, HttpAnswer answer);

    /**
     * The normalised output of a 2xx answer to {@code job}: {@link #parse(JobKind, HttpAnswer)}, then
     * checked against the request ({@link ResponseCheck}: choices present, one vector per input).
     * What the worker calls.
     *
     * @throws ProviderException with INVALID_RESPONSE when the body is not the expected JSON or does not answer the job
     */
    default ProviderOutput parse(DispatchedJob job, HttpAnswer answer) {
        return ResponseCheck.checked(job.getJob(), parse(job.getJob().getKind(), answer));
    }

    /** The error class of a non-2xx answer, with retryability and Retry-After. */
    ProviderError classify(HttpAnswer answer);

    /**
     * What any answer of this provider says about the account's limits (the rate-limit headers only it
     * sends, and Retry-After), times made absolute from {@code now}; the worker's pacing calls it.
     */
    RateLimits rateLimits(HttpAnswer answer, Instant now);
}
