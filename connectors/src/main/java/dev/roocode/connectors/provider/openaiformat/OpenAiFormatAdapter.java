package dev.roocode.connectors.provider.openaiformat;

import dev.roocode.connectors.provider.HttpAnswer;
import dev.roocode.connectors.provider.HttpCall;
import dev.roocode.connectors.provider.ProviderAdapter;
import dev.roocode.connectors.provider.ProviderError;
import dev.roocode.connectors.provider.RateLimits;
import dev.roocode.core.provider.ProviderDescriptor;
import dev.roocode.schemas.avro.DispatchedJob;
import dev.roocode.schemas.avro.JobKind;
import dev.roocode.schemas.avro.ProviderConfig;
import dev.roocode.schemas.avro.ProviderOutput;
import java.time.Instant;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Base of the adapters whose answers and errors are in the OpenAI format. A type is its descriptor
 * and request mapping; it passes its own parser or classifier only where its server
 * differs (Hugging Face feature extraction and TGI errors, for one).
 */
public abstract class OpenAiFormatAdapter implements ProviderAdapter {
    private final ProviderDescriptor descriptor;
    private final RequestMapper requests;
    private final BiFunction<JobKind, HttpAnswer, ProviderOutput> parser;
    private final Function<HttpAnswer, ProviderError> classifier;

    /** A type with its own request mapping and the OpenAI format's parsing and classification. */
    protected OpenAiFormatAdapter(ProviderDescriptor descriptor, RequestMapper requests) {
        this(
                descriptor,
                requests,
                new OpenAiFormatResponseMapper()::parse,
                new OpenAiFormatErrorClassifier()::classify);
    }

    protected OpenAiFormatAdapter(
            ProviderDescriptor descriptor,
            RequestMapper requests,
            BiFunction<JobKind, HttpAnswer, ProviderOutput> parser,
            Function<HttpAnswer, ProviderError> classifier) {
        this.descriptor = descriptor;
        this.requests = requests;
        this.parser = parser;
        this.classifier = classifier;
    }

    @Override
    public final ProviderDescriptor descriptor() {
        return descriptor;
    }

    @Override
    public final HttpCall toHttpCall(DispatchedJob job, ProviderConfig config, String apiKey) {
        return requests.toHttpCall(job, config, apiKey);
    }

    @Override
    public final ProviderOutput parse(JobKind kind, HttpAnswer answer) {
        return parser.apply(kind, answer);
    }

    @Override
    public final ProviderError classify(HttpAnswer answer) {
        return classifier.apply(answer);
    }

    /** OpenAI's {@code x-ratelimit-*} headers and Retry-After; a type whose server sends others overrides it. */
    @Override
    public RateLimits rateLimits(HttpAnswer answer, Instant now) {
        return OpenAiFormatRateLimits.read(answer, now);
    }

    /** One type's Job → HTTP call; pure, like the adapter. */
    @FunctionalInterface
    public interface RequestMapper {
        HttpCall toHttpCall(DispatchedJob job, ProviderConfig config, String apiKey);
    }
}
