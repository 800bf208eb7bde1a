package dev.roocode.schemas.secret;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * The master keys that protect credentials: the first encrypts, all decrypt, so a rotation can run
 * while workers still hold ciphertexts under the old key.
 *
 * <p>Format (env {@code ROOCODE_MASTER_KEY} or the file named by {@code ROOCODE_MASTER_KEY_FILE}):
 * comma- or newline-separated entries {@code [id:]base64-of-32-bytes}; without an id, the key's id is
 * the first 8 hex digits of its SHA-256. Generate a key with {@code openssl rand -base64 32}.
 */
public final class MasterKeys {
    public static final String ENV_KEY = "ROOCODE_MASTER_KEY";
    public static final String ENV_KEY_FILE = "ROOCODE_MASTER_KEY_FILE";

    private final Map<String, SecretKey> keys;

    private MasterKeys(Map<String, SecretKey> keys) {
        if (keys.isEmpty()) {
            throw new SecretException("no master key given: set " + ENV_KEY + " (e.g. $(openssl rand -base64 32)) or " + ENV_KEY_FILE);
        }
        this.keys = keys;
    }

    /** Reads the keys from the environment; fails with a clear message when none is set. */
    public static MasterKeys fromEnvironment() {
        return fromEnvironment(System.getenv());
    }

    /** Reads the keys from {@code env} (for tests and tools that pass their own environment). */
    public static MasterKeys fromEnvironment(Map<String, String> env) {
        String inline = env.get(ENV_KEY);
        if (inline != null && !inline.isBlank()) {
            return parse(inline, ENV_KEY);
        }
        String file = env.get(ENV_KEY_FILE);
        if (file != null && !file.isBlank()) {
            try {
                return parse(Files.readString(Path.of(file), StandardCharsets.UTF_8), ENV_KEY_FILE + " " + file);
            } catch (IOException e) {
                throw new SecretException("cannot read master key file " + file + ": " + e.getMessage());
            }
        }
        throw new SecretException("encrypted credentials need the master key: set " + ENV_KEY + " or " + ENV_KEY_FILE);
    }

    /** Parses {@code [id:]base64} entries; {@code source} names where they came from in error messages. */
    public static MasterKeys parse(String entries, String source) {
        Map<String, SecretKey> keys = new LinkedHashMap<>();
        for (String raw : entries.split("[,\\n]")) {
            String entry = raw.trim();
            if (entry.isEmpty() || entry.startsWith("#")) {
                continue;
            }
            int colon = entry.indexOf(':');
            String encoded = colon < 0 ? entry : entry.substring(colon + 1).trim();
            byte[] material;
            try {
                material = Base64.getDecoder().decode(encoded);
            } catch (IllegalArgumentException e) {
                throw new SecretException(source + ": a master key is not base64");
            }
            if (material.length != 32) {
                throw new SecretException(source + ": a master key must be 32 bytes (AES-256), got " + material.length);
            }
            String id = colon < 0 ? fingerprintHex(material) : entry.substring(0, colon).trim();
            if (!id.matches("[A-Za-z0-9._-]{1,64}")) {
                throw new SecretException(source + ": key id '" + id + "' may hold only letters, digits, . _ -");
            }
            keys.put(id, new SecretKeySpec(material, "AES"));
        }
        return new MasterKeys(keys);
    }

    /** Id of the key that encrypts. */
    public String currentId() {
        return keys.keySet().iterator().next();
    }

    SecretKey current() {
        return keys.values().iterator().next();
    }

    SecretKey byId(String id) {
        SecretKey key = keys.get(id);
        if (key == null) {
            throw new SecretException("credential was encrypted with master key '" + id + "', which is not configured (have: "
                    + String.join(", ", ids()) + "); add it to " + ENV_KEY + " while rotating");
        }
        return key;
    }

    public List<String> ids() {
        return new ArrayList<>(keys.keySet());
    }

    static String fingerprintHex(byte[] material) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(material), 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
