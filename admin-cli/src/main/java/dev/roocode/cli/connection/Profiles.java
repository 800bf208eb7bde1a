package dev.roocode.cli.connection;

import dev.roocode.cli.common.CliException;
import dev.roocode.core.secret.CredentialCipher;
import dev.roocode.core.secret.MasterKeys;
import dev.roocode.core.secret.SecretException;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Named connection profiles in {@code <config dir>/profiles/<name>.properties} (owner-only file
 * permissions). Secret values (sasl.jaas.config, *.password, basic.auth.user.info) are stored as
 * {@code encrypted:<CredentialCipher ciphertext>} under the master key, with the profile name and
 * key as associated data, so a value copied to another key or profile does not decrypt.
 */
public final class Profiles {
    /** The profile used when none is named. */
    public static final String DEFAULT = "default";

    private static final String ENCRYPTED = "encrypted:";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private final Path dir;
    private final Supplier<MasterKeys> masterKeys;

    public Profiles(Path configDir, Supplier<MasterKeys> masterKeys) {
        this.dir = configDir.resolve("profiles");
        this.masterKeys = masterKeys;
    }

    /** Whether {@code key} holds a secret that must be encrypted at rest. */
    public static boolean isSecret(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        return k.equals("sasl.jaas.config")
                || k.endsWith(".password")
                || k.equals("basic.auth.user.info")
                || k.endsWith("basic.auth.user.info");
    }

    public Path file(String name) {
        if (!NAME.matcher(name).matches()) {
            throw CliException.usage("profile name '" + name + "' may hold only letters, digits, . _ - (e.g. prod-eu)");
        }
        return dir.resolve(name + ".properties");
    }

    public boolean exists(String name) {
        return Files.isRegularFile(file(name));
    }

    /** The profile's settings with secrets decrypted. */
    public Map<String, String> load(String name) {
        Path file = file(name);
        if (!Files.isRegularFile(file)) {
            throw CliException.usage("no profile '" + name + "' in " + dir
                    + "; create it with 'roocode login --profile " + name + " ...'");
        }
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException e) {
            throw CliException.failure("cannot read profile " + file + ": " + e.getMessage());
        }
        Map<String, String> settings = new TreeMap<>();
        for (String key : properties.stringPropertyNames()) {
            String value = properties.getProperty(key);
            if (value.startsWith(ENCRYPTED)) {
                value = decrypt(name, key, value.substring(ENCRYPTED.length()));
            }
            settings.put(key, value);
        }
        return settings;
    }

    /** Writes the profile, encrypting secret values; returns the file. */
    public Path save(String name, Map<String, String> settings) {
        Path file = file(name);
        Properties properties = new Properties();
        CredentialCipher cipher = null;
        for (Map.Entry<String, String> setting : new TreeMap<>(settings).entrySet()) {
            String value = setting.getValue();
            if (isSecret(setting.getKey())) {
                if (cipher == null) {
                    cipher = new CredentialCipher(keys("saving secret '" + setting.getKey() + "' in profile " + name));
                }
                value = ENCRYPTED + cipher.encrypt(aad(name, setting.getKey()), value);
            }
            properties.setProperty(setting.getKey(), value);
        }
        try {
            Files.createDirectories(dir);
            Path temp = Files.createTempFile(dir, name, ".tmp");
            try {
                Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system (Windows): the user profile folder's ACLs apply
            }
            try (Writer writer = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
                properties.store(writer, "roocode profile " + name + " (secrets encrypted with ROOCODE_MASTER_KEY)");
            }
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write profile " + file, e);
        }
        return file;
    }

    /**
     * The master key ids (labels or fingerprints) that the encrypted secrets of profile {@code name} name,
     * read without decrypting anything.
     */
    public Set<String> masterKeyIds(String name) {
        Properties properties = new Properties();
        Path file = file(name);
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException e) {
            throw CliException.failure("cannot read profile " + file + ": " + e.getMessage());
        }
        Set<String> ids = new TreeSet<>();
        for (String key : properties.stringPropertyNames()) {
            String value = properties.getProperty(key);
            if (value.startsWith(ENCRYPTED)) {
                ids.add(String.valueOf(CredentialCipher.keyIdOf(value.substring(ENCRYPTED.length()))));
            }
        }
        return ids;
    }

    /** Names of the saved profiles, sorted. */
    public List<String> names() {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            List<String> names = new ArrayList<>();
            files.map(f -> f.getFileName().toString())
                    .filter(f -> f.endsWith(".properties"))
                    .sorted()
                    .forEach(f -> names.add(f.substring(0, f.length() - ".properties".length())));
            return names;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String decrypt(String profile, String key, String ciphertext) {
        try {
            return new CredentialCipher(keys("reading secret '" + key + "' of profile " + profile))
                    .decrypt(aad(profile, key), ciphertext);
        } catch (SecretException e) {
            throw CliException.failure("profile " + profile + ", " + key + ": " + e.getMessage());
        }
    }

    private MasterKeys keys(String purpose) {
        try {
            return masterKeys.get();
        } catch (SecretException e) {
            throw CliException.usage(purpose + " needs the master key: " + e.getMessage());
        }
    }

    private static String aad(String profile, String key) {
        return "profile:" + profile + ":" + key;
    }
}
