package dev.roocode.cli.batch;

import dev.roocode.cli.common.CliContext;
import dev.roocode.cli.common.CliException;
import dev.roocode.cli.connection.Connection;
import dev.roocode.cli.connection.ConnectionOptions;
import dev.roocode.cli.run.BatchFileArgs;
import dev.roocode.cli.run.DurationConverter;
import dev.roocode.cli.run.ProgressPrinter;
import dev.roocode.cli.run.RunCommand;
import dev.roocode.client.ResultReader;
import dev.roocode.client.RoocodeClient;
import dev.roocode.client.batch.BatchInput;
import dev.roocode.client.batch.BatchProgress;
import dev.roocode.client.batch.BatchRunner;
import dev.roocode.client.batch.BatchSummary;
import dev.roocode.schemas.batch.BatchFileReader;
import java.io.PrintWriter;
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
            "Every line is checked before the first job is sent: bad lines are reported at once and not submitted (a line",
            "over --max-line-bytes too), and a file with no line that can run is refused. With --wait, follow the batch with a progress bar and write",
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

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "30m", converter = DurationConverter.class,
            description = "Longest wait with --wait, e.g. 90s, 30m, 2h (default: 30m).")
    Duration timeout;

    @Option(names = "--max-line-bytes", paramLabel = "BYTES", defaultValue = "" + BatchFileReader.DEFAULT_MAX_LINE_BYTES,
            description = "Longest line; a longer one is an error line (line_too_long) and not sent (default: ${DEFAULT-VALUE},"
                    + " under Kafka's default 1 MiB record limit). Raise it only when the cluster's topics and producers take bigger records.")
    int maxLineBytes;

    @Option(names = "--no-progress", description = "Print no progress lines.")
    boolean noProgress;

    @Mixin
    ConnectionOptions connection;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        // everything the user typed is checked before the cluster is reached
        BatchFileArgs.checkInput(input);
        if (batchId != null && !batchId.matches("[A-Za-z0-9._-]{1,100}")) {
            throw CliException.usage("--batch-id may hold only letters, digits, . _ - (up to 100)");
        }
        BatchFileArgs.checkMaxLineBytes(maxLineBytes);
        Path out1 = output != null ? output : RunCommand.defaultOutput(input);
        if (wait) {
            BatchFileArgs.checkTimeout(timeout);
            BatchFileArgs.checkOutput(out1, output != null, input);
        }
        String id = batchId != null ? batchId : BatchRunner.newBatchId();
        BatchInput checked = BatchFileArgs.checkContent(input, id, maxLineBytes);
        try (Connection cluster = connection.connect();
             RoocodeClient client = new RoocodeClient(cluster.clientConfig(), cluster.registry())) {
            BatchRunner runner = new BatchRunner(client);
            ResultReader results = wait ? client.readResultsFromNow(cluster.topics().results().name()) : null;
            try {
                BatchRunner.Submission submission = runner.submit(checked);
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
                BatchSummary summary = runner.collect(submission, results, out1, timeout,
                        noProgress ? BatchProgress.NONE : new ProgressPrinter(out, System.console() != null));
                RunCommand.printSummary(out, summary);
                if (summary.unanswered() > 0) {
                    throw CliException.failure(summary.unanswered() + " lines got no result within " + DurationConverter.format(timeout)
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
