package dev.roocode.processor.router;

/**
 * Whether a job may take a provider's free room under the deferral horizon now. The intake says no
 * while jobs with earlier deadlines are parked (they go first); a release pass says no once its
 * task has had its share of the room this round, so one task cannot starve the others.
 */
@FunctionalInterface
public interface RoomGate {
    /** Room is free for anyone. */
    RoomGate OPEN = (candidate, jobTokens) -> true;
    /** Room is for others: only a job that cannot wait any longer is sent. */
    RoomGate CLOSED = (candidate, jobTokens) -> false;

    /** Whether a job of {@code jobTokens} may take room at {@code candidate} now. */
    boolean mayTake(Candidate candidate, long jobTokens);
}
