package dev.roocode.cli.provider.diagnose;

/**
 * One diagnostic step's outcome.
 *
 * @param name   configuration, dns, tcp, tls, auth, chat, embedding
 * @param status OK, FAIL or SKIP
 * @param detail what was found, one line, never a key
 * @param millis how long the step took, -1 when not timed
 * @param advice what to do on failure, else null
 */
public record Step(String name, Status status, String detail, long millis, String advice) {
    /** Outcome of a step. */
    public enum Status {
        OK,
        FAIL,
        SKIP
    }

    static Step ok(String name, String detail, long millis) {
        return new Step(name, Status.OK, detail, millis, null);
    }

    static Step fail(String name, String detail, long millis, String advice) {
        return new Step(name, Status.FAIL, detail, millis, advice);
    }

    static Step skip(String name, String detail) {
        return new Step(name, Status.SKIP, detail, -1, null);
    }
}
