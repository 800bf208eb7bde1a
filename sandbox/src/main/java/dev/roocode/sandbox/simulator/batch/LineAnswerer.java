package dev.roocode.sandbox.simulator.batch;

/**
 * Answers lines for a wire format with the simulator's realtime logic (the model's directives, its faults,
 * the format's bodies), so a batch line is answered exactly as the same call made in realtime, minus
 * latency and rate limits, which a batch does not have. The simulator supplies one per wire format.
 */
public interface LineAnswerer {

    /**
     * The answer to one line, or null when its model never answers (the {@code timeout} directive): the line
     * then stays open until its batch expires.
     *
     * @param drawKey the key of the line's deterministic fault draws (stable per batch and line)
     */
    Answer answer(BatchLine line, String drawKey);

    /** The body of an error the engine injects into a line (a simulated partial failure), in the format's shape. */
    byte[] error(BatchLine line, int status, String message);

    /**
     * A line's HTTP answer.
     *
     * @param status the status the realtime call would have answered
     * @param body   its body (truncated JSON for a {@code malformed} draw, as in realtime)
     */
    record Answer(int status, byte[] body) {
        /** Whether the line succeeded (2xx). */
        public boolean ok() {
            return status >= 200 && status < 300;
        }
    }
}
