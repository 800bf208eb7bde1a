package dev.roocode.connectors.provider.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.roocode.connectors.provider.ProviderException;
import dev.roocode.schemas.avro.ErrorClass;
import java.net.URI;
import org.junit.jupiter.api.Test;

class EndpointsTest {
    private static final String SECRET = "sk-endpoint-secret-42";

    @Test
    void shouldJoinTheBasePathAndTheApiPathWithOneSlash() {
        assertThat(Endpoints.join("http://h/v1/", null, "/chat/completions"))
                .hasToString("http://h/v1/chat/completions");
        assertThat(Endpoints.join("http://h/v1", null, "chat/completions")).hasToString("http://h/v1/chat/completions");
        assertThat(Endpoints.join("http://h:8080/proxy/openai//", "/v1", "/v1/chat/completions"))
                .hasToString("http://h:8080/proxy/openai/v1/chat/completions");
        assertThat(Endpoints.join("https://api.openai.com/v1", "/v1", "/v1/embeddings"))
                .hasToString("https://api.openai.com/v1/embeddings");
        assertThat(Endpoints.join("http://tgi:8080", null, "")).hasToString("http://tgi:8080");
        assertThat(Endpoints.join(
                        "https://r.openai.azure.com/",
                        null,
                        "/openai/deployments/a%20b/embeddings",
                        "api-version=2024-10-21"))
                .hasToString("https://r.openai.azure.com/openai/deployments/a%20b/embeddings?api-version=2024-10-21");
    }

    @Test
    void shouldGiveTheSameUrlAgainForTheSameArgumentsAndADifferentOneForAnyOtherArgument() {
        URI first = Endpoints.join("http://h/v1", "/v1", "/v1/chat/completions", null);

        assertThat(Endpoints.join("http://h/v1", "/v1", "/v1/chat/completions", null))
                .isEqualTo(first)
                .hasToString("http://h/v1/chat/completions");
        assertThat(Endpoints.join("http://h/v2", "/v1", "/v1/chat/completions", null))
                .hasToString("http://h/v2/v1/chat/completions");
        assertThat(Endpoints.join("http://h/v1", null, "/v1/chat/completions", null))
                .hasToString("http://h/v1/v1/chat/completions");
        assertThat(Endpoints.join("http://h/v1", "/v1", "/v1/embeddings", null)).hasToString("http://h/v1/embeddings");
        assertThat(Endpoints.join("http://h/v1", "/v1", "/v1/chat/completions", "a=1"))
                .hasToString("http://h/v1/chat/completions?a=1");
    }

    @Test
    void shouldRefuseABadEndpointEveryTimeItIsJoined() {
        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> Endpoints.join("http://u:p@h/v1", "/v1", "/v1/chat/completions"))
                    .isInstanceOf(ProviderException.class);
        }
    }

    @Test
    void shouldRefuseAnEndpointWithAQueryUserInfoOrFragmentWithoutRepeatingIt() {
        for (String endpoint : new String[] {
            "http://h/v1?api_key=" + SECRET, "http://user:" + SECRET + "@h/v1", "http://h/v1#" + SECRET
        }) {
            assertThatThrownBy(() -> Endpoints.join(endpoint, "/v1", "/v1/chat/completions"))
                    .isInstanceOfSatisfying(
                            ProviderException.class,
                            e -> assertThat(e.errorClass()).isEqualTo(ErrorClass.BAD_REQUEST))
                    .hasMessageContaining("provider endpoint ")
                    .hasMessageNotContaining(SECRET)
                    .hasMessageNotContaining("h/v1");
        }
        assertThat(Endpoints.problem("http://h/v1?api_key=" + SECRET))
                .contains("query string")
                .contains("--api-key-stdin")
                .contains("--api-key-env")
                .contains("--api-key-file")
                .contains("credential: {env: VARIABLE}");
        assertThat(Endpoints.problem("http://u:p@h/v1")).contains("user info");
        assertThat(Endpoints.problem("ftp://h/v1")).contains("not an http(s) URL");
        assertThat(Endpoints.problem("http://h/v 1?key=" + SECRET)).doesNotContain(SECRET);
        assertThat(Endpoints.problem("https://api.example.com/v1")).isNull();
    }

    @Test
    void shouldRedactUserInfoAndQueryForDisplay() {
        assertThat(Endpoints.redact("http://user:" + SECRET + "@h:8080/v1?api_key=" + SECRET))
                .isEqualTo("http://***@h:8080/v1?***");
        assertThat(Endpoints.redact("https://api.example.com/v1")).isEqualTo("https://api.example.com/v1");
        assertThat(Endpoints.redact("not a url " + SECRET)).isEqualTo("***");
    }
}
