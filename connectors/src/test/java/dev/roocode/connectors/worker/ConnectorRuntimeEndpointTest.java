package dev.roocode.connectors.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.roocode.connectors.TestJobs;
import org.junit.jupiter.api.Test;

/** A provider record from the topic whose endpoint carries a secret never gets a worker, and the reason never shows the secret. */
class ConnectorRuntimeEndpointTest {
    private static final String SECRET = "sk-in-the-url-0042";

    @Test
    void shouldRefuseToStartAWorkerForAnEndpointWithAQueryOrUserInfo() {
        for (String endpoint :
                new String[] {"http://127.0.0.1:9/v1?api_key=" + SECRET, "http://me:" + SECRET + "@127.0.0.1:9/v1"}) {
            assertThatThrownBy(() -> ConnectorRuntime.refuseUnsafeEndpoint(
                            TestJobs.provider("old", endpoint).build()))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("endpoint ")
                    .hasMessageContaining("roocode providers update old --endpoint URL")
                    .hasMessageNotContaining(SECRET)
                    .hasMessageNotContaining("127.0.0.1");
        }
    }

    @Test
    void shouldStartAWorkerForAPlainBaseUrlOrTheTypesDefault() {
        assertThatCode(() -> ConnectorRuntime.refuseUnsafeEndpoint(
                        TestJobs.provider("ok", "http://127.0.0.1:9/v1/").build()))
                .doesNotThrowAnyException();
        assertThat(TestJobs.provider("default", "").build().getEndpoint()).isEmpty();
        assertThatCode(() -> ConnectorRuntime.refuseUnsafeEndpoint(
                        TestJobs.provider("default", "").build()))
                .doesNotThrowAnyException();
    }
}
