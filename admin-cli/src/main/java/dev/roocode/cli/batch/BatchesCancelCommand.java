package dev.roocode.cli.batch;

import dev.roocode.cli.common.CliContext;
import dev.roocode.cli.common.CliException;
import dev.roocode.cli.common.DurationConverter;
import dev.roocode.cli.connection.BatchCancellations;
import dev.roocode.cli.connection.Connection;
import dev.roocode.cli.connection.ConnectionOptions;
import dev.roocode.schemas.avro.BatchStatus;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code roocode batches cancel ID}: writes the batch's cancellation, and with --wait waits for its counts to settle. */
@Command(
        name = "cancel",
        mixinStandardHelpOptions = true,
        description = {
            "Cancel a batch: its jobs not yet called get a FAILED Result with error class CANCELLED ('batch ID was cancelled'),",
            "those waiting in the router at once, those queued for a provider when its worker reaches them (instead of calling it),",
            "and new jobs of the batch as they arrive. Calls already under way finish and keep their Results.",
            "A cancellation is for good: the batch id cannot be reused. With --wait, waits until the batch's counts stop moving.",
            ""
        },
        footer = {
            "",
            "Examples:",
            "  roocode batches cancel batch_3f2a...",
            "  roocode batches cancel nightly-2026-11-25 --reason 'wrong prompt' --wait"
        })
public final class BatchesCancelCommand implements Callable<Integer> {
    /** How often --wait reads the batch's counts. */
    static final Duration POLL = Duration.ofSeconds(1);
    /** How long the counts must stay the same for --wait to call them settled when the batch's total is not reached. */
    static final Duration SETTLED_AFTER = Duration.ofSeconds(5);

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "BATCH_ID", description = "Batch id printed by submit or run.")
    String batchId;

    @Option(names = "--reason", paramLabel = "TEXT", description = "Why; shown in each cancelled job's error message.")
    String reason;

    @Option(
            names = "--force",
            description = "Cancel even a batch this cluster has no result of and this machine did not submit.")
    boolean force;

    @Option(
            names = "--wait",
            description = "Wait until every job of the batch has a Result, or its counts stop moving for 5 s.")
    boolean await;

    @Option(
            names = "--wait-timeout",
            paramLabel = "DURATION",
            defaultValue = "2m",
            converter = DurationConverter.class,
            description = "How long --wait waits at most (default: ${DEFAULT-VALUE}).")
    Duration waitTimeout;

    @Mixin
    ConnectionOptions connection;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        if (batchId == null || batchId.isBlank()) {
            throw CliException.usage("BATCH_ID must not be blank");
        }
        Optional<LocalBatches.Submitted> submitted =
                new LocalBatches(CliContext.of(spec).configDir()).find(batchId);
        try (Connection cluster = connection.connect()) {
            BatchStatus before = BatchHistory.read(cluster).latest(batchId);
            if (before == null && submitted.isEmpty() && !force) {
                // a mistyped id would cancel a future batch of that name for good
                throw CliException.usage(
                        "no batch '" + batchId + "' on "
                                + cluster.topics().batches().name()
                                + " and none submitted from here; check the id with 'roocode batches list', or cancel it anyway with --force");
            }
            BatchCancellations.cancel(cluster, batchId, reason);
            out.println("Batch " + batchId + " cancelled: its jobs not yet called get CANCELLED Results.");
            out.flush();
            if (!await) {
                return 0;
            }
            BatchStatus settled = awaitSettled(cluster, batchId, waitTimeout);
            if (settled == null) {
                out.println("No result of batch " + batchId + " yet.");
            } else {
                out.println(summary(settled));
            }
            out.flush();
            return 0;
        }
    }

    /**
     * Reads the batch's counts every {@link #POLL} until all of its total have a Result, or they have not moved for
     * {@link #SETTLED_AFTER}, or {@code timeout} has passed; returns the last counts (null: none).
     */
    static BatchStatus awaitSettled(Connection cluster, String batchId, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        BatchStatus last = null;
        long unchangedSince = System.nanoTime();
        while (true) {
            BatchStatus now = BatchHistory.read(cluster).latest(batchId);
            if (now != null && now.getTotal() != null && now.getSucceeded() + now.getFailed() >= now.getTotal()) {
                return now;
            }
            if (last == null || now == null || finished(now) != finished(last)) {
                unchangedSince = System.nanoTime();
            } else if (System.nanoTime() - unchangedSince >= SETTLED_AFTER.toNanos()) {
                return now;
            }
            last = now;
            if (System.nanoTime() >= deadline) {
                return now;
            }
            Thread.sleep(POLL.toMillis());
        }
    }

    private static long finished(BatchStatus status) {
        return status.getSucceeded() + status.getFailed();
    }

    private static String summary(BatchStatus status) {
        String total = status.getTotal() == null ? "" : " of " + status.getTotal();
        return String.format(
                Locale.ROOT,
                "Batch %s: %d%s finished, %d succeeded, %d failed (cancelled jobs count as failed).",
                status.getBatchId(),
                finished(status),
                total,
                status.getSucceeded(),
                status.getFailed());
    }
}
