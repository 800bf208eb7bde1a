package dev.roocode.cli.keys;

import dev.roocode.cli.common.CliContext;
import dev.roocode.cli.common.CliException;
import dev.roocode.cli.connection.Connection;
import dev.roocode.cli.connection.ConnectionOptions;
import dev.roocode.cli.connection.Profiles;
import dev.roocode.cli.provider.ProviderStore;
import dev.roocode.schemas.avro.Credential;
import dev.roocode.schemas.avro.CredentialKind;
import dev.roocode.schemas.avro.ProviderConfig;
import dev.roocode.schemas.secret.CredentialCipher;
import dev.roocode.schemas.secret.MasterKeys;
import dev.roocode.schemas.secret.SecretException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code roocode keys rotate}: re-encrypts every stored secret under the current (first) master key. */
@Command(name = "rotate", mixinStandardHelpOptions = true,
        description = {"Re-encrypt every provider's encrypted API key on the providers topic, and the secrets of the saved",
            "profiles, under the current (first) master key of ROOCODE_MASTER_KEY. Credentials under an older key must be",
            "decryptable with a key still listed. Running workers keep working: their key is unchanged, so the provider",
            "version stays and they are not restarted; workers that start later need the new key.", ""},
        footer = {"", "Examples:", "  ROOCODE_MASTER_KEY=new:$(openssl rand -base64 32),old:$OLD roocode keys rotate",
            "  roocode keys rotate --profile prod --dry-run",
            "", "Exit codes: 0 every secret under the current key, 1 some could not be decrypted (left as they were), 2 no master key."})
public final class KeysRotateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--dry-run", description = "Only report what would be re-encrypted.")
    boolean dryRun;

    @Option(names = "--skip-profiles", description = "Leave the secrets of the saved profiles alone.")
    boolean skipProfiles;

    @Mixin
    ConnectionOptions connection;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        CliContext context = CliContext.of(spec);
        MasterKeys keys;
        try {
            keys = context.masterKeys();
        } catch (SecretException e) {
            throw CliException.usage(e.getMessage());
        }
        CredentialCipher cipher = new CredentialCipher(keys);
        String current = keys.currentId();
        out.println("Current master key: " + current + " (configured: " + String.join(", ", keys.ids()) + ")");
        List<String> failures = new ArrayList<>();
        int rotated = 0;
        int unchanged = 0;
        try (Connection cluster = connection.connect()) {
            for (ProviderConfig provider : ProviderStore.all(cluster).values()) {
                Credential credential = provider.getCredential();
                if (credential.getKind() != CredentialKind.ENCRYPTED) {
                    continue;
                }
                String keyId = CredentialCipher.keyIdOf(credential.getValue());
                if (current.equals(keyId)) {
                    unchanged++;
                    continue;
                }
                try {
                    String reencrypted = cipher.encrypt(provider.getName(), cipher.decrypt(provider.getName(), credential.getValue()));
                    if (!dryRun) {
                        // same plaintext, same version: running workers keep their key and are not restarted
                        provider.setCredential(new Credential(CredentialKind.ENCRYPTED, reencrypted));
                        ProviderStore.put(cluster, provider);
                    }
                    rotated++;
                    out.printf("  %s provider %s: %s -> %s%n", dryRun ? "would rotate" : "rotated", provider.getName(), keyId, current);
                } catch (SecretException e) {
                    failures.add(provider.getName());
                    out.printf("  FAILED  provider %s: %s%n", provider.getName(), e.getMessage());
                }
            }
        }
        if (!skipProfiles && !dryRun) {
            Profiles profiles = new Profiles(context.configDir(), () -> keys);
            for (String name : profiles.names()) {
                try {
                    profiles.save(name, profiles.load(name));
                    out.println("  re-encrypted profile " + name);
                } catch (CliException e) {
                    failures.add("profile " + name);
                    out.println("  FAILED  profile " + name + ": " + e.getMessage());
                }
            }
        }
        out.printf("%s %d provider key(s); %d already under %s%n", dryRun ? "Would rotate" : "Rotated", rotated, unchanged, current);
        out.flush();
        if (!failures.isEmpty()) {
            throw CliException.failure("could not re-encrypt " + String.join(", ", failures)
                    + ": add the master key they were encrypted with to ROOCODE_MASTER_KEY (after the current one) and run again");
        }
        return 0;
    }
}
