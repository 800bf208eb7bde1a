package dev.roocode.connectors.provider.openaicompatible;

import static dev.roocode.connectors.TestJobs.provider;

import dev.roocode.connectors.provider.ProviderAdapter;
import dev.roocode.connectors.provider.ProviderContractTest;
import dev.roocode.schemas.avro.ErrorClass;
import dev.roocode.schemas.avro.ProviderConfig;
import java.util.List;
import java.util.Map;

/** The provider contract for openai-compatible; see {@link ProviderContractTest}. */
class OpenAiCompatibleContractTest extends ProviderContractTest {

    @Override
    protected ProviderAdapter adapter() {
        return new OpenAiCompatibleAdapter();
    }

    @Override
    protected ProviderConfig config() {
        return provider("contract", "http://localhost:8000").build();
    }

    @Override
    protected List<ErrorCase> errorCases() {
        return List.of(
                ErrorCase.of(401, "authentication.response.json", ErrorClass.AUTHENTICATION),
                ErrorCase.of(403, "permission.response.json", ErrorClass.PERMISSION),
                ErrorCase.of(400, "bad-request.response.json", ErrorClass.BAD_REQUEST),
                ErrorCase.of(400, "context-length.response.json", ErrorClass.CONTEXT_LENGTH),
                ErrorCase.of(400, "content-policy.response.json", ErrorClass.CONTENT_POLICY),
                ErrorCase.of(404, "not-found.response.json", ErrorClass.NOT_FOUND),
                new ErrorCase(429, "rate-limited.response.json", Map.of("retry-after", List.of("1")), ErrorClass.RATE_LIMITED),
                ErrorCase.of(408, "timeout.response.json", ErrorClass.TIMEOUT),
                ErrorCase.of(503, "unavailable.response.json", ErrorClass.PROVIDER_UNAVAILABLE),
                ErrorCase.of(500, "provider-error.response.json", ErrorClass.PROVIDER_ERROR));
    }

    @Override
    protected String chatResponseFixture() {
        return "chat-basic.response.json";
    }

    @Override
    protected String embeddingsResponseFixture() {
        return "embeddings.response.json";
    }
}
