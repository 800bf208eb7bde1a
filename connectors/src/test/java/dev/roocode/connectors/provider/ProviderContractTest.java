package dev.roocode.connectors.provider;

import static dev.roocode.connectors.TestJobs.chatJob;
import static dev.roocode.connectors.TestJobs.dispatched;
import static dev.roocode.connectors.TestJobs.embeddingJob;
import static dev.roocode.connectors.TestJobs.fixture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.roocode.schemas.avro.ErrorClass;
import dev.roocode.schemas.avro.JobKind;
import dev.roocode.schemas.avro.ProviderConfig;
import dev.roocode.schemas.avro.ProviderOutput;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The contract every provider adapter passes. A provider type's {@code <Type>ContractTest} extends
 * this class and supplies its adapter, a provider config and its fixtures; {@link ProviderAdaptersTest}
 * fails when a registered type has no such test.
 */
public abstract class ProviderContractTest {
    protected static final String KEY = "sk-contract-secret-0123456789";

    /** The adapter under test. */
    protected abstract ProviderAdapter adapter();

    /** A provider config of the adapter's type. */
    protected abstract ProviderConfig config();

    /** One error fixture per error class the provider can answer with. */
    protected abstract List<ErrorCase> errorCases();

    /** A successful chat answer fixture name. */
    protected abstract String chatResponseFixture();

    /** A successful embeddings answer fixture name, or null when the type has no embeddings. */
    protected abstract String embeddingsResponseFixture();

    /** An HTTP status, body fixture and headers that the adapter must classify as {@code expected}. */
    public record ErrorCase(int status, String fixture, Map<String, List<String>> headers, ErrorClass expected) {
        public static ErrorCase of(int status, String fixture, ErrorClass expected) {
            return new ErrorCase(status, fixture, Map.of(), expected);
        }
    }

    private byte[] fixtureBytes(String name) {
        return fixture(adapter().type(), name);
    }

    @Test
    void shouldTagEveryCallWithTheRequestIdAndHideTheKey() {
        HttpCall call = adapter().toHttpCall(dispatched(chatJob("contract-1", "hi").build()), config(), KEY);

        assertThat(call.headers()).containsEntry(ProviderAdapter.REQUEST_ID_HEADER, "contract-1");
        assertThat(call.toString()).doesNotContain(KEY);
        assertThat(new String(call.body())).doesNotContain(KEY);
    }

    @Test
    void shouldMapEmbeddingJobsWhenCapable() {
        if (!adapter().capabilities().embeddings()) {
            return;
        }
        HttpCall call = adapter().toHttpCall(dispatched(embeddingJob("contract-2", List.of("a", "b")).build()), config(), KEY);

        assertThat(call.headers()).containsEntry(ProviderAdapter.REQUEST_ID_HEADER, "contract-2");
    }

    @Test
    void shouldParseItsChatFixture() {
        ProviderOutput output = adapter().parse(JobKind.CHAT, new HttpAnswer(200, Map.of(), fixtureBytes(chatResponseFixture())));

        assertThat(output.getChoices()).isNotEmpty();
        assertThat(output.getChoices().get(0).getFinishReason()).isIn("stop", "length", "tool_calls", "content_filter");
    }

    @Test
    void shouldParseItsEmbeddingsFixture() {
        if (embeddingsResponseFixture() == null) {
            return;
        }
        ProviderOutput output = adapter().parse(JobKind.EMBEDDING, new HttpAnswer(200, Map.of(), fixtureBytes(embeddingsResponseFixture())));

        assertThat(output.getEmbeddings()).isNotEmpty();
    }

    @Test
    void shouldReportGarbageAsInvalidResponse() {
        for (byte[] body : List.of(new byte[0], "<html>".getBytes(), "{\"choices\": [".getBytes())) {
            assertThatThrownBy(() -> adapter().parse(JobKind.CHAT, new HttpAnswer(200, Map.of(), body)))
                    .isInstanceOfSatisfying(ProviderException.class, e -> assertThat(e.errorClass()).isEqualTo(ErrorClass.INVALID_RESPONSE));
        }
    }

    @Test
    void shouldClassifyEveryErrorCase() {
        for (ErrorCase c : errorCases()) {
            ProviderError error = adapter().classify(new HttpAnswer(c.status(), c.headers(), fixtureBytes(c.fixture())));
            assertThat(error.errorClass()).as("%s %s", c.status(), c.fixture()).isEqualTo(c.expected());
            assertThat(error.message()).as("%s %s", c.status(), c.fixture()).doesNotContain("\n").doesNotContain(KEY);
        }
    }

    @Test
    void shouldCoverEveryProviderSideErrorClass() {
        Set<ErrorClass> providerSide = EnumSet.of(ErrorClass.AUTHENTICATION, ErrorClass.PERMISSION, ErrorClass.BAD_REQUEST,
                ErrorClass.CONTEXT_LENGTH, ErrorClass.CONTENT_POLICY, ErrorClass.NOT_FOUND, ErrorClass.RATE_LIMITED,
                ErrorClass.TIMEOUT, ErrorClass.PROVIDER_UNAVAILABLE, ErrorClass.PROVIDER_ERROR);

        assertThat(errorCases().stream().map(ErrorCase::expected).toList())
                .as("add a fixture per error class under fixtures/%s/", adapter().type())
                .containsAll(providerSide);
    }
}
