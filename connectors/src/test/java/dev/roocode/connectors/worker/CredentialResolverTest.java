package dev.roocode.connectors.worker;

import static dev.roocode.connectors.TestJobs.provider;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.roocode.schemas.avro.Credential;
import dev.roocode.schemas.avro.CredentialKind;
import dev.roocode.schemas.avro.ProviderConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CredentialResolverTest {
    private final CredentialResolver resolver = new CredentialResolver(Map.of("OPENAI_KEY", "sk-from-env\n")::get);

    private static ProviderConfig withCredential(CredentialKind kind, String value) {
        return provider("acme", "http://localhost")
                .setCredential(new Credential(kind, value))
                .build();
    }

    @Test
    void shouldResolveNoneToNoKey() {
        assertThat(resolver.resolve(withCredential(CredentialKind.NONE, null))).isNull();
    }

    @Test
    void shouldReadTheNamedEnvironmentVariable() {
        assertThat(resolver.resolve(withCredential(CredentialKind.ENV, "OPENAI_KEY")))
                .isEqualTo("sk-from-env");
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

        assertThat(resolver.resolve(withCredential(CredentialKind.FILE, file.toString())))
                .isEqualTo("sk-from-file");
    }

    @Test
    void shouldNameTheUnreadableFile(@TempDir Path dir) {
        String missing = dir.resolve("nope").toString();

        assertThatThrownBy(() -> resolver.resolve(withCredential(CredentialKind.FILE, missing)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(missing);
    }

    private static final String OLD_KEY = "old:" + Base64.getEncoder().encodeToString(new byte[32]);
    private static final String NEW_KEY =
            "new:" + Base64.getEncoder().encodeToString("0123456789abcdef0123456789abcdef".getBytes());

    private static String encrypted(String keys, String provider, String secret) {
        return new dev.roocode.core.secret.CredentialCipher(dev.roocode.core.secret.MasterKeys.parse(keys, "test"))
                .encrypt(provider, secret);
    }

    @Test
    void shouldDecryptWithTheMasterKeyFromTheEnvironment() {
        CredentialResolver withKey = new CredentialResolver(Map.of("ROOCODE_MASTER_KEY", OLD_KEY)::get);

        assertThat(withKey.resolve(withCredential(CredentialKind.ENCRYPTED, encrypted(OLD_KEY, "acme", "sk-secret"))))
                .isEqualTo("sk-secret");
    }

    @Test
    void shouldDecryptCredentialsUnderEveryConfiguredKeyDuringARotation() {
        CredentialResolver rotating =
                new CredentialResolver(Map.of("ROOCODE_MASTER_KEY", NEW_KEY + "," + OLD_KEY)::get);

        assertThat(rotating.resolve(withCredential(CredentialKind.ENCRYPTED, encrypted(OLD_KEY, "acme", "sk-old"))))
                .isEqualTo("sk-old");
        assertThat(rotating.resolve(withCredential(CredentialKind.ENCRYPTED, encrypted(NEW_KEY, "acme", "sk-new"))))
                .isEqualTo("sk-new");
    }

    @Test
    void shouldNameTheMissingMasterKeyWithoutShowingTheCiphertext() {
        String ciphertext = encrypted(OLD_KEY, "acme", "sk-secret");

        assertThatThrownBy(() -> resolver.resolve(withCredential(CredentialKind.ENCRYPTED, ciphertext)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("ROOCODE_MASTER_KEY")
                .hasMessageContaining("acme")
                .hasMessageNotContaining(ciphertext.substring(10));
    }

    @Test
    void shouldRefuseAWrongMasterKeyWithoutFallingBack() {
        String wrong = "old:" + Base64.getEncoder().encodeToString("ffffffffffffffffffffffffffffffff".getBytes());
        CredentialResolver withWrongKey = new CredentialResolver(Map.of("ROOCODE_MASTER_KEY", wrong)::get);

        assertThatThrownBy(() -> withWrongKey.resolve(
                        withCredential(CredentialKind.ENCRYPTED, encrypted(OLD_KEY, "acme", "sk-secret"))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("wrong master key")
                .hasMessageNotContaining("sk-secret");
    }

    @Test
    void shouldNameAnUnknownKeyId() {
        CredentialResolver withNewOnly = new CredentialResolver(Map.of("ROOCODE_MASTER_KEY", NEW_KEY)::get);

        assertThatThrownBy(() -> withNewOnly.resolve(
                        withCredential(CredentialKind.ENCRYPTED, encrypted(OLD_KEY, "acme", "sk-secret"))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("'old'")
                .hasMessageNotContaining("sk-secret");
    }
}
