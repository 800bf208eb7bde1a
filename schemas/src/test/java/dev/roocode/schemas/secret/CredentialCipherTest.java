package dev.roocode.schemas.secret;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CredentialCipherTest {
    private static final String SECRET = "sk-canary-0123456789abcdef";

    @Test
    void shouldRoundTripAndNeverContainTheSecret() {
        CredentialCipher cipher = new CredentialCipher(MasterKeys.parse("k1:" + newKey(), "test"));

        String ciphertext = cipher.encrypt("openai-main", SECRET);

        assertThat(ciphertext).startsWith("v1:k1:").doesNotContain(SECRET).doesNotContain("canary");
        assertThat(cipher.decrypt("openai-main", ciphertext)).isEqualTo(SECRET);
        assertThat(cipher.encrypt("openai-main", SECRET)).as("fresh IV per encryption").isNotEqualTo(ciphertext);
    }

    @Test
    void shouldRefuseCiphertextMovedToAnotherProvider() {
        CredentialCipher cipher = new CredentialCipher(MasterKeys.parse(newKey(), "test"));
        String ciphertext = cipher.encrypt("openai-main", SECRET);

        assertThatThrownBy(() -> cipher.decrypt("evil", ciphertext))
                .isInstanceOf(SecretException.class).hasMessageContaining("altered").hasMessageNotContaining(SECRET);
    }

    @Test
    void shouldDecryptOldCiphertextDuringRotationAndEncryptWithTheNewKey() {
        String oldKey = newKey();
        String old = new CredentialCipher(MasterKeys.parse("old:" + oldKey, "test")).encrypt("p", SECRET);
        CredentialCipher rotating = new CredentialCipher(MasterKeys.parse("new:" + newKey() + ",old:" + oldKey, "test"));

        assertThat(rotating.decrypt("p", old)).isEqualTo(SECRET);
        assertThat(CredentialCipher.keyIdOf(rotating.encrypt("p", SECRET))).isEqualTo("new");
    }

    @Test
    void shouldExplainAMissingOrWrongMasterKey() {
        String ciphertext = new CredentialCipher(MasterKeys.parse("k1:" + newKey(), "test")).encrypt("p", SECRET);

        assertThatThrownBy(() -> MasterKeys.fromEnvironment(Map.of()))
                .isInstanceOf(SecretException.class).hasMessageContaining("ROOCODE_MASTER_KEY");
        assertThatThrownBy(() -> new CredentialCipher(MasterKeys.parse("k2:" + newKey(), "test")).decrypt("p", ciphertext))
                .hasMessageContaining("'k1'").hasMessageContaining("not configured");
        assertThatThrownBy(() -> new CredentialCipher(MasterKeys.parse("k1:" + newKey(), "test")).decrypt("p", ciphertext))
                .hasMessageContaining("wrong master key");
        assertThatThrownBy(() -> MasterKeys.parse("c2hvcnQ=", "ROOCODE_MASTER_KEY"))
                .hasMessageContaining("32 bytes");
    }

    @Test
    void shouldFingerprintWithoutRevealingCharacters() {
        assertThat(Fingerprint.of(SECRET)).matches("sha256:[0-9a-f]{8}").isEqualTo(Fingerprint.of(SECRET)).doesNotContain("sk-");
    }

    private static String newKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }
}
