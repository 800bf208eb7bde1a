package dev.roocode.cli.batch;

import dev.roocode.cli.common.CliContext;
import dev.roocode.cli.common.CliException;
import dev.roocode.cli.common.DurationConverter;
import dev.roocode.cli.common.Prompter;
import dev.roocode.cli.connection.Connection;
import dev.roocode.cli.connection.ConnectionOptions;
import dev.roocode.cli.run.BatchFileArgs;
import dev.roocode.cli.run.ProgressPrinter;
import dev.roocode.cli.run.RunCommand;
import dev.roocode.client.ResultReader;
import dev.roocode.client.RoocodeClient;
import dev.roocode.client.batch.BatchInput;
import dev.roocode.client.batch.BatchProgress;
import dev.roocode.client.batch.BatchRunner;
import dev.roocode.client.batch.BatchSummary;
import dev.roocode.schemas.avro.BatchStatus;
import dev.roocode.schemas.batch.BatchFileReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code roocode submit FILE.jsonl}: a batch file to the cluster; {@code --wait} collects its results.
 *
 * <p>The batch id is printed and recorded on this machine (with the file's SHA-256) before the first
 * job is sent. A later submit of the same content while that batch is unfinished (its upload was cut
 * short, or not every line has a Result) resumes it under the same id instead of starting a second
 * batch: a line's requestId is {@code batchId/custom_id}, so the processor runs none of the lines it
 * already has. Why not derive the batch id from the content hash: running the same file again on
 * purpose (a nightly job over the same prompts) would then silently return nothing new for a week.
 */
@Command(
        name = "submit",
        mixinStandardHelpOptions = true,
        description = {
            "Submit an OpenAI Batch API input file (JSONL) to the cluster as a batch and print its batch id.",
            "Every line is checked before the first job is sent: bad lines are reported at once and not submitted (a line",
            "over --max-line-bytes too), and a file with no line that can run is refused. With --wait, follow the batch with a progress bar and write",
            "the OpenAI batch output file; without it, follow up with 'batches show ID' and 'results export ID'.",
            "A line's url is /v1/chat/completions, /v1/embeddings or /v1/responses (run on the chat path of any provider, its",
            "output line's body a Responses object), each also without /v1 as Azure OpenAI's batch files write them.",
            "Every job carries the batch's size, so 'batches show' gives progress and an ETA on any machine.",
            "The batch id is printed and recorded on this machine before the first job is sent. Submitting the same content",
            "again while that batch is unfinished (upload cut short, or results missing) resumes it under the same id: lines",
            "already sent are not run twice. On a terminal you are asked first; otherwise it resumes and says so.",
            "--new-batch always starts a fresh batch; a finished batch's content is submitted as a new batch.",
            ""
        },
        footer = {
            "",
            "Examples:",
            "  roocode submit jobs.jsonl",
            "  roocode submit jobs.jsonl --wait --out jobs.out.jsonl --timeout 2h",
            "  roocode submit jobs.jsonl --resume --wait     # after a killed upload or wait: continue the same batch",
            "  roocode submit jobs.jsonl --new-batch         # run the same file again as a new batch",
            "  roocode submit jobs.jsonl --batch-id nightly-2026-11-25 --profile prod",
            "  roocode submit jobs.jsonl --tenant acme --wait",
            "",
            "Exit codes: 0 submitted (with --wait: every line answered), 1 failure or timeout, 2 usage error."
        })
public final class SubmitCommand implements Callable<Integer> {
    /** What to do with an earlier, unfinished submission of the same content. */
    enum Choice {
        NEW,
        RESUME,
        ASK
    }

    @Spec
    CommandSpec spec;

    @Parameters(
            index = "0",
            paramLabel = "FILE.jsonl",
            description = "Batch input file: one {custom_id, method, url, body} per line.")
    Path input;

    @Option(
            names = "--batch-id",
            paramLabel = "ID",
            description =
                    "Batch id (default: the unfinished batch of the same content recorded here, else a new batch_<uuid>).")
    String batchId;

    @Option(
            names = "--resume",
            description = "Continue the latest batch of the same content recorded on this machine, finished or not.")
    boolean resume;

    @Option(names = "--new-batch", description = "Start a new batch even if the same content has an unfinished batch.")
    boolean newBatch;

    @Option(names = "--wait", description = "Wait for every result and write the output file.")
    boolean wait;

    @Option(
            names = {"-o", "--out"},
            paramLabel = "FILE",
            description = "Output file with --wait (default: <input without .jsonl>.results.jsonl).")
    Path output;

    @Option(
            names = "--timeout",
            paramLabel = "DURATION",
            defaultValue = "30m",
            converter = DurationConverter.class,
            description = "Longest wait with --wait, e.g. 90s, 30m, 2h (default: 30m).")
    Duration timeout;

    @Option(
            names = "--max-line-bytes",
            paramLabel = "BYTES",
            defaultValue = "" + BatchFileReader.DEFAULT_MAX_LINE_BYTES,
            description =
                    "Longest line; a longer one is an error line (line_too_long) and not sent (default: ${DEFAULT-VALUE},"
                            + " under Kafka's default 1 MiB record limit). Raise it only when the cluster's topics and producers take bigger records.")
    int maxLineBytes;

    @Option(names = "--no-progress", description = "Print no progress lines.")
    boolean noProgress;

    @Mixin
    TenantOption tenant;

    @Mixin
    ConnectionOptions connection;

    /** The batch this submit goes to, and whether it continues an earlier one (whose Results may already be out). */
    private record Target(String batchId, LocalBatches.Submitted previous) {
        boolean resumed() {
            return previous != null;
        }
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        // everything the user typed is checked before the cluster is reached
        BatchFileArgs.checkInput(input);
        if (batchId != null && !batchId.matches("[A-Za-z0-9._-]{1,100}")) {
            throw CliException.usage("--batch-id may hold only letters, digits, . _ - (up to 100)");
        }
        if (batchId != null && (resume || newBatch) || resume && newBatch) {
            throw CliException.usage("choose one of --batch-id, --resume and --new-batch");
        }
        BatchFileArgs.checkMaxLineBytes(maxLineBytes);
        tenant.check();
        Path out1 = output != null ? output : RunCommand.defaultOutput(input);
        if (wait) {
            BatchFileArgs.checkTimeout(timeout);
            BatchFileArgs.checkOutput(out1, output != null, input);
        }
        String freshId = batchId != null ? batchId : BatchRunner.newBatchId();
        BatchInput checked = BatchFileArgs.checkContent(input, freshId, maxLineBytes);
        CliContext context = CliContext.of(spec);
        LocalBatches local = new LocalBatches(context.configDir());
        String sha256;
        try {
            sha256 = LocalBatches.sha256(input);
        } catch (IOException e) {
            throw CliException.failure("cannot read " + input + ": " + e.getMessage());
        }
        try (Connection cluster = connection.connect();
                RoocodeClient client = new RoocodeClient(tenant.clientConfig(cluster), cluster.registry())) {
            Target target = target(out, context.prompter(), local, sha256, cluster, freshId);
            String id = target.batchId();
            BatchRunner runner = new BatchRunner(client);
            String resultsTopic = client.replyTopic();
            // a batch that already ran (resumed, or an explicit id used before) has Results from before now
            ResultReader results = !wait
                    ? null
                    : target.resumed() || batchId != null
                            ? client.readResultsFromBeginning(resultsTopic)
                            : client.readResultsFromNow(resultsTopic);
            try {
                Instant submittedAt = target.resumed() && target.previous().submittedAt() != null
                        ? target.previous().submittedAt()
                        : Instant.now();
                if (!id.equals(checked.batchId())) {
                    // resuming: the lines' requestIds are made with the earlier batch's id, so check them with it
                    checked = BatchFileArgs.checkContent(input, id, maxLineBytes);
                }
                try {
                    local.remember(new LocalBatches.Submitted(
                            id,
                            checked.jobs(),
                            checked.invalid(),
                            input.toAbsolutePath().toString(),
                            sha256,
                            submittedAt,
                            false));
                } catch (UncheckedIOException e) {
                    throw CliException.failure(e.getMessage() + "; nothing was sent");
                }
                out.printf("Submitting batch %s (%d jobs) ...%n", id, checked.jobs());
                out.flush();
                BatchRunner.Submission submission;
                try {
                    submission = runner.submit(checked);
                } catch (IOException e) {
                    throw CliException.failure("upload of batch " + id + " failed: " + e.getMessage()
                            + "; 'roocode submit " + input + "' resumes it (lines already sent are not run twice)");
                }
                try {
                    local.remember(new LocalBatches.Submitted(
                            id,
                            submission.jobs(),
                            submission.invalid(),
                            input.toAbsolutePath().toString(),
                            sha256,
                            submittedAt,
                            true));
                } catch (UncheckedIOException e) {
                    // every job is on the broker: a record still saying "cut short" only makes a later submit offer to
                    // resume, which is harmless
                }
                out.printf(
                        "Submitted batch %s: %d jobs%s%n",
                        id,
                        submission.jobs(),
                        submission.invalid() == 0 ? "" : ", " + submission.invalid() + " invalid lines not submitted");
                out.flush();
                if (!wait) {
                    out.println("Follow it with 'roocode batches show " + id
                            + "'; fetch results with 'roocode results export " + id + " --out FILE'.");
                    out.flush();
                    return 0;
                }
                BatchSummary summary = runner.collect(
                        submission,
                        results,
                        out1,
                        timeout,
                        noProgress ? BatchProgress.NONE : new ProgressPrinter(out, System.console() != null));
                RunCommand.printSummary(out, summary);
                if (summary.unanswered() > 0) {
                    throw CliException.failure(summary.unanswered() + " lines got no result within "
                            + DurationConverter.format(timeout) + "; they are error lines in " + out1
                            + " (the jobs may still finish: 'roocode results export " + id + "')");
                }
                return 0;
            } finally {
                if (results != null) {
                    results.close();
                }
            }
        }
    }

    /** Picks the batch id, saying on {@code out} why when it continues an earlier batch or could have. */
    private Target target(
            PrintWriter out, Prompter prompter, LocalBatches local, String sha256, Connection cluster, String freshId) {
        if (batchId != null) {
            return new Target(batchId, local.find(batchId).orElse(null));
        }
        Optional<LocalBatches.Submitted> previous = newBatch ? Optional.empty() : local.latestWithContent(sha256);
        if (resume && previous.isEmpty()) {
            throw CliException.usage(
                    "no earlier submission of this file's content is recorded on this machine; submit it without --resume");
        }
        boolean finished = previous.isPresent() && !resume && finished(previous.get(), cluster);
        Choice choice = choose(previous.orElse(null), finished, resume, newBatch);
        if (choice == Choice.ASK && prompter.interactive()) {
            String answer = prompter.ask(
                    "Batch " + previous.get().batchId() + " (submitted " + when(previous.get())
                            + " with the same content)"
                            + " has not finished; lines already sent are not run twice. Resume it (y/n)",
                    "y");
            choice = answer.trim().toLowerCase(Locale.ROOT).startsWith("n") ? Choice.NEW : Choice.RESUME;
        }
        if (choice == Choice.NEW) {
            previous.filter(p -> finished)
                    .ifPresent(p -> out.println("This content already ran as batch " + p.batchId() + " (submitted "
                            + when(p) + "); submitting it again as a new batch. Its results: 'roocode results export "
                            + p.batchId() + "'."));
            return new Target(freshId, null);
        }
        LocalBatches.Submitted earlier = previous.get();
        out.println("Resuming batch " + earlier.batchId() + " submitted " + when(earlier) + " with the same content"
                + (earlier.uploaded() ? "" : " (its upload was cut short)") + ": lines already sent are not run twice;"
                + " use --new-batch for a fresh batch.");
        out.flush();
        return new Target(earlier.batchId(), earlier);
    }

    /**
     * What to do given the latest earlier submission of the same content ({@code previous}, null when
     * none) and whether every one of its jobs has a Result: {@link Choice#ASK} means resume unless a
     * user at a terminal declines. A finished batch is not resumed unasked: running a file again is
     * a legitimate thing to do, and resuming it would answer nothing.
     */
    static Choice choose(LocalBatches.Submitted previous, boolean finished, boolean resume, boolean newBatch) {
        if (newBatch || previous == null) {
            return Choice.NEW;
        }
        if (resume) {
            return Choice.RESUME;
        }
        return finished ? Choice.NEW : Choice.ASK;
    }

    /** Whether the cluster holds a Result for every job of {@code previous} (false when its upload was cut short). */
    private static boolean finished(LocalBatches.Submitted previous, Connection cluster) {
        if (!previous.uploaded()) {
            return false;
        }
        BatchStatus status = BatchHistory.read(cluster).latest(previous.batchId());
        return status != null && status.getSucceeded() + status.getFailed() >= previous.jobs();
    }

    private static String when(LocalBatches.Submitted submitted) {
        return submitted.submittedAt() == null
                ? "earlier"
                : submitted.submittedAt().truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
