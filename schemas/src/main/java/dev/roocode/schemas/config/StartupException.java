package dev.roocode.schemas.config;

/** Why a service cannot start, in one line that names the key or address; it exits 2. */
public final class StartupException extends RuntimeException {
    public StartupException(String message) {
        super(message);
    }
}
