package dev.roocode.processor.deferral;

import java.util.HashMap;
import java.util.Map;

/**
 * Jobs sent to each provider by the release passes of the current round (a round is one deferral
 * interval), by every task of this process: lets each task take its share of the room a round
 * started with. One per topology; stream threads use it at once, so every method synchronizes.
 */
public final class ReleaseRounds {
    /** provider → {round, jobs released to it in that round}. */
    private final Map<String, long[]> releasedByProvider = new HashMap<>();

    /** Jobs sent to {@code provider} by release passes in round {@code round}, by every task. */
    public synchronized long releasedInRound(String provider, long round) {
        long[] entry = releasedByProvider.get(provider);
        return entry == null || entry[0] != round ? 0 : entry[1];
    }

    /** Counts one job sent to {@code provider} by a release pass in round {@code round}. */
    public synchronized void released(String provider, long round) {
        long[] entry = releasedByProvider.computeIfAbsent(provider, p -> new long[2]);
        if (entry[0] != round) {
            entry[0] = round;
            entry[1] = 0;
        }
        entry[1]++;
    }
}
