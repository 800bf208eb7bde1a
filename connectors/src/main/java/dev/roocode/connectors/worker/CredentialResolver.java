package dev.roocode.connectors.worker;

import dev.roocode.core.secret.CredentialCipher;
import dev.roocode.core.secret.MasterKeys;
import dev.roocode.core.secret.SecretException;
import dev.roocode.schemas.avro.Credential;
import dev.roocode.schemas.avro.ProviderConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Turns a provider's credential reference into its API key: NONE → no key, ENV → the named
 * environment variable, FILE → the file's trimmed contents, ENCRYPTED → the ciphertext decrypted
 * with the configured master keys ({@code ROOCODE_MASTER_KEY} or {@code ROOCODE_MASTER_KEY_FILE}).
 * Every configured key decrypts, so during a rotation (new key first, old key still listed) workers
 * keep reading credentials written under either. Errors name the variable, file or key id, never a
 * key; a missing or wrong master key is an error, never a fallback to anything else.
 */
public final class CredentialResolver {
    private final Function<String, String> environment;
    private final Supplier<MasterKeys> masterKeys;

    /** Reads the process environment. */
    public CredentialResolver() {
        this(System::getenv);
    }

    /** Reads variables through {@code environment} (master keys too), for tests and the CLI. */
    public CredentialResolver(Function<String, String> environment) {
        this(environment, () -> MasterKeys.fromEnvironment(masterKeyVariables(environment)));
    }

    /** Reads variables through {@code environment} and master keys from {@code masterKeys} (called on each ENCRYPTED credential). */
    public CredentialResolver(Function<String, String> environment, Supplier<MasterKeys> masterKeys) {
        this.environment = environment;
        this.masterKeys = masterKeys;
    }

    private static Map<String, String> masterKeyVariables(Function<String, String> environment) {
        Map<String, String> env = new HashMap<>();
        for (String name : new String[] {MasterKeys.ENV_KEY, MasterKeys.ENV_KEY_FILE}) {
            String value = environment.apply(name);
            if (value != null) {
                env.put(name, value);
            }
        }
        return env;
    }

    /**
     * The API key of {@code provider}, or null when it needs none.
     *
     * @throws IllegalStateException when the key cannot be read
     */
    public String resolve(ProviderConfig provider) {
        Credential credential = provider.getCredential();
        if (credential == null) {
            return null;
        }
        String ref = credential.getValue();
        return switch (credential.getKind()) {
            case NONE -> null;
            case ENV -> {
                require(provider, ref, "an environment variable name");
                String key = environment.apply(ref);
                if (key == null || key.isBlank()) {
                    throw new IllegalStateException(
                            "provider " + provider.getName() + ": environment variable " + ref + " is not set");
                }
                yield key.trim();
            }
            case FILE -> {
                require(provider, ref, "a file path");
                try {
                    String key = Files.readString(Path.of(ref), StandardCharsets.UTF_8)
                            .trim();
                    if (key.isEmpty()) {
                        throw new IllegalStateException(
                                "provider " + provider.getName() + ": credential file " + ref + " is empty");
                    }
                    yield key;
                } catch (IOException e) {
                    throw new IllegalStateException("provider " + provider.getName() + ": cannot read credential file "
                            + ref + " (" + e.getClass().getSimpleName() + ")");
                }
            }
            case ENCRYPTED -> {
                require(provider, ref, "a ciphertext");
                try {
                    yield new CredentialCipher(masterKeys.get()).decrypt(provider.getName(), ref);
                } catch (SecretException e) {
                    throw new IllegalStateException("provider " + provider.getName() + ": " + e.getMessage());
                }
            }
        };
    }

    private static void require(ProviderConfig provider, String ref, String what) {
        if (ref == null || ref.isBlank()) {
            throw new IllegalStateException("provider " + provider.getName() + ": credential "
                    + provider.getCredential().getKind() + " needs " + what);
        }
    }
}
