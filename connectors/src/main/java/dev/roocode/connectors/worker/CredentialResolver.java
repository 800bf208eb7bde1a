package dev.roocode.connectors.worker;

import dev.roocode.schemas.avro.Credential;
import dev.roocode.schemas.avro.ProviderConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;

/**
 * Turns a provider's credential reference into its API key: NONE → no key, ENV → the named
 * environment variable, FILE → the file's trimmed contents. ENCRYPTED is not supported yet.
 * Errors name the variable or file, never a key.
 */
public final class CredentialResolver {
    private final Function<String, String> environment;

    /** Reads the process environment. */
    public CredentialResolver() {
        this(System::getenv);
    }

    /** Reads variables through {@code environment}, for tests. */
    public CredentialResolver(Function<String, String> environment) {
        this.environment = environment;
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
                    throw new IllegalStateException("provider " + provider.getName() + ": environment variable " + ref + " is not set");
                }
                yield key.trim();
            }
            case FILE -> {
                require(provider, ref, "a file path");
                try {
                    String key = Files.readString(Path.of(ref), StandardCharsets.UTF_8).trim();
                    if (key.isEmpty()) {
                        throw new IllegalStateException("provider " + provider.getName() + ": credential file " + ref + " is empty");
                    }
                    yield key;
                } catch (IOException e) {
                    throw new IllegalStateException("provider " + provider.getName() + ": cannot read credential file " + ref
                            + " (" + e.getClass().getSimpleName() + ")");
                }
            }
            case ENCRYPTED -> throw new IllegalStateException("provider " + provider.getName()
                    + ": encrypted credentials need ROOCODE_MASTER_KEY (not yet supported)");
        };
    }

    private static void require(ProviderConfig provider, String ref, String what) {
        if (ref == null || ref.isBlank()) {
            throw new IllegalStateException("provider " + provider.getName() + ": credential " + provider.getCredential().getKind()
                    + " needs " + what);
        }
    }
}
