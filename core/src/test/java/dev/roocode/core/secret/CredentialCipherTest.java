package dev.roocode.core.secret;

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
        assertThat(cipher.encrypt("openai-main", SECRET))
                .as("fresh IV per encryption")
                .isNotEqualTo(ciphertext);
    }

    @Test
    void shouldRefuseCiphertextMovedToAnotherProvider() {
        CredentialCipher cipher = new CredentialCipher(MasterKeys.parse(newKey(), "test"));
        String ciphertext = cipher.encrypt("openai-main", SECRET);

        assertThatThrownBy(() -> cipher.decrypt("evil", ciphertext))
                .isInstanceOf(SecretException.class)
                .hasMessageContaining("altered")
                .hasMessageNotContaining(SECRET);
    }

    @Test
    void shouldDecryptOldCiphertextDuringRotationAndEncryptWithTheNewKey() {
        String oldKey = newKey();
        String old = new CredentialCipher(MasterKeys.parse("old:" + oldKey, "test")).encrypt("p", SECRET);
        CredentialCipher rotating =
                new CredentialCipher(MasterKeys.parse("new:" + newKey() + ",old:" + oldKey, "test"));

        assertThat(rotating.decrypt("p", old)).isEqualTo(SECRET);
        assertThat(CredentialCipher.keyIdOf(rotating.encrypt("p", SECRET))).isEqualTo("new");
    }

    @Test
    void shouldFindAKeyMadeWithoutAnIdByItsFingerprintOnceItIsLabelledForARotation() {
        // as the README makes it: `openssl rand -base64 32 > file`, so the id is the fingerprint
        String fileContents = newKey() + "\n";
        MasterKeys unlabelled = MasterKeys.parse(fileContents, "ROOCODE_MASTER_KEY_FILE");
        String ciphertext = new CredentialCipher(unlabelled).encrypt("p", SECRET);
        String fingerprint = unlabelled.currentId();
        assertThat(CredentialCipher.keyIdOf(ciphertext)).isEqualTo(fingerprint).matches("[0-9a-f]{8}");

        MasterKeys rotating = MasterKeys.parse("new:" + newKey() + ",old:" + fileContents.trim(), "ROOCODE_MASTER_KEY");

        assertThat(new CredentialCipher(rotating).decrypt("p", ciphertext)).isEqualTo(SECRET);
        assertThat(rotating.isCurrent(fingerprint)).isFalse();
        assertThat(rotating.isCurrent("new")).isTrue();
        assertThat(rotating.describe()).matches("new \\([0-9a-f]{8}\\), old \\(" + fingerprint + "\\)");
        MasterKeys afterRotation = MasterKeys.parse("old:" + fileContents.trim(), "ROOCODE_MASTER_KEY");
        assertThat(afterRotation.isCurrent(fingerprint))
                .as("the current key named by its fingerprint")
                .isTrue();
    }

    @Test
    void shouldDecryptWithAKeyGivenWithoutTheLabelItHadWhenItEncrypted() {
        String key = newKey();
        String ciphertext = new CredentialCipher(MasterKeys.parse("new:" + key, "test")).encrypt("p", SECRET);

        assertThat(new CredentialCipher(MasterKeys.parse(newKey() + "\n" + key + "\n", "file"))
                        .decrypt("p", ciphertext))
                .isEqualTo(SECRET);
        assertThatThrownBy(() -> new CredentialCipher(MasterKeys.parse(newKey(), "file")).decrypt("p", ciphertext))
                .hasMessageContaining("'new'")
                .hasMessageContaining("not configured");
    }

    @Test
    void shouldRefuseTheSameIdTwice() {
        assertThatThrownBy(() -> MasterKeys.parse("k1:" + newKey() + ",k1:" + newKey(), "ROOCODE_MASTER_KEY"))
                .isInstanceOf(SecretException.class)
                .hasMessageContaining("key id 'k1' is given twice");
    }

    @Test
    void shouldExplainAMissingOrWrongMasterKey() {
        String ciphertext = new CredentialCipher(MasterKeys.parse("k1:" + newKey(), "test")).encrypt("p", SECRET);

        assertThatThrownBy(() -> MasterKeys.fromEnvironment(Map.of()))
                .isInstanceOf(SecretException.class)
                .hasMessageContaining("ROOCODE_MASTER_KEY");
        assertThatThrownBy(
                        () -> new CredentialCipher(MasterKeys.parse("k2:" + newKey(), "test")).decrypt("p", ciphertext))
                .hasMessageContaining("'k1'")
                .hasMessageContaining("not configured");
        assertThatThrownBy(
                        () -> new CredentialCipher(MasterKeys.parse("k1:" + newKey(), "test")).decrypt("p", ciphertext))
                .hasMessageContaining("wrong master key");
        assertThatThrownBy(() -> MasterKeys.parse("c2hvcnQ=", "ROOCODE_MASTER_KEY"))
                .hasMessageContaining("32 bytes");
    }

    @Test
    void shouldFingerprintWithoutRevealingCharacters() {
        assertThat(Fingerprint.of(SECRET))
                .matches("sha256:[0-9a-f]{8}")
                .isEqualTo(Fingerprint.of(SECRET))
                .doesNotContain("sk-");
    }

    private static String newKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }
}
