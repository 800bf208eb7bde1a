package dev.roocode.schemas.batch;

/**
 * Thrown inside the decoder to abandon a line; {@link BatchLineCodec} turns it into a
 * {@link DecodedLine.Invalid}. Stackless because invalid lines are expected input, not bugs.
 */
final class InvalidLineException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String code;

    InvalidLineException(String code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    String code() {
        return code;
    }
}
