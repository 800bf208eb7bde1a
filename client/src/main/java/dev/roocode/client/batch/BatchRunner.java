package dev.roocode.client.batch;

import dev.roocode.client.ResultReader;
import dev.roocode.client.RoocodeClient;
import dev.roocode.schemas.avro.Job;
import dev.roocode.schemas.avro.Result;
import dev.roocode.schemas.avro.ResultStatus;
import dev.roocode.schemas.batch.BatchErrorCodes;
import dev.roocode.schemas.batch.BatchFileReader;
import dev.roocode.schemas.batch.BatchLineCodec;
import dev.roocode.schemas.batch.BatchOutputWriter;
import dev.roocode.schemas.batch.DecodedLine;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.apache.kafka.common.errors.RecordTooLargeException;

/**
 * Runs one OpenAI batch input file through Roocode: every line becomes a Job of a new batch (so the
 * same file can run twice), bad lines become error lines at once, and the output file lists one
 * OpenAI batch output line per input line, in input order.
 *
 * <p>A line's requestId is {@code batchId + "/" + custom_id}, so submitting the same file again under
 * the <em>same</em> batch id is idempotent: the processor dispatches none of the lines it already has
 * (in progress or finished), and they get no second provider call and no second Result. That is how
 * an upload that was killed half way is resumed.
 */
public final class BatchRunner {
    private final RoocodeClient client;
    /** Why the run was stopped (Ctrl-C), or null while it runs; see {@link #interrupt}. */
    private volatile String interruption;

    public BatchRunner(RoocodeClient client) {
        this.client = client;
    }

    /**
     * Stops the run from another thread (a Ctrl-C hook): no further line is sent, the wait for Results ends at once,
     * and the output file is written with every line still without a Result as an error line with code
     * {@code cancelled} and {@code message} (which should say what became of its job). The thread running
     * {@link #run} or {@link #collect} returns its summary as usual.
     */
    public void interrupt(String message) {
        this.interruption = message;
    }

    /** Whether {@link #interrupt} was called. */
    public boolean interrupted() {
        return interruption != null;
    }

    /** A new batch id, in the style of OpenAI's ids. */
    public static String newBatchId() {
        return "batch_" + UUID.randomUUID().toString().replace("-", "");
    }

    /**
     * Submits {@code input} as batch {@code batchId}, waits up to {@code timeout} for every Result,
     * and writes {@code output}.
     */
    public BatchSummary run(Path input, Path output, String batchId, Duration timeout, BatchProgress progress)
            throws IOException, InterruptedException {
        return run(BatchInput.check(input, batchId, BatchFileReader.DEFAULT_MAX_LINE_BYTES), output, timeout, progress);
    }

    /** Submits a checked {@code input}, waits up to {@code timeout} for every Result, and writes {@code output}. */
    public BatchSummary run(BatchInput input, Path output, Duration timeout, BatchProgress progress)
            throws IOException, InterruptedException {
        try (ResultReader results = client.readResultsFromNow(client.replyTopic())) {
            Submission submission = submit(input);
            return collect(submission, results, output, timeout, progress);
        }
    }

    /**
     * What {@link #submit} sent: the output lines so far (error lines for invalid input, null where a
     * Result is awaited) and the awaited requestIds with their line index.
     */
    public record Submission(
            String batchId, Instant started, List<String> lines, Map<String, Integer> pending, long invalid) {
        /** Lines submitted as jobs. */
        public long jobs() {
            return pending.size();
        }
    }

    /** Checks {@code input} (see {@link BatchInput}) and sends it as batch {@code batchId}. */
    public Submission submit(Path input, String batchId) throws IOException, InterruptedException {
        return submit(BatchInput.check(input, batchId, BatchFileReader.DEFAULT_MAX_LINE_BYTES));
    }

    /**
     * Sends every valid line of a checked {@code input} as a Job of its batch and waits until the broker has them all.
     *
     * <p>The file is read twice: the check (done before, by the caller) reads every line with every rule, so a
     * bad line is an error line before the first job is sent, and counts the valid lines, so that every Job can
     * carry the batch's size in its {@value BatchLineCodec#METADATA_BATCH_SIZE} metadata. The processor records
     * it on the batch's BatchStatus, which lets any machine show the batch's progress and ETA, not only the one
     * that submitted it. Neither pass keeps the decoded lines. A job the cluster still refuses (a record larger
     * than its limits allow) becomes that line's error line rather than stopping the others.
     */
    public Submission submit(BatchInput input) throws IOException, InterruptedException {
        return submit(input, UnaryOperator.identity());
    }

    /**
     * {@link #submit(BatchInput)}, with {@code prepare} applied to every Job before it is sent: a front door that
     * submits for someone else sets their tenant, its reply topic and the batch's deadline there.
     */
    public Submission submit(BatchInput input, UnaryOperator<Job> prepare) throws IOException, InterruptedException {
        Instant started = Instant.now();
        String batchId = input.batchId();
        String batchSize = Long.toString(input.jobs());
        List<String> lines = new ArrayList<>();
        Map<String, Integer> pending = new HashMap<>();
        List<Sent> sends = new ArrayList<>();
        long[] invalid = {0};
        try (InputStream in = Files.newInputStream(input.file())) {
            BatchFileReader.forEach(in, batchId, started, input.maxLineBytes(), decoded -> {
                if (decoded instanceof DecodedLine.Valid valid && interruption != null) {
                    lines.add(BatchOutputWriter.errorLine(valid.customId(), "cancelled", interruption));
                    invalid[0]++;
                } else if (decoded instanceof DecodedLine.Valid valid) {
                    Job job = prepare.apply(valid.job());
                    Map<String, String> metadata = new LinkedHashMap<>(job.getMetadata());
                    metadata.put(BatchLineCodec.METADATA_BATCH_SIZE, batchSize);
                    job.setMetadata(metadata);
                    pending.put(job.getRequestId(), lines.size());
                    sends.add(new Sent(lines.size(), valid, client.submit(job, valid.trace())));
                    lines.add(null);
                } else {
                    lines.add(BatchOutputWriter.errorLine((DecodedLine.Invalid) decoded));
                    invalid[0]++;
                }
            });
        }
        client.flush();
        invalid[0] += awaitSent(sends, lines, pending);
        return new Submission(batchId, started, lines, pending, invalid[0]);
    }

    /** One job handed to the producer: its output line index, its line, and the send. */
    private record Sent(int index, DecodedLine.Valid line, CompletableFuture<Void> future) {}

    /**
     * Waits up to {@code timeout} for the Results of {@code submission} on {@code results} (a reader
     * opened before the submission, or from the beginning of the compacted results topic), then
     * writes {@code output} with one line per input line, in input order.
     */
    public BatchSummary collect(
            Submission submission, ResultReader results, Path output, Duration timeout, BatchProgress progress)
            throws IOException {
        return collect(submission, results::poll, output, timeout, progress);
    }

    /** {@link #collect(Submission, ResultReader, Path, Duration, BatchProgress)} from any source of Results. */
    BatchSummary collect(
            Submission submission,
            Function<Duration, List<Result>> results,
            Path output,
            Duration timeout,
            BatchProgress progress)
            throws IOException {
        String batchId = submission.batchId();
        List<String> lines = new ArrayList<>(submission.lines());
        Map<String, Integer> pending = new HashMap<>(submission.pending());
        long total = lines.size();
        progress.submitted(total, submission.invalid());
        Tally tally = collect(results, batchId, pending, lines, timeout, total, progress);
        Duration elapsed = Duration.between(submission.started(), Instant.now());
        long unansweredCount = pending.size();
        for (Map.Entry<String, Integer> unanswered : pending.entrySet()) {
            String customId = unanswered.getKey().substring(batchId.length() + 1);
            String stopped = interruption;
            lines.set(
                    unanswered.getValue(),
                    stopped != null
                            ? BatchOutputWriter.errorLine(customId, "cancelled", stopped)
                            : BatchOutputWriter.errorLine(
                                    customId,
                                    "timeout",
                                    "no result within " + timeout.toSeconds() + " s; the job may still finish (batch "
                                            + batchId + ")"));
        }
        write(output, lines);
        return new BatchSummary(
                batchId,
                output,
                total,
                tally.succeeded,
                tally.failed,
                submission.invalid(),
                unansweredCount,
                tally.inputTokens,
                tally.outputTokens,
                tally.costUsd,
                elapsed,
                tally.byProvider);
    }

    private Tally collect(
            Function<Duration, List<Result>> results,
            String batchId,
            Map<String, Integer> pending,
            List<String> lines,
            Duration timeout,
            long total,
            BatchProgress progress) {
        Tally tally = new Tally();
        long deadline = System.nanoTime() + timeout.toNanos();
        long done = total - pending.size();
        progress.progress(done, total);
        while (!pending.isEmpty() && System.nanoTime() < deadline && interruption == null) {
            for (Result result : results.apply(Duration.ofMillis(200))) {
                if (!batchId.equals(result.getBatchId())) {
                    continue;
                }
                Integer index = pending.remove(result.getRequestId());
                if (index == null) {
                    continue;
                }
                lines.set(index, BatchOutputWriter.toOutputLine(result));
                tally.add(result);
                done++;
            }
            progress.progress(done, total);
        }
        return tally;
    }

    /** Waits for every send; a record too large for the cluster becomes its line's error line. @return how many did */
    private static long awaitSent(List<Sent> sends, List<String> lines, Map<String, Integer> pending)
            throws InterruptedException, IOException {
        long refused = 0;
        for (Sent sent : sends) {
            try {
                sent.future().get();
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof RecordTooLargeException)) {
                    throw new IOException("cannot submit jobs: " + e.getCause().getMessage(), e.getCause());
                }
                pending.remove(sent.line().job().getRequestId());
                lines.set(
                        sent.index(),
                        BatchOutputWriter.errorLine(new DecodedLine.Invalid(
                                sent.line().customId(),
                                sent.line().lineNumber(),
                                BatchErrorCodes.LINE_TOO_LONG,
                                "the cluster refused the job: " + e.getCause().getMessage())));
                refused++;
            }
        }
        return refused;
    }

    private static void write(Path output, List<String> lines) throws IOException {
        Path parent = output.toAbsolutePath().getParent();
        Path temp = Files.createTempFile(parent, output.getFileName().toString(), ".tmp");
        try (BufferedWriter writer = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
            for (String line : lines) {
                writer.write(line);
                writer.write('\n');
            }
        }
        Files.move(temp, output, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** What the collected Results add up to. */
    static final class Tally {
        long succeeded;
        long failed;
        long inputTokens;
        long outputTokens;
        double costUsd;
        final Map<String, Long> byProvider = new TreeMap<>();

        void add(Result result) {
            String provider = BatchOutputWriter.servedOf(result).servedBy();
            if (provider != null) {
                byProvider.merge(provider, 1L, Long::sum);
            }
            if (result.getStatus() == ResultStatus.SUCCEEDED) {
                succeeded++;
                if (result.getOutput() != null) {
                    inputTokens += result.getOutput().getUsage().getInputTokens();
                    outputTokens += result.getOutput().getUsage().getOutputTokens();
                }
            } else {
                failed++;
            }
            costUsd += result.getCostUsd();
        }
    }
}
