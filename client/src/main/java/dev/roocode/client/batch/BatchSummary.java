package dev.roocode.client.batch;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * What a batch run did.
 *
 * @param batchId      the run's batch id
 * @param output       the output file written
 * @param lines        input lines (blank lines excluded)
 * @param succeeded    lines answered SUCCEEDED
 * @param failed       lines answered FAILED by Roocode (provider, routing or job errors)
 * @param invalid      lines rejected before submission (not JSON, missing fields, duplicate custom_id…)
 * @param unanswered   lines with no Result before the timeout (written as error lines)
 * @param inputTokens  input tokens of succeeded lines
 * @param outputTokens output tokens of succeeded lines
 * @param costUsd      cost of the run in USD
 * @param elapsed      wall time from first submission to the last Result
 * @param byProvider   answered lines per provider that served them (of the last attempt when the job failed), as the
 *                     output lines' {@code roocode.served_by} says; lines that reached no provider are not in it
 */
public record BatchSummary(
        String batchId,
        Path output,
        long lines,
        long succeeded,
        long failed,
        long invalid,
        long unanswered,
        long inputTokens,
        long outputTokens,
        double costUsd,
        Duration elapsed,
        Map<String, Long> byProvider) {

    public BatchSummary {
        byProvider = Map.copyOf(byProvider);
    }

    /** Lines no provider served: invalid, unanswered, and jobs that failed before reaching one (no route, budget, invalid job). */
    public long withoutProvider() {
        return lines - byProvider.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Jobs per second over the run. */
    public double jobsPerSecond() {
        return elapsed.isZero() ? 0 : lines / (elapsed.toNanos() / 1e9);
    }
}
