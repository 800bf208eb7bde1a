package dev.roocode.connectors.provider.openaiformat;

import dev.roocode.connectors.provider.Capabilities;
import dev.roocode.connectors.provider.HttpAnswer;
import dev.roocode.connectors.provider.ProviderAdapter;
import dev.roocode.connectors.provider.ProviderError;
import dev.roocode.schemas.avro.JobKind;
import dev.roocode.schemas.avro.ProviderOutput;

/**
 * Base of the adapters whose answers and errors are in the OpenAI format: a type supplies its name,
 * capabilities and request mapping, and overrides parsing or classification only where its server
 * differs (Hugging Face feature extraction, for one).
 */
public abstract class OpenAiFormatAdapter implements ProviderAdapter {
    private final String type;
    private final Capabilities capabilities;
    private final OpenAiFormatResponseMapper responses = new OpenAiFormatResponseMapper();
    private final OpenAiFormatErrorClassifier errors = new OpenAiFormatErrorClassifier();

    protected OpenAiFormatAdapter(String type, Capabilities capabilities) {
        this.type = type;
        this.capabilities = capabilities;
    }

    @Override
    public final String type() {
        return type;
    }

    @Override
    public final Capabilities capabilities() {
        return capabilities;
    }

    @Override
    public ProviderOutput parse(JobKind kind, HttpAnswer answer) {
        return responses.parse(kind, answer);
    }

    @Override
    public ProviderError classify(HttpAnswer answer) {
        return errors.classify(answer);
    }
}
