package dev.roocode.api.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * The format of a virtual API key, {@code rk-<keyId>-<secret>}: a key id of 12 lower-case letters and digits that is
 * safe to print (it names the key in {@code roocode keys list}, in logs and in rate-limit messages), and a secret of
 * 32 random bytes in base64url. Only the SHA-256 of the secret is stored; a presented secret is hashed and compared
 * with it in constant time. A plain hash (no salt, no stretching) is enough because the secret is 256 random bits,
 * not a password: there is nothing to guess from a leaked hash.
 */
public final class KeySecrets {
    /** What every virtual key starts with. */
    public static final String PREFIX = "rk-";
    /** A key id: what {@code roocode keys revoke} takes. */
    public static final Pattern KEY_ID = Pattern.compile("[a-z0-9]{12}");

    private static final String ID_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
    private static final int SECRET_BYTES = 32;
    private static final Pattern SECRET = Pattern.compile("[A-Za-z0-9_-]{43}");

    private KeySecrets() {}

    /** A new key: the whole key (shown once), its id and the hash to store. */
    public record NewKey(String keyId, String key, String secretSha256) {
        @Override
        public String toString() {
            return "NewKey[" + keyId + "]"; // never the key
        }
    }

    /** A presented key split into its id and secret. */
    public record Presented(String keyId, String secret) {
        @Override
        public String toString() {
            return "Presented[" + keyId + "]"; // never the secret
        }
    }

    /** Makes a new key from {@code random}. */
    public static NewKey generate(SecureRandom random) {
        StringBuilder id = new StringBuilder();
        for (int i = 0; i < 12; i++) {
            id.append(ID_ALPHABET.charAt(random.nextInt(ID_ALPHABET.length())));
        }
        byte[] bytes = new byte[SECRET_BYTES];
        random.nextBytes(bytes);
        String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        return new NewKey(id.toString(), PREFIX + id + "-" + secret, sha256Hex(secret));
    }

    /** The id and secret of {@code key}, or null when it is not a virtual key's shape. */
    public static Presented parse(String key) {
        if (key == null || !key.startsWith(PREFIX)) {
            return null;
        }
        int dash = key.indexOf('-', PREFIX.length());
        if (dash < 0) {
            return null;
        }
        String id = key.substring(PREFIX.length(), dash);
        String secret = key.substring(dash + 1);
        if (!KEY_ID.matcher(id).matches() || !SECRET.matcher(secret).matches()) {
            return null;
        }
        return new Presented(id, secret);
    }

    /** Lower-case hex SHA-256 of {@code secret}'s UTF-8 bytes. */
    public static String sha256Hex(String secret) {
        return HexFormat.of().formatHex(sha256(secret));
    }

    /** Whether {@code secret} hashes to {@code expectedSha256Hex}; constant time in the hash's content. */
    public static boolean matches(String secret, String expectedSha256Hex) {
        byte[] expected;
        try {
            expected = HexFormat.of().parseHex(expectedSha256Hex);
        } catch (IllegalArgumentException e) {
            return false; // a damaged record matches nothing
        }
        return MessageDigest.isEqual(sha256(secret), expected);
    }

    private static byte[] sha256(String secret) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }
}
