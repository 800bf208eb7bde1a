package dev.roocode.schemas.batch;

/** An output line that is not a batch output object; the message names the line. */
public final class BatchFormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception with a one-line reason. */
    public BatchFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
