package dev.roocode.sandbox.simulator;

/** A request body the simulator refuses with 400, carrying the error the wire format renders. */
final class InvalidRequestException extends Exception {

    private static final long serialVersionUID = 1L;

    final ErrorKind kind;
    final String param;

    InvalidRequestException(ErrorKind kind, String message, String param) {
        super(message, null, false, false);
        this.kind = kind;
        this.param = param;
    }

    /** A 400 for a body the provider refuses, with no single parameter to blame. */
    static InvalidRequestException invalid(String message) {
        return new InvalidRequestException(ErrorKind.INVALID_VALUE, message, null);
    }
}
