package dev.roocode.api.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class KeySecretsTest {
    private final SecureRandom random = new SecureRandom();

    @Test
    void shouldMakeKeysOfAPrintableIdAnd256RandomBitsAndStoreOnlyTheSecretsHash() {
        KeySecrets.NewKey key = KeySecrets.generate(random);

        assertThat(key.keyId()).matches("[a-z0-9]{12}");
        assertThat(key.key()).startsWith("rk-" + key.keyId() + "-").hasSize(3 + 12 + 1 + 43);
        String secret = key.key().substring(16);
        assertThat(key.secretSha256()).matches("[0-9a-f]{64}").doesNotContain(secret);
        assertThat(key.toString()).doesNotContain(secret);
        assertThat(KeySecrets.matches(secret, key.secretSha256())).isTrue();
    }

    @Test
    void shouldParseItsOwnKeysAndNothingElse() {
        KeySecrets.NewKey key = KeySecrets.generate(random);

        KeySecrets.Presented presented = KeySecrets.parse(key.key());

        assertThat(presented.keyId()).isEqualTo(key.keyId());
        assertThat(KeySecrets.matches(presented.secret(), key.secretSha256())).isTrue();
        assertThat(presented.toString()).doesNotContain(presented.secret());
        for (String other : new String[] {
            null,
            "",
            "sk-abc",
            "rk-",
            "rk-abc",
            "rk-ABCDEFGHIJKL-" + presented.secret(),
            key.key() + "x",
            key.key().substring(0, 40)
        }) {
            assertThat(KeySecrets.parse(other)).as(String.valueOf(other)).isNull();
        }
    }

    @Test
    void shouldRefuseAnotherSecretAndADamagedHash() {
        KeySecrets.NewKey key = KeySecrets.generate(random);
        KeySecrets.NewKey other = KeySecrets.generate(random);

        assertThat(KeySecrets.matches(KeySecrets.parse(other.key()).secret(), key.secretSha256()))
                .isFalse();
        assertThat(KeySecrets.matches(KeySecrets.parse(key.key()).secret(), "not hex"))
                .isFalse();
        assertThat(KeySecrets.matches(KeySecrets.parse(key.key()).secret(), "")).isFalse();
    }

    @Test
    void shouldMakeADifferentKeyEachTime() {
        Set<String> ids = new HashSet<>();
        Set<String> keys = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            KeySecrets.NewKey key = KeySecrets.generate(random);
            ids.add(key.keyId());
            keys.add(key.key());
        }
        assertThat(ids).hasSize(200);
        assertThat(keys).hasSize(200);
    }
}
