package dev.roocode.core.secret;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * Encrypts API keys for the providers topic with AES-256-GCM. Ciphertext is
 * {@code v1:<keyId>:<base64(12-byte IV ‖ ciphertext ‖ 16-byte tag)>}; the provider name is the
 * associated data, so a ciphertext copied to another provider does not decrypt.
 */
public final class CredentialCipher {
    private static final String PREFIX = "v1:";
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final MasterKeys keys;
    private final SecureRandom random = new SecureRandom();

    public CredentialCipher(MasterKeys keys) {
        this.keys = keys;
    }

    /** Encrypts {@code secret} for provider {@code provider} under the current master key. */
    public String encrypt(String provider, String secret) {
        byte[] iv = new byte[IV_BYTES];
        random.nextBytes(iv);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, keys.current(), new GCMParameterSpec(TAG_BITS, iv));
            cipher.updateAAD(provider.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(secret.getBytes(StandardCharsets.UTF_8));
            byte[] out = ByteBuffer.allocate(IV_BYTES + sealed.length)
                    .put(iv)
                    .put(sealed)
                    .array();
            return PREFIX + keys.currentId() + ":" + Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new SecretException("cannot encrypt the credential of provider " + provider + ": "
                    + e.getClass().getSimpleName());
        }
    }

    /** Decrypts a ciphertext made by {@link #encrypt} for the same provider. */
    public String decrypt(String provider, String ciphertext) {
        String[] parts = ciphertext == null ? new String[0] : ciphertext.split(":", 3);
        if (parts.length != 3 || !parts[0].equals("v1")) {
            throw new SecretException(
                    "credential of provider " + provider + " is not a Roocode ciphertext (v1:<key id>:<data>)");
        }
        byte[] data;
        try {
            data = Base64.getDecoder().decode(parts[2]);
        } catch (IllegalArgumentException e) {
            throw new SecretException("credential of provider " + provider + " is damaged (not base64)");
        }
        if (data.length <= IV_BYTES) {
            throw new SecretException("credential of provider " + provider + " is damaged (too short)");
        }
        SecretKey named = keys.byId(parts[1]);
        if (named == null) {
            // labelled when it was made, given without that label now: the GCM tag picks the right key, or none
            for (SecretKey candidate : keys.all()) {
                try {
                    return open(provider, candidate, data);
                } catch (GeneralSecurityException wrongKey) {
                    // try the next one
                }
            }
            throw keys.notConfigured(parts[1]);
        }
        try {
            return open(provider, named, data);
        } catch (GeneralSecurityException e) {
            throw new SecretException("cannot decrypt the credential of provider " + provider
                    + ": wrong master key for id '" + parts[1] + "' or the ciphertext was altered");
        }
    }

    private static String open(String provider, SecretKey key, byte[] data) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, data, 0, IV_BYTES));
        cipher.updateAAD(provider.getBytes(StandardCharsets.UTF_8));
        return new String(cipher.doFinal(data, IV_BYTES, data.length - IV_BYTES), StandardCharsets.UTF_8);
    }

    /** The id of the master key a ciphertext was made with, or null when it is not a Roocode ciphertext. */
    public static String keyIdOf(String ciphertext) {
        String[] parts = ciphertext == null ? new String[0] : ciphertext.split(":", 3);
        return parts.length == 3 && parts[0].equals("v1") ? parts[1] : null;
    }
}
