package dev.roocode.core.secret;

import java.nio.charset.StandardCharsets;

/** What a secret may be shown as: a short hash, never any of its characters. */
public final class Fingerprint {
    private Fingerprint() {}

    /** {@code sha256:1a2b3c4d} for {@code secret}; the same secret always gives the same fingerprint. */
    public static String of(String secret) {
        return "sha256:" + MasterKeys.fingerprintHex(secret.getBytes(StandardCharsets.UTF_8));
    }
}
