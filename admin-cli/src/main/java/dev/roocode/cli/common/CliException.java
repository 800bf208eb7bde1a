package dev.roocode.cli.common;

/**
 * An expected failure the user can fix: printed as one line ({@code roocode: <message>}) with no
 * stack trace, exit code {@link #USAGE} for bad input or {@link #FAILURE} for everything else.
 * The message says what is wrong and how to fix it, and never holds a secret.
 */
public final class CliException extends RuntimeException {
    /** Exit code of a failed operation (cluster unreachable, provider test failed, ...). */
    public static final int FAILURE = 1;
    /** Exit code of bad input (unknown type, missing field, malformed URL, unknown name). */
    public static final int USAGE = 2;

    private final int exitCode;

    public CliException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public CliException(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    /** Bad input: exit code 2. */
    public static CliException usage(String message) {
        return new CliException(USAGE, message);
    }

    /** A failed operation: exit code 1. */
    public static CliException failure(String message) {
        return new CliException(FAILURE, message);
    }

    public int exitCode() {
        return exitCode;
    }
}
