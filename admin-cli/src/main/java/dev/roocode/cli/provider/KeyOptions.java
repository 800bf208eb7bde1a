package dev.roocode.cli.provider;

import dev.roocode.cli.common.CliContext;
import dev.roocode.cli.common.CliException;
import dev.roocode.cli.common.Secrets;
import dev.roocode.core.secret.CredentialCipher;
import dev.roocode.core.secret.Fingerprint;
import dev.roocode.core.secret.MasterKeys;
import dev.roocode.core.secret.SecretException;
import dev.roocode.schemas.avro.Credential;
import dev.roocode.schemas.avro.CredentialKind;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * Where a provider's API key comes from. Never a plain argument (it would sit in shell history and
 * process lists): a hidden prompt or stdin (stored ENCRYPTED under ROOCODE_MASTER_KEY), or a
 * reference to an environment variable or file that the connectors read at start.
 */
public final class KeyOptions {
    @Option(
            names = "--api-key-stdin",
            description = "Read the API key from standard input; stored encrypted (needs ROOCODE_MASTER_KEY).")
    boolean stdin;

    @Option(
            names = "--api-key-env",
            paramLabel = "VAR",
            description = "Store a reference to environment variable VAR; the connectors read it at start.")
    String env;

    @Option(
            names = "--api-key-file",
            paramLabel = "PATH",
            description = "Store a reference to a file holding the key; the connectors read it at start.")
    Path file;

    @Option(names = "--no-api-key", description = "The provider needs no key (local servers such as vLLM or Ollama).")
    boolean none;

    /** A chosen credential and the fingerprint to show for it (null when unknown or none). */
    public record Chosen(Credential credential, String fingerprint) {}

    /** Whether any key option was given. */
    public boolean given() {
        return stdin || env != null || file != null || none;
    }

    /**
     * The credential for provider {@code provider}: from the options, else a hidden prompt when
     * {@code prompt} and a terminal is attached; null when nothing was given and nothing asked.
     */
    public Chosen choose(CliContext context, String provider, boolean prompt) {
        int count = (stdin ? 1 : 0) + (env != null ? 1 : 0) + (file != null ? 1 : 0) + (none ? 1 : 0);
        if (count > 1) {
            throw CliException.usage("give only one of --api-key-stdin, --api-key-env, --api-key-file, --no-api-key");
        }
        if (none) {
            return new Chosen(new Credential(CredentialKind.NONE, null), null);
        }
        if (env != null) {
            if (!env.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                throw CliException.usage("--api-key-env: '" + env
                        + "' is not an environment variable name (pass the name, not the key)");
            }
            String value = context.env().get(env);
            return new Chosen(
                    new Credential(CredentialKind.ENV, env),
                    value == null || value.isBlank() ? null : Fingerprint.of(value.trim()));
        }
        if (file != null) {
            return new Chosen(
                    new Credential(CredentialKind.FILE, file.toAbsolutePath().toString()), null);
        }
        if (!stdin && !(prompt && context.prompter().interactive())) {
            return null;
        }
        String key = Secrets.read(context, stdin, "API key of " + provider, "--api-key-stdin");
        return new Chosen(encrypt(context, provider, key), Fingerprint.of(key));
    }

    /** Encrypts {@code key} for {@code provider} under the current master key. */
    public static Credential encrypt(CliContext context, String provider, String key) {
        MasterKeys keys;
        try {
            keys = context.masterKeys();
        } catch (SecretException e) {
            throw CliException.usage(
                    "storing the API key encrypted needs the master key: set ROOCODE_MASTER_KEY (e.g. $(openssl rand -base64 32))"
                            + " or ROOCODE_MASTER_KEY_FILE, or use --api-key-env / --api-key-file to store a reference instead");
        }
        return new Credential(CredentialKind.ENCRYPTED, new CredentialCipher(keys).encrypt(provider, key));
    }
}
