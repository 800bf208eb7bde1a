package dev.roocode.cli.batch;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.roocode.cli.common.OutputOptions;
import dev.roocode.cli.run.ProgressPrinter;
import dev.roocode.schemas.avro.BatchStatus;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/** How a batch's status is shown, with rate and ETA when this machine knows how many jobs were submitted. */
final class BatchView {
    private BatchView() {}

    static void details(PrintWriter out, BatchStatus b, Optional<LocalBatches.Submitted> submitted) {
        long done = b.getSucceeded() + b.getFailed();
        out.printf("%-12s %s%n", "batch", b.getBatchId());
        if (b.getTenant() != null) {
            out.printf("%-12s %s%n", "tenant", b.getTenant());
        }
        if (submitted.isPresent()) {
            long jobs = submitted.get().jobs();
            out.printf(Locale.ROOT, "%-12s %d/%d jobs (%d%%)%n", "progress", done, jobs, jobs == 0 ? 100 : 100 * done / jobs);
        } else {
            out.printf("%-12s %d jobs finished (submitted elsewhere: total unknown)%n", "progress", done);
        }
        out.printf("%-12s %d%n", "succeeded", b.getSucceeded());
        out.printf("%-12s %d%n", "failed", b.getFailed());
        out.printf("%-12s %d in, %d out%n", "tokens", b.getInputTokens(), b.getOutputTokens());
        out.printf(Locale.ROOT, "%-12s $%.6f%n", "cost", b.getCostUsd());
        if (b.getFirstResultAt() != null) {
            Duration span = Duration.between(b.getFirstResultAt(), b.getUpdatedAt());
            double rate = span.toMillis() <= 0 ? 0 : done / (span.toMillis() / 1000.0);
            out.printf(Locale.ROOT, "%-12s %.1f jobs/s%n", "rate", rate);
            if (submitted.isPresent()) {
                long left = submitted.get().jobs() - done;
                out.printf("%-12s %s%n", "ETA", left <= 0 ? "done" : rate > 0 ? ProgressPrinter.duration(left / rate) : "--");
            }
        }
        out.printf("%-12s %s%n", "updated", b.getUpdatedAt());
    }

    static ObjectNode toNode(BatchStatus b, Optional<LocalBatches.Submitted> submitted) {
        ObjectNode node = OutputOptions.json().createObjectNode();
        node.put("batchId", b.getBatchId());
        node.put("tenant", b.getTenant());
        submitted.ifPresent(s -> node.put("jobs", s.jobs()));
        node.put("succeeded", b.getSucceeded());
        node.put("failed", b.getFailed());
        node.put("inputTokens", b.getInputTokens());
        node.put("outputTokens", b.getOutputTokens());
        node.put("costUsd", b.getCostUsd());
        node.put("firstResultAt", b.getFirstResultAt() == null ? null : b.getFirstResultAt().toString());
        node.put("updatedAt", b.getUpdatedAt().toString());
        return node;
    }
}
