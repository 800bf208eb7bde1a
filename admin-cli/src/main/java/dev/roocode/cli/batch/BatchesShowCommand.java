package dev.roocode.cli.batch;

import dev.roocode.cli.common.CliContext;
import dev.roocode.cli.common.CliException;
import dev.roocode.cli.common.OutputOptions;
import dev.roocode.cli.connection.Connection;
import dev.roocode.cli.connection.ConnectionOptions;
import dev.roocode.schemas.avro.BatchStatus;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code roocode batches show ID}: progress, counts, tokens, cost, rate and ETA of one batch. */
@Command(
        name = "show",
        mixinStandardHelpOptions = true,
        description = {
            "Show one batch: finished jobs of its total, succeeded, failed, tokens, cost, the completion rate over the",
            "last minute of results and the ETA at that rate. Works on any machine: 'submit' sends the batch's size with its jobs.",
            "When no result came for far longer than the batch's usual gap (10 times it, at least 30 s) the ETA is unknown.",
            "For batches submitted by an older client the total (and so the ETA) is known only where they were submitted.",
            ""
        },
        footer = {
            "",
            "Examples:",
            "  roocode batches show batch_3f2a...",
            "  roocode batches show nightly-2026-11-25 -o json"
        })
public final class BatchesShowCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "BATCH_ID", description = "Batch id printed by submit or run.")
    String batchId;

    @Mixin
    ConnectionOptions connection;

    @Mixin
    OutputOptions output;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Optional<LocalBatches.Submitted> submitted =
                new LocalBatches(CliContext.of(spec).configDir()).find(batchId);
        try (Connection cluster = connection.connect()) {
            BatchHistory history = BatchHistory.read(cluster);
            BatchStatus status = history.latest(batchId);
            if (status == null) {
                if (submitted.isPresent()) {
                    out.println("Batch " + batchId + ": " + submitted.get().jobs() + " jobs submitted, no result yet.");
                    out.flush();
                    return 0;
                }
                throw CliException.usage("no batch '" + batchId + "' on "
                        + cluster.topics().batches().name() + "; list batches with 'roocode batches list'");
            }
            BatchEstimate estimate = history.estimate(
                    batchId, submitted.map(LocalBatches.Submitted::jobs).orElse(null), Instant.now());
            if (output.text()) {
                BatchView.details(out, status, estimate);
                out.flush();
            } else {
                output.print(out, BatchView.toNode(status, estimate));
            }
            return 0;
        }
    }
}
