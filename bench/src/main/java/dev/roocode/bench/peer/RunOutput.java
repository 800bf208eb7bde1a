package dev.roocode.bench.peer;

import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What {@code roocode run} and the Python script print: "Ready in X s" once started, and the summary
 * "Batch ID: N lines in X s (R jobs/s)" (the batch phase) at the end.
 */
final class RunOutput {
    static final String READY = "Ready in ";
    private static final Pattern SUMMARY =
            Pattern.compile("Batch \\S+: (\\d+) lines in ([0-9.]+) s \\(([0-9.]+) jobs/s\\)");

    private RunOutput() {}

    /** Whether an output line is the start-up's end. */
    static boolean isReady(String line) {
        return line.startsWith(READY);
    }

    /** Whether an output line is the summary. */
    static boolean isSummary(String line) {
        return SUMMARY.matcher(line).find();
    }

    /** The batch phase's seconds of the last summary in {@code output}, if any. */
    static OptionalDouble batchSeconds(String output) {
        Matcher m = SUMMARY.matcher(output);
        OptionalDouble last = OptionalDouble.empty();
        while (m.find()) {
            last = OptionalDouble.of(Double.parseDouble(m.group(2)));
        }
        return last;
    }
}
