package dev.roocode.core.secret;

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
 * its fingerprint, the first 8 hex digits of its SHA-256. Generate a key with {@code openssl rand -base64 32}.
 *
 * <p>A ciphertext names the id its key had when it was made. A key is found by its id or by its
 * fingerprint, so a key first used without an id (as the README makes it) is still found once it is
 * given a label for a rotation ({@code new:<base64>,old:<base64>}). A ciphertext whose id matches no
 * configured label or fingerprint (its key was labelled then, and is given without that label now) is
 * tried with every configured key: AES-GCM's tag tells the right one, so this never accepts a wrong key.
 */
public final class MasterKeys {
    public static final String ENV_KEY = "ROOCODE_MASTER_KEY";
    public static final String ENV_KEY_FILE = "ROOCODE_MASTER_KEY_FILE";

    private final Map<String, SecretKey> keys;
    /** Fingerprint → label, in the order given. */
    private final Map<String, String> labelsByFingerprint;

    private MasterKeys(Map<String, SecretKey> keys, Map<String, String> labelsByFingerprint) {
        if (keys.isEmpty()) {
            throw new SecretException(
                    "no master key given: set " + ENV_KEY + " (e.g. $(openssl rand -base64 32)) or " + ENV_KEY_FILE);
        }
        this.keys = keys;
        this.labelsByFingerprint = labelsByFingerprint;
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
        Map<String, String> labelsByFingerprint = new LinkedHashMap<>();
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
            String fingerprint = fingerprintHex(material);
            String id = colon < 0 ? fingerprint : entry.substring(0, colon).trim();
            if (!id.matches("[A-Za-z0-9._-]{1,64}")) {
                throw new SecretException(source + ": key id '" + id + "' may hold only letters, digits, . _ -");
            }
            if (keys.containsKey(id)) {
                // a silent overwrite would make the second key the one that encrypts, or hide the first
                throw new SecretException(source + ": key id '" + id + "' is given twice; give each key its own id");
            }
            keys.put(id, new SecretKeySpec(material, "AES"));
            labelsByFingerprint.putIfAbsent(fingerprint, id);
        }
        return new MasterKeys(keys, labelsByFingerprint);
    }

    /** Id of the key that encrypts. */
    public String currentId() {
        return keys.keySet().iterator().next();
    }

    SecretKey current() {
        return keys.values().iterator().next();
    }

    /** Whether {@code keyId} (a label or a fingerprint, as a ciphertext names it) is the key that encrypts. */
    public boolean isCurrent(String keyId) {
        return currentId().equals(labelOf(keyId));
    }

    /** The label of the key with label or fingerprint {@code keyId}, or null when no such key is configured. */
    String labelOf(String keyId) {
        if (keyId == null) {
            return null;
        }
        return keys.containsKey(keyId) ? keyId : labelsByFingerprint.get(keyId);
    }

    /** The key with label or fingerprint {@code id}, or null when none has it. */
    SecretKey byId(String id) {
        String label = labelOf(id);
        return label == null ? null : keys.get(label);
    }

    /** Every configured key, the current one first. */
    List<SecretKey> all() {
        return new ArrayList<>(keys.values());
    }

    SecretException notConfigured(String id) {
        return new SecretException("credential was encrypted with master key '" + id
                + "', which is not configured (have: " + describe() + "); add it to " + ENV_KEY + " while rotating");
    }

    /** The configured keys as {@code label (fingerprint)}, or just the fingerprint for a key given without a label. */
    public String describe() {
        List<String> described = new ArrayList<>();
        keys.forEach((label, key) -> {
            String fingerprint = fingerprintHex(key.getEncoded());
            described.add(label.equals(fingerprint) ? label : label + " (" + fingerprint + ")");
        });
        return String.join(", ", described);
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
