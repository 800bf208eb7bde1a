package dev.roocode.cli.keys;

import dev.roocode.cli.common.CliContext;
import dev.roocode.cli.common.CliException;
import dev.roocode.cli.connection.Connection;
import dev.roocode.cli.connection.ConnectionOptions;
import dev.roocode.cli.connection.Profiles;
import dev.roocode.cli.provider.ProviderStore;
import dev.roocode.core.secret.CredentialCipher;
import dev.roocode.core.secret.MasterKeys;
import dev.roocode.core.secret.SecretException;
import dev.roocode.schemas.avro.Credential;
import dev.roocode.schemas.avro.CredentialKind;
import dev.roocode.schemas.avro.ProviderConfig;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code roocode keys rotate}: re-encrypts every stored secret under the current (first) master key,
 * all or nothing: every secret is decrypted and re-encrypted in memory first, and only when all of
 * them could be is anything written.
 */
@Command(
        name = "rotate",
        mixinStandardHelpOptions = true,
        description = {
            "Re-encrypt every provider's encrypted API key on the providers topic, and the secrets of the saved",
            "profiles, under the current (first) master key of ROOCODE_MASTER_KEY (or ROOCODE_MASTER_KEY_FILE). A key",
            "is known by its id or by its fingerprint, so a key made without an id (its id is its fingerprint) may be",
            "listed as old:<base64>. All or nothing: every secret is decrypted first; if one cannot be, nothing is",
            "written. Running workers keep working: their key is unchanged, so the provider version stays and they are",
            "not restarted; workers that start later need the new key.",
            ""
        },
        footer = {
            "",
            "Examples:",
            "  ROOCODE_MASTER_KEY=new:$(openssl rand -base64 32),old:$(cat ~/.roocode-master.key) roocode keys rotate",
            "  roocode keys rotate --profile prod --dry-run",
            "",
            "Rotating a key kept in a file (the README's sandbox: ROOCODE_MASTER_KEY_FILE=~/.roocode-master.key):",
            "  1. put a new key first and keep the old one, one key a line (a key without an id is known by its",
            "     fingerprint); the sandbox reads the file again whenever a worker starts, so it keeps running:",
            "       (umask 077; { openssl rand -base64 32; cat ~/.roocode-master.key; } > ~/.roocode-master.key.next)",
            "       mv ~/.roocode-master.key.next ~/.roocode-master.key",
            "  2. ROOCODE_MASTER_KEY_FILE=~/.roocode-master.key roocode keys rotate   (with ROOCODE_MASTER_KEY unset: it",
            "     would take precedence over the file)",
            "  3. keep only the new key:",
            "       (umask 077; head -n 1 ~/.roocode-master.key > ~/.roocode-master.key.next)",
            "       mv ~/.roocode-master.key.next ~/.roocode-master.key",
            "  On a cluster, do step 1 on every connector and API host (and restart them if they read ROOCODE_MASTER_KEY",
            "  from their environment) before step 2, and step 3 everywhere after it.",
            "",
            "Exit codes: 0 every secret under the current key, 1 some could not be decrypted (nothing was written) or a",
            "write failed midway (the message says which were written; the rest stay readable with the old key), 2 no",
            "master key."
        })
public final class KeysRotateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(
            names = "--dry-run",
            description = "Only check that every secret decrypts and report what would be re-encrypted.")
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
        out.println("Current master key: " + current + " (configured: " + keys.describe() + ")");
        out.flush();
        List<String> failures = new ArrayList<>();
        try (Connection cluster = connection.connect()) {
            // 1. prepare: decrypt and re-encrypt everything in memory; nothing is written yet
            List<Rotation<ProviderConfig>> providers = new ArrayList<>();
            int unchanged = 0;
            for (ProviderConfig provider : ProviderStore.all(cluster).values()) {
                Credential credential = provider.getCredential();
                if (credential == null || credential.getKind() != CredentialKind.ENCRYPTED) {
                    continue;
                }
                String keyId = CredentialCipher.keyIdOf(credential.getValue());
                if (keys.isCurrent(keyId)) {
                    unchanged++;
                    continue;
                }
                try {
                    String reencrypted = cipher.encrypt(
                            provider.getName(), cipher.decrypt(provider.getName(), credential.getValue()));
                    ProviderConfig rotated = ProviderConfig.newBuilder(provider).build();
                    // same plaintext, same version: running workers keep their key and are not restarted
                    rotated.setCredential(new Credential(CredentialKind.ENCRYPTED, reencrypted));
                    providers.add(new Rotation<>(provider.getName(), String.valueOf(keyId), rotated));
                } catch (SecretException e) {
                    failures.add("provider " + provider.getName());
                    out.printf("  FAILED  provider %s: %s%n", provider.getName(), e.getMessage());
                }
            }
            Profiles profiles = new Profiles(context.configDir(), () -> keys);
            List<Rotation<Map<String, String>>> profileRotations = new ArrayList<>();
            if (!skipProfiles) {
                for (String name : profiles.names()) {
                    try {
                        Set<String> ids = profiles.masterKeyIds(name);
                        if (ids.stream().allMatch(keys::isCurrent)) {
                            continue; // no secret, or every secret already under the current key
                        }
                        profileRotations.add(new Rotation<>(name, String.join("+", ids), profiles.load(name)));
                    } catch (CliException e) {
                        failures.add("profile " + name);
                        out.println("  FAILED  profile " + name + ": " + e.getMessage());
                    }
                }
            }
            if (!failures.isEmpty()) {
                out.flush();
                throw CliException.failure(
                        "nothing was re-encrypted: cannot decrypt " + String.join(", ", failures)
                                + "; add the master key they were encrypted with to ROOCODE_MASTER_KEY (after the current one) and run again");
            }
            if (dryRun) {
                providers.forEach(
                        r -> out.printf("  would rotate provider %s: %s -> %s%n", r.name(), r.from(), current));
                profileRotations.forEach(
                        r -> out.printf("  would re-encrypt profile %s: %s -> %s%n", r.name(), r.from(), current));
                out.printf(
                        "Would rotate %d provider key(s) and %d profile(s); %d provider key(s) already under %s%n",
                        providers.size(), profileRotations.size(), unchanged, current);
                out.flush();
                return 0;
            }
            // 2. write: everything decrypted, so only a write failure can stop us now
            List<String> written = new ArrayList<>();
            for (Rotation<ProviderConfig> rotation : providers) {
                write(
                        written,
                        providers.size() + profileRotations.size(),
                        () -> ProviderStore.put(cluster, rotation.value()),
                        "provider " + rotation.name());
                out.printf("  rotated provider %s: %s -> %s%n", rotation.name(), rotation.from(), current);
            }
            for (Rotation<Map<String, String>> rotation : profileRotations) {
                write(
                        written,
                        providers.size() + profileRotations.size(),
                        () -> profiles.save(rotation.name(), rotation.value()),
                        "profile " + rotation.name());
                out.printf("  re-encrypted profile %s: %s -> %s%n", rotation.name(), rotation.from(), current);
            }
            out.printf(
                    "Rotated %d provider key(s) and %d profile(s); %d provider key(s) already under %s%n",
                    providers.size(), profileRotations.size(), unchanged, current);
            out.flush();
        }
        return 0;
    }

    /** Runs one write; on failure says exactly what was written before it and what was not. */
    private void write(List<String> written, int total, Runnable write, String what) {
        try {
            write.run();
            written.add(what);
        } catch (CliException | UncheckedIOException e) {
            spec.commandLine().getOut().flush();
            throw CliException.failure(
                    "stopped after re-encrypting " + written.size() + " of " + total
                            + (written.isEmpty() ? "" : " (" + String.join(", ", written) + ")") + ": writing " + what
                            + " failed: " + e.getMessage()
                            + "; the others are still under their old master key and read as before while it is listed; run 'roocode keys rotate' again");
        }
    }

    /** One secret-holding thing, re-encrypted in memory, waiting to be written. */
    private record Rotation<T>(String name, String from, T value) {}
}
