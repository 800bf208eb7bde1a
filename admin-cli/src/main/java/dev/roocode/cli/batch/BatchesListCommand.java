package dev.roocode.cli.batch;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.roocode.cli.common.CliContext;
import dev.roocode.cli.common.OutputOptions;
import dev.roocode.cli.connection.Connection;
import dev.roocode.cli.connection.ConnectionOptions;
import dev.roocode.schemas.avro.BatchStatus;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code roocode batches list}: the most recently updated batches first. */
@Command(
        name = "list",
        mixinStandardHelpOptions = true,
        description = {
            "List batches, most recently updated first, with finished jobs of their total and the ETA",
            "(see 'batches show' for how they are measured).",
            ""
        },
        footer = {"", "Examples:", "  roocode batches list", "  roocode batches list --limit 5 -o json"})
public final class BatchesListCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(
            names = "--limit",
            paramLabel = "N",
            defaultValue = "20",
            description = "Show at most N batches (default: ${DEFAULT-VALUE}).")
    int limit;

    @Mixin
    ConnectionOptions connection;

    @Mixin
    OutputOptions output;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        LocalBatches local = new LocalBatches(CliContext.of(spec).configDir());
        try (Connection cluster = connection.connect()) {
            BatchHistory history = BatchHistory.read(cluster);
            List<BatchStatus> batches = new ArrayList<>(history.latest());
            batches.sort(Comparator.comparing(BatchStatus::getUpdatedAt).reversed());
            List<BatchStatus> shown = batches.subList(0, Math.min(limit, batches.size()));
            if (!output.text()) {
                ArrayNode list = OutputOptions.json().createArrayNode();
                shown.forEach(b -> list.add(BatchView.toNode(b, estimate(history, local, b))));
                output.print(out, OutputOptions.json().createObjectNode().set("batches", list));
                return 0;
            }
            if (shown.isEmpty()) {
                out.println("No batches yet; submit one with 'roocode submit FILE.jsonl'.");
            } else {
                out.printf(
                        "%-40s %15s %7s %7s %12s %9s %s%n",
                        "BATCH", "DONE", "OK", "FAILED", "COST USD", "ETA", "UPDATED");
                for (BatchStatus b : shown) {
                    BatchEstimate estimate = estimate(history, local, b);
                    String of = estimate.total() == null
                            ? Long.toString(estimate.done())
                            : estimate.done() + "/" + estimate.total();
                    String eta = estimate.total() == null ? "" : BatchView.eta(estimate);
                    out.printf(
                            Locale.ROOT,
                            "%-40s %15s %7d %7d %12.6f %9s %s%n",
                            b.getBatchId(),
                            of,
                            b.getSucceeded(),
                            b.getFailed(),
                            b.getCostUsd(),
                            eta,
                            b.getUpdatedAt());
                }
            }
            out.flush();
            return 0;
        }
    }

    private static BatchEstimate estimate(BatchHistory history, LocalBatches local, BatchStatus b) {
        return history.estimate(
                b.getBatchId(),
                local.find(b.getBatchId()).map(LocalBatches.Submitted::jobs).orElse(null),
                Instant.now());
    }
}
