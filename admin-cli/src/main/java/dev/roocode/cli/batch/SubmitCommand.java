package dev.roocode.cli.batch;

import dev.roocode.cli.common.CliContext;
import dev.roocode.cli.common.CliException;
import dev.roocode.cli.connection.Connection;
import dev.roocode.cli.connection.ConnectionOptions;
import dev.roocode.cli.run.DurationConverter;
import dev.roocode.cli.run.ProgressPrinter;
import dev.roocode.cli.run.RunCommand;
import dev.roocode.client.ResultReader;
import dev.roocode.client.RoocodeClient;
import dev.roocode.client.batch.BatchProgress;
import dev.roocode.client.batch.BatchRunner;
import dev.roocode.client.batch.BatchSummary;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code roocode submit FILE.jsonl}: a batch file to the cluster; {@code --wait} collects its results. */
@Command(name = "submit", mixinStandardHelpOptions = true,
        description = {"Submit an OpenAI Batch API input file (JSONL) to the cluster as a new batch and print its batch id.",
            "Bad lines are reported at once and not submitted. With --wait, follow the batch with a progress bar and write",
            "the OpenAI batch output file; without it, follow up with 'batches show ID' and 'results export ID'.",
            "Every job carries the batch's size, so 'batches show' gives progress and an ETA on any machine.", ""},
        footer = {"", "Examples:",
            "  roocode submit jobs.jsonl",
            "  roocode submit jobs.jsonl --wait --out jobs.out.jsonl --timeout 2h",
            "  roocode submit jobs.jsonl --batch-id nightly-2026-11-25 --profile prod",
            "", "Exit codes: 0 submitted (with --wait: every line answered), 1 failure or timeout, 2 usage error."})
public final class SubmitCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE.jsonl", description = "Batch input file: one {custom_id, method, url, body} per line.")
    Path input;

    @Option(names = "--batch-id", paramLabel = "ID", description = "Batch id (default: a new batch_<uuid>).")
    String batchId;

    @Option(names = "--wait", description = "Wait for every result and write the output file.")
    boolean wait;

    @Option(names = {"-o", "--out"}, paramLabel = "FILE", description = "Output file with --wait (default: <input without .jsonl>.results.jsonl).")
    Path output;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "PT30M", converter = DurationConverter.class,
            description = "Longest wait with --wait, e.g. 90s, 30m, 2h (default: 30m).")
    Duration timeout;

    @Option(names = "--no-progress", description = "Print no progress lines.")
    boolean noProgress;

    @Mixin
    ConnectionOptions connection;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (!Files.isRegularFile(input)) {
            throw CliException.usage("no such file: " + input);
        }
        if (batchId != null && !batchId.matches("[A-Za-z0-9._-]{1,100}")) {
            throw CliException.usage("--batch-id may hold only letters, digits, . _ - (up to 100)");
        }
        String id = batchId != null ? batchId : BatchRunner.newBatchId();
        try (Connection cluster = connection.connect();
             RoocodeClient client = new RoocodeClient(cluster.clientConfig(), cluster.registry())) {
            BatchRunner runner = new BatchRunner(client);
            ResultReader results = wait ? client.readResultsFromNow(cluster.topics().results().name()) : null;
            try {
                BatchRunner.Submission submission = runner.submit(input, id);
                new LocalBatches(CliContext.of(spec).configDir()).remember(
                        new LocalBatches.Submitted(id, submission.jobs(), submission.invalid(), input.toAbsolutePath().toString()));
                out.printf("Submitted batch %s: %d jobs%s%n", id, submission.jobs(),
                        submission.invalid() == 0 ? "" : ", " + submission.invalid() + " invalid lines not submitted");
                out.flush();
                if (!wait) {
                    out.println("Follow it with 'roocode batches show " + id + "'; fetch results with 'roocode results export " + id + " --out FILE'.");
                    out.flush();
                    return 0;
                }
                Path out1 = output != null ? output : RunCommand.defaultOutput(input);
                BatchSummary summary = runner.collect(submission, results, out1, timeout,
                        noProgress ? BatchProgress.NONE : new ProgressPrinter(out, System.console() != null));
                RunCommand.printSummary(out, summary);
                if (summary.unanswered() > 0) {
                    throw CliException.failure(summary.unanswered() + " lines got no result within " + timeout
                            + "; they are error lines in " + out1 + " (the jobs may still finish: 'roocode results export " + id + "')");
                }
                return 0;
            } finally {
                if (results != null) {
                    results.close();
                }
            }
        }
    }
}
