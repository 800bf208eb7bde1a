package dev.roocode.bench;

/**
 * One benchmark or reliability scenario. It starts what it needs through the {@link BenchContext}, measures
 * its subject and a baseline in the same run, and records figures in the context's report. A new scenario
 * (cost, slow provider, quota, ...) is one class implementing this and one entry in {@link Scenarios}.
 */
public interface Scenario {
    /** The name on the command line, e.g. {@code e2e}. */
    String name();

    /** One line for the usage text. */
    String description();

    /** Runs the scenario; options are read from the context (and so listed in the report). */
    void run(BenchContext context) throws Exception;
}
