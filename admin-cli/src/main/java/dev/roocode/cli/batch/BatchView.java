package dev.roocode.cli.batch;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.roocode.cli.common.OutputOptions;
import dev.roocode.cli.run.ProgressPrinter;
import dev.roocode.cli.run.ServedBy;
import dev.roocode.schemas.avro.BatchStatus;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.TreeMap;

/**
 * How a batch's status is shown: counts from its BatchStatus, progress and ETA from its
 * {@link BatchEstimate} (the total comes from the cluster, or from this machine's record of a
 * submission by a client that did not send it).
 */
final class BatchView {
    private BatchView() {}

    static void details(PrintWriter out, BatchStatus b, BatchEstimate estimate) {
        long done = estimate.done();
        out.printf("%-12s %s%n", "batch", b.getBatchId());
        if (b.getTenant() != null) {
            out.printf("%-12s %s%n", "tenant", b.getTenant());
        }
        if (estimate.total() != null) {
            long total = estimate.total();
            out.printf(
                    Locale.ROOT,
                    "%-12s %d/%d jobs (%d%%)%n",
                    "progress",
                    done,
                    total,
                    total == 0 ? 100 : 100 * Math.min(done, total) / total);
        } else {
            out.printf(
                    "%-12s %d jobs finished (total unknown: submitted by a client that does not send the batch size)%n",
                    "progress", done);
        }
        out.printf("%-12s %d%n", "succeeded", b.getSucceeded());
        out.printf("%-12s %d%n", "failed", b.getFailed());
        out.printf("%-12s %s%n", "served by", ServedBy.line(b.getByProvider(), withoutProvider(b)));
        out.printf("%-12s %d in, %d out%n", "tokens", b.getInputTokens(), b.getOutputTokens());
        out.printf(Locale.ROOT, "%-12s $%.6f%n", "cost", b.getCostUsd());
        if (b.getFirstResultAt() != null) {
            out.printf(
                    Locale.ROOT,
                    "%-12s %.1f jobs/s (%s)%n",
                    "rate",
                    estimate.jobsPerSecond(),
                    estimate.recent()
                            ? "last " + BatchEstimate.WINDOW.toSeconds() + " s of results"
                            : "since the first result");
            if (estimate.total() != null || estimate.silentFor() != null) {
                out.printf("%-12s %s%n", "ETA", eta(estimate));
            }
        }
        out.printf("%-12s %s%n", "updated", b.getUpdatedAt());
    }

    /** Finished jobs that reached no provider (no route, budget, invalid job). */
    static long withoutProvider(BatchStatus b) {
        return Math.max(
                0,
                b.getSucceeded()
                        + b.getFailed()
                        - b.getByProvider().values().stream()
                                .mapToLong(Long::longValue)
                                .sum());
    }

    /**
     * "done", a duration such as 1:05 or 2:03:04 from the last result, "unknown (no results for 2m)"
     * when results stopped coming, or "--" when the rate is unknown.
     */
    static String eta(BatchEstimate estimate) {
        if (estimate.silentFor() != null) {
            return "unknown (no results for " + silence(estimate.silentFor()) + ")";
        }
        if (estimate.eta() == null) {
            return "--";
        }
        return estimate.eta().isZero()
                ? "done"
                : ProgressPrinter.duration(estimate.eta().toMillis() / 1000.0);
    }

    /** A silence in its largest unit or two: 45s, 2m, 1h05m, 3d4h. */
    static String silence(Duration d) {
        long s = d.toSeconds();
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return s / 60 + "m";
        }
        if (s < 86_400) {
            return String.format(Locale.ROOT, "%dh%02dm", s / 3600, s / 60 % 60);
        }
        return s / 86_400 + "d" + s / 3600 % 24 + "h";
    }

    static ObjectNode toNode(BatchStatus b, BatchEstimate estimate) {
        ObjectNode node = OutputOptions.json().createObjectNode();
        node.put("batchId", b.getBatchId());
        node.put("tenant", b.getTenant());
        node.put("total", estimate.total());
        node.put("done", estimate.done());
        node.put("succeeded", b.getSucceeded());
        node.put("failed", b.getFailed());
        ObjectNode byProvider = node.putObject("byProvider");
        new TreeMap<>(b.getByProvider()).forEach(byProvider::put);
        node.put("inputTokens", b.getInputTokens());
        node.put("outputTokens", b.getOutputTokens());
        node.put("costUsd", b.getCostUsd());
        node.put("jobsPerSecond", estimate.jobsPerSecond());
        node.put("etaSeconds", estimate.eta() == null ? null : estimate.eta().toSeconds());
        node.put(
                "silentForSeconds",
                estimate.silentFor() == null ? null : estimate.silentFor().toSeconds());
        node.put(
                "firstResultAt",
                b.getFirstResultAt() == null ? null : b.getFirstResultAt().toString());
        node.put("updatedAt", b.getUpdatedAt().toString());
        return node;
    }
}
