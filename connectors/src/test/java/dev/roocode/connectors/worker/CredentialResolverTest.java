package dev.roocode.connectors.worker;

import static dev.roocode.connectors.TestJobs.provider;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.roocode.schemas.avro.Credential;
import dev.roocode.schemas.avro.CredentialKind;
import dev.roocode.schemas.avro.ProviderConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CredentialResolverTest {
    private final CredentialResolver resolver = new CredentialResolver(Map.of("OPENAI_KEY", "sk-from-env\n")::get);

    private static ProviderConfig withCredential(CredentialKind kind, String value) {
        return provider("acme", "http://localhost").setCredential(new Credential(kind, value)).build();
    }

    @Test
    void shouldResolveNoneToNoKey() {
        assertThat(resolver.resolve(withCredential(CredentialKind.NONE, null))).isNull();
    }

    @Test
    void shouldReadTheNamedEnvironmentVariable() {
        assertThat(resolver.resolve(withCredential(CredentialKind.ENV, "OPENAI_KEY"))).isEqualTo("sk-from-env");
    }

    @Test
    void shouldNameTheMissingVariable() {
        assertThatThrownBy(() -> resolver.resolve(withCredential(CredentialKind.ENV, "MISSING_KEY")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("MISSING_KEY")
                .hasMessageContaining("acme");
    }

    @Test
    void shouldReadAndTrimTheFile(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("key"), "  sk-from-file \n");

        assertThat(resolver.resolve(withCredential(CredentialKind.FILE, file.toString()))).isEqualTo("sk-from-file");
    }

    @Test
    void shouldNameTheUnreadableFile(@TempDir Path dir) {
        String missing = dir.resolve("nope").toString();

        assertThatThrownBy(() -> resolver.resolve(withCredential(CredentialKind.FILE, missing)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(missing);
    }

    @Test
    void shouldExplainThatEncryptedCredentialsAreNotSupportedYet() {
        assertThatThrownBy(() -> resolver.resolve(withCredential(CredentialKind.ENCRYPTED, "v1:kid:ciphertext")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("ROOCODE_MASTER_KEY")
                .hasMessageNotContaining("ciphertext");
    }
}
