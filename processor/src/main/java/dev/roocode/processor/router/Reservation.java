package dev.roocode.processor.router;

/** Requests and tokens a router has sent to a provider that its published state does not show yet. */
public record Reservation(long requests, long tokens) {
    /** Nothing reserved. */
    public static final Reservation NONE = new Reservation(0, 0);

    /** This reservation plus one request of {@code jobTokens}. */
    public Reservation plus(long jobTokens) {
        return new Reservation(requests + 1, tokens + jobTokens);
    }
}
