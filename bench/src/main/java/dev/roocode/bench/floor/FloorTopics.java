package dev.roocode.bench.floor;

/**
 * The floor's topics: its two processes read and write only these. Named here, not in the cluster that
 * starts the processes, so the floor depends on nothing of the cluster (no package cycle).
 */
public final class FloorTopics {
    public static final String JOBS = "floor.jobs";
    public static final String DISPATCH = "floor.dispatch";
    public static final String OUTCOMES = "floor.outcomes";
    public static final String RESULTS = "floor.results";

    private FloorTopics() {}
}
