package dev.roocode.core.secret;

/** A credential cannot be encrypted or decrypted; the message says what to fix and never holds a secret. */
public final class SecretException extends RuntimeException {
    public SecretException(String message) {
        super(message);
    }
}
