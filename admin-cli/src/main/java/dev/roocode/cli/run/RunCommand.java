package dev.roocode.cli.run;

import dev.roocode.cli.common.CliContext;
import dev.roocode.cli.common.CliException;
import dev.roocode.cli.common.DurationConverter;
import dev.roocode.cli.common.SizeConverter;
import dev.roocode.cli.connection.BatchCancellations;
import dev.roocode.cli.connection.Connection;
import dev.roocode.cli.embedded.DataDirLock;
import dev.roocode.cli.embedded.EmbeddedStack;
import dev.roocode.cli.embedded.EmbeddedStart;
import dev.roocode.cli.provider.ProviderFile;
import dev.roocode.client.ClientConfig;
import dev.roocode.client.RoocodeClient;
import dev.roocode.client.batch.BatchInput;
import dev.roocode.client.batch.BatchProgress;
import dev.roocode.client.batch.BatchRunner;
import dev.roocode.client.batch.BatchSummary;
import dev.roocode.connectors.provider.ProviderAdapters;
import dev.roocode.connectors.worker.CredentialResolver;
import dev.roocode.schemas.avro.ProviderConfig;
import dev.roocode.schemas.batch.BatchFileReader;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code roocode run FILE.jsonl}: runs one OpenAI batch file on an embedded Roocode. */
@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        description = {
            "Run an OpenAI Batch API input file (JSONL) through an embedded Roocode and write an OpenAI batch output file.",
            "",
            "Starts a real Kafka broker, schema registry, processor and connectors in this process. With no provider",
            "configured, jobs go to the built-in provider simulator, so it works with no keys and no network.",
            "Each run is a new batch. Every line is checked before anything starts: bad lines (not JSON or not UTF-8, longer than",
            "1,000,000 bytes, a custom_id that cannot be a requestId) become error lines in the output and never stop the run;",
            "a file with no line that can run is refused. A line's url is /v1/chat/completions, /v1/embeddings or /v1/responses",
            "(a Responses request: run on the chat path of any provider, its output line's body a Responses object); each may",
            "also be written without /v1, as Azure OpenAI's batch files do.",
            "With --providers FILE.yaml (docs/providers-file.md) it calls those providers, with their routes, instead of the",
            "simulator; their keys come from the environment variables or files the file names.",
            "Ctrl-C cancels the batch (its jobs not yet called get CANCELLED results), writes the output file with the lines",
            "still without a result as 'cancelled' error lines, and prints the batch id; --keep-on-interrupt leaves the batch",
            "to run at the next start instead.",
            ""
        },
        footer = {
            "",
            "Examples:",
            "  roocode run examples/summarize.jsonl",
            "  roocode run big.jsonl --out /tmp/big.out.jsonl --timeout 30m",
            "  roocode run big.jsonl --metrics-port 9464   (Prometheus scrapes 127.0.0.1:9464/metrics meanwhile)",
            "  OPENAI_API_KEY=... roocode run big.jsonl --providers examples/providers/openai.yaml",
            "",
            "Exit codes: 0 every line has an output line (some may be errors), 1 failure or timeout, 2 usage error."
        })
public final class RunCommand implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(RunCommand.class);

    @Spec
    CommandSpec spec;

    @Parameters(
            index = "0",
            paramLabel = "FILE.jsonl",
            description = "Batch input file: one {custom_id, method, url, body} per line.")
    Path input;

    @Option(
            names = {"-o", "--out"},
            paramLabel = "FILE",
            description = "Output file (default: <input without .jsonl>.results.jsonl).")
    Path output;

    @Option(
            names = "--data-dir",
            paramLabel = "DIR",
            description =
                    "Where the embedded broker keeps its data and its log (default: ~/.roocode/data, or $ROOCODE_HOME/data).")
    Path dataDir;

    @Option(
            names = "--min-free-space",
            paramLabel = "SIZE",
            defaultValue = dev.roocode.cli.embedded.EmbeddedStart.DEFAULT_MIN_FREE_SPACE,
            converter = SizeConverter.class,
            description =
                    "Refuse to start when the data dir's disk has less free space than this, e.g. 500MB, 2GB, 0 (default: 1GB).")
    long minFreeSpace;

    @Option(
            names = "--partitions",
            paramLabel = "N",
            defaultValue = "4",
            description = "Partitions of the jobs topics on first start (default: ${DEFAULT-VALUE}).")
    int partitions;

    @Option(
            names = "--timeout",
            paramLabel = "DURATION",
            defaultValue = "30m",
            converter = DurationConverter.class,
            description = "Longest wait for all Results, e.g. 90s, 30m, 2h (default: 30m).")
    Duration timeout;

    @Option(
            names = "--providers",
            paramLabel = "FILE.yaml",
            description = "Run with these providers and routes instead of the simulator.")
    Path providersFile;

    @Option(
            names = "--metrics-port",
            paramLabel = "PORT",
            description = {
                "Serve the processor's and connectors' metrics (Prometheus format) at http://127.0.0.1:PORT/metrics,",
                "with /health/live and /health/ready; 0 picks a free port. Without it nothing is recorded."
            })
    Integer metricsPort;

    @Option(names = "--no-progress", description = "Print no progress lines.")
    boolean noProgress;

    @Option(
            names = "--keep-on-interrupt",
            description = {
                "On Ctrl-C, leave the batch to run at the next start instead of cancelling it",
                "(by default its jobs not yet called get CANCELLED Results; either way the output file is written)."
            })
    boolean keepOnInterrupt;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        boolean verbose = CliContext.verbose(spec);
        if (dataDir == null) {
            dataDir = CliContext.of(spec).home().resolve("data");
        }
        // everything the user typed is checked before anything starts: a mistake costs no broker start
        BatchFileArgs.checkInput(input);
        if (partitions < 1) {
            throw new ParameterException(spec.commandLine(), "--partitions must be at least 1");
        }
        BatchFileArgs.checkTimeout(timeout);
        if (metricsPort != null && (metricsPort < 0 || metricsPort > 65535)) {
            throw new ParameterException(
                    spec.commandLine(), "--metrics-port must be between 0 and 65535, not " + metricsPort);
        }
        Path out1 = output != null ? output : defaultOutput(input);
        BatchFileArgs.checkOutput(out1, output != null, input);
        CliContext context = CliContext.of(spec);
        CredentialResolver credentials = new CredentialResolver(context.env()::get);
        EmbeddedStack.Options options = EmbeddedStack.Options.defaults(dataDir)
                .withPartitions(partitions)
                .withMetricsPort(metricsPort)
                .removingOtherProviders();
        if (providersFile != null) {
            ProviderFile.Contents contents = checkedProviders(providersFile, credentials);
            options = options.withProviders(contents.providers(), contents.routes());
        }
        String batchId = BatchRunner.newBatchId();
        BatchInput checked = BatchFileArgs.checkContent(input, batchId, BatchFileReader.DEFAULT_MAX_LINE_BYTES);
        boolean terminal = System.console() != null;
        long startNanos = System.nanoTime();
        long summaryNanos = startNanos;
        EmbeddedStart.Claimed claimed = EmbeddedStart.claim(dataDir, minFreeSpace);
        DataDirLock lock = claimed.lock();
        Path logFile = claimed.log();
        out.println("Starting embedded Roocode (data in " + dataDir + "; log: " + logFile + ") ...");
        out.flush();
        try (DataDirLock held = lock; // the stack releases it too; released here also if the stack never starts
                AutoCloseable brokerExit =
                        EmbeddedStart.reportBrokerExit(err, dataDir, logFile, Runtime.getRuntime()::halt);
                EmbeddedStack stack = EmbeddedStart.start(
                        options,
                        step -> {
                            if (verbose) {
                                out.println("  " + step);
                                out.flush();
                            }
                        },
                        credentials,
                        lock,
                        logFile);
                RoocodeClient client =
                        new RoocodeClient(new ClientConfig(stack.clientProperties()), stack.registry())) {
            // Ctrl-C: cancel the batch (or keep it), write the output file, name the batch, then stop broker, processor
            // and
            // workers cleanly so the next run starts at once
            BatchRunner runner = new BatchRunner(client);
            CountDownLatch written = new CountDownLatch(1);
            Thread stopOnSignal = new Thread(
                    new RunInterrupt(
                            batchId,
                            keepOnInterrupt,
                            id -> cancel(stack, id),
                            runner::interrupt,
                            written,
                            stack::close,
                            err),
                    "roocode-run-shutdown");
            Runtime.getRuntime().addShutdownHook(stopOnSignal);
            BatchSummary summary;
            try {
                if (stack.metricsPort() >= 0) {
                    out.println("Metrics at http://127.0.0.1:" + stack.metricsPort() + "/metrics");
                }
                out.printf(
                        Locale.ROOT,
                        "Ready in %.1f s. Running %s as batch %s%n",
                        (System.nanoTime() - startNanos) / 1e9,
                        input,
                        batchId);
                out.flush();
                log.info("ready in {} ms", millisSince(startNanos));
                ProgressPrinter progress = new ProgressPrinter(out, terminal);
                summary = runner.run(checked, out1, timeout, new PhaseLog(noProgress ? BatchProgress.NONE : progress));
                printSummary(out, summary);
                out.flush();
                summaryNanos = System.nanoTime();
                log.info("summary printed {} ms after the command started", millisSince(startNanos));
            } finally {
                written.countDown();
            }
            if (runner.interrupted()) {
                return 1; // the hook says what happened and stops the stack
            }
            Runtime.getRuntime().removeShutdownHook(stopOnSignal);
            long closeBegin = System.nanoTime();
            client.close();
            stack.close();
            log.info(
                    "client and stack closed in {} ms ({} ms after the summary)",
                    millisSince(closeBegin),
                    millisSince(summaryNanos));
            if (summary.unanswered() > 0) {
                err.println("roocode: " + summary.unanswered() + " lines got no result within "
                        + DurationConverter.format(timeout) + "; they are error lines in " + out1);
                return 1;
            }
            return 0;
        }
    }

    private static long millisSince(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - nanos);
    }

    /** Logs the batch's phases (jobs sent, first Result, last Result) around the progress shown to the user. */
    private static final class PhaseLog implements BatchProgress {
        private final BatchProgress shown;
        private final long begin = System.nanoTime();
        private boolean first = true;

        PhaseLog(BatchProgress shown) {
            this.shown = shown;
        }

        @Override
        public void submitted(long total, long invalid) {
            log.info("{} jobs sent ({} invalid lines) in {} ms", total - invalid, invalid, millisSince(begin));
            shown.submitted(total, invalid);
        }

        @Override
        public void progress(long done, long total) {
            if (first && done > 0) {
                first = false;
                log.info("first Result {} ms after submission began", millisSince(begin));
            }
            if (done == total) {
                log.info("last Result {} ms after submission began", millisSince(begin));
            }
            shown.progress(done, total);
        }
    }

    /** Writes the cancellation of {@code batchId} to the embedded stack, as {@code roocode batches cancel} does. */
    private static void cancel(EmbeddedStack stack, String batchId) {
        try (Connection cluster = new Connection(
                Map.of(
                        Connection.BOOTSTRAP_SERVERS,
                        stack.bootstrapServers(),
                        Connection.SCHEMA_REGISTRY_URL,
                        stack.schemaRegistryUrl(),
                        Connection.TOPIC_PREFIX,
                        stack.topics().prefix()),
                Duration.ofSeconds(10))) {
            BatchCancellations.cancel(cluster, batchId, "run interrupted");
        }
    }

    /** Reads and checks the providers file up front, so a missing key is one line before anything starts. */
    private static ProviderFile.Contents checkedProviders(Path file, CredentialResolver credentials) {
        ProviderFile.Contents contents = ProviderFile.read(file);
        if (contents.providers().isEmpty()) {
            throw CliException.usage(file + ": no providers; see docs/providers-file.md");
        }
        for (ProviderConfig provider : contents.providers()) {
            ProviderFile.requireKey(file.getFileName().toString(), provider);
            if (!ProviderAdapters.types().contains(provider.getType())) {
                throw CliException.usage(file + ": provider " + provider.getName()
                        + ": the connectors of this build cannot call type " + provider.getType() + " yet (they know "
                        + String.join(", ", ProviderAdapters.types()) + ")");
            }
            try {
                credentials.resolve(provider);
            } catch (IllegalStateException e) {
                throw CliException.usage(file + ": " + e.getMessage());
            }
        }
        return contents;
    }

    public static Path defaultOutput(Path input) {
        String name = input.getFileName().toString();
        String base = name.endsWith(".jsonl") ? name.substring(0, name.length() - ".jsonl".length()) : name;
        return input.resolveSibling(base + ".results.jsonl");
    }

    /** Prints what a batch did, as {@code run} and {@code submit --wait} show it. */
    public static void printSummary(PrintWriter out, BatchSummary s) {
        double seconds = s.elapsed().toMillis() / 1000.0;
        out.printf(
                Locale.ROOT,
                "%nBatch %s: %d lines in %.1f s (%.1f jobs/s)%n",
                s.batchId(),
                s.lines(),
                seconds,
                s.jobsPerSecond());
        out.printf(Locale.ROOT, "  succeeded  %d%n", s.succeeded());
        out.printf(Locale.ROOT, "  failed     %d%n", s.failed());
        out.printf(Locale.ROOT, "  invalid    %d%n", s.invalid());
        if (s.unanswered() > 0) {
            out.printf(Locale.ROOT, "  no result  %d%n", s.unanswered());
        }
        out.printf(Locale.ROOT, "  served by  %s%n", ServedBy.line(s.byProvider(), s.withoutProvider()));
        out.printf(Locale.ROOT, "  tokens     %d in, %d out%n", s.inputTokens(), s.outputTokens());
        out.printf(Locale.ROOT, "  cost       $%.6f%n", s.costUsd());
        out.printf(Locale.ROOT, "Results: %s%n", s.output());
        out.flush();
    }
}
