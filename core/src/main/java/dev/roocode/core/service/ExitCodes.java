package dev.roocode.core.service;

/**
 * The exit status of a Roocode service process (docs/services.md lists them for operators and
 * launchers): a supervisor restarts on 1 and 3, and a restart does not help on 2.
 */
public final class ExitCodes {
    /** Stopped on request (SIGTERM/SIGINT) after finishing or handing back all its work. */
    public static final int OK = 0;
    /** A fatal error at run time (Kafka Streams in ERROR, an unexpected exception). */
    public static final int FATAL = 1;
    /**
     * It could not start: bad or missing configuration, the HTTP port in use, credentials the broker
     * (SASL) or the schema registry (401/403) refused.
     */
    public static final int CONFIG = 2;
    /**
     * Stopped on request but abandoned work: a second signal, or {@code shutdown.timeout.ms} ran out
     * with calls or transactions still open. Nothing is lost: the next owner of those partitions
     * repeats them.
     */
    public static final int ABANDONED = 3;

    private ExitCodes() {}
}
