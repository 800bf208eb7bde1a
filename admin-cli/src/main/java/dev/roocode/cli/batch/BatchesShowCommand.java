package dev.roocode.cli.batch;

import dev.roocode.cli.common.CliContext;
import dev.roocode.cli.common.CliException;
import dev.roocode.cli.common.OutputOptions;
import dev.roocode.cli.connection.Connection;
import dev.roocode.cli.connection.ConnectionOptions;
import dev.roocode.schemas.avro.BatchStatus;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code roocode batches show ID}: counts, tokens, cost, rate and ETA of one batch. */
@Command(name = "show", mixinStandardHelpOptions = true,
        description = {"Show one batch: finished jobs, succeeded, failed, tokens, cost, rate, and the ETA when it was submitted",
            "from this machine (the batches topic does not hold the number of submitted jobs).", ""},
        footer = {"", "Examples:", "  roocode batches show batch_3f2a...", "  roocode batches show nightly-2026-11-25 -o json"})
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
        Optional<LocalBatches.Submitted> submitted = new LocalBatches(CliContext.of(spec).configDir()).find(batchId);
        try (Connection cluster = connection.connect()) {
            BatchStatus status = cluster.readLatest(cluster.topics().batches()).get(batchId);
            if (status == null) {
                if (submitted.isPresent()) {
                    out.println("Batch " + batchId + ": " + submitted.get().jobs() + " jobs submitted, no result yet.");
                    out.flush();
                    return 0;
                }
                throw CliException.usage("no batch '" + batchId + "' on " + cluster.topics().batches().name() + "; list batches with 'roocode batches list'");
            }
            if (output.text()) {
                BatchView.details(out, status, submitted);
                out.flush();
            } else {
                output.print(out, BatchView.toNode(status, submitted));
            }
            return 0;
        }
    }
}
