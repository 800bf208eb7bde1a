package dev.roocode.cli.sandbox;

import dev.roocode.api.ApiServices;
import dev.roocode.cli.common.CliContext;
import dev.roocode.cli.common.DurationConverter;
import dev.roocode.cli.common.SizeConverter;
import dev.roocode.cli.connection.Connection;
import dev.roocode.cli.connection.Profiles;
import dev.roocode.cli.embedded.DataDirLock;
import dev.roocode.cli.embedded.EmbeddedStack;
import dev.roocode.cli.embedded.EmbeddedStart;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code roocode sandbox}: an embedded Roocode that keeps running until Ctrl-C, for the other commands to talk to. */
@Command(
        name = "sandbox",
        mixinStandardHelpOptions = true,
        description = {
            "Start a whole Roocode in this process (Kafka broker, schema registry, provider simulator, processor,",
            "connectors, the OpenAI-compatible HTTP API) and keep it running until Ctrl-C. Data stays in --data-dir across restarts: providers, routes,",
            "batches and results survive. Saves the connection as profile 'sandbox', so other commands reach it with",
            "--profile sandbox (or ROOCODE_PROFILE=sandbox for every command of a shell).",
            ""
        },
        footer = {
            "",
            "Examples:",
            "  roocode sandbox",
            "  roocode sandbox --data-dir /tmp/rc --partitions 8",
            "  roocode sandbox --metrics-port 9464          (Prometheus scrapes 127.0.0.1:9464/metrics)",
            "  roocode sandbox --api-port 0                 (the HTTP API on any free port)",
            "  # in another terminal:",
            "  roocode providers list --profile sandbox      (or: export ROOCODE_PROFILE=sandbox)",
            "  roocode keys create --tenant dev --profile sandbox   (a key for the HTTP API; see docs/http-api.md)",
            "",
            "Exit codes: 0 stopped by Ctrl-C, 1 could not start."
        })
public final class SandboxCommand implements Callable<Integer> {
    /** Name of the profile written on start. */
    public static final String PROFILE = "sandbox";
    /** How long the start waits for the API to be ready before it says it is still starting. */
    private static final Duration API_READY_TIMEOUT = Duration.ofSeconds(60);

    @Spec
    CommandSpec spec;

    @Option(
            names = "--data-dir",
            paramLabel = "DIR",
            description = "Data and log folder (default: ~/.roocode/sandbox or $ROOCODE_HOME/sandbox).")
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
            names = "--metrics-port",
            paramLabel = "PORT",
            description = {
                "Serve the processor's and connectors' metrics (Prometheus format) at http://127.0.0.1:PORT/metrics,",
                "with /health/live and /health/ready; 0 picks a free port. Without it nothing is recorded."
            })
    Integer metricsPort;

    @Option(
            names = "--api-port",
            paramLabel = "PORT",
            description = {
                "Serve the OpenAI-compatible HTTP API at http://127.0.0.1:PORT/v1 (0: a free port).",
                "Default: the port of the previous start in --data-dir if free, else 8080 if free, else any."
            })
    Integer apiPort;

    @Option(names = "--no-profile", description = "Do not save the connection as profile 'sandbox'.")
    boolean noProfile;

    /** For tests and scripts: stop after this long instead of waiting for Ctrl-C. */
    @Option(names = "--run-for", hidden = true, converter = DurationConverter.class)
    Duration runFor;

    /** The --run-for waits of the sandboxes running in this JVM (test hook: {@link #endRunFor()}). */
    private static final Set<CountDownLatch> RUNNING_FOR = ConcurrentHashMap.newKeySet();

    /**
     * Test hook: ends the --run-for wait of every sandbox of this JVM now, so each stops as if its time were up
     * (a test that is done with a sandbox need not wait out a --run-for long enough for a loaded machine).
     */
    static void endRunFor() {
        RUNNING_FOR.forEach(CountDownLatch::countDown);
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        boolean verbose = CliContext.verbose(spec);
        if (dataDir == null) {
            dataDir = CliContext.of(spec).home().resolve("sandbox");
        }
        if (metricsPort != null && (metricsPort < 0 || metricsPort > 65535)) {
            throw new ParameterException(
                    spec.commandLine(), "--metrics-port must be between 0 and 65535, not " + metricsPort);
        }
        if (apiPort != null && (apiPort < 0 || apiPort > 65535)) {
            throw new ParameterException(spec.commandLine(), "--api-port must be between 0 and 65535, not " + apiPort);
        }
        EmbeddedStart.Claimed claimed = EmbeddedStart.claim(dataDir, minFreeSpace);
        DataDirLock lock = claimed.lock();
        Path log = claimed.log();
        long start = System.nanoTime();
        out.println("Starting embedded Roocode (data in " + dataDir + "; log: " + log + ") ...");
        out.flush();
        CountDownLatch stopped = new CountDownLatch(1);
        if (runFor != null) {
            RUNNING_FOR.add(stopped); // before the profile is saved: a test may end the wait as soon as it sees it
        }
        PrintWriter err = spec.commandLine().getErr();
        try (DataDirLock held = lock; // the stack releases it too; released here also if the stack never starts
                AutoCloseable brokerExit =
                        EmbeddedStart.reportBrokerExit(err, dataDir, log, Runtime.getRuntime()::halt);
                EmbeddedStack stack = EmbeddedStart.start(
                        EmbeddedStack.Options.defaults(dataDir)
                                .withPartitions(partitions)
                                .withMetricsPort(metricsPort),
                        step -> {
                            if (verbose) {
                                out.println("  " + step);
                                out.flush();
                            }
                        },
                        new dev.roocode.connectors.worker.CredentialResolver(),
                        lock,
                        log)) {
            Thread onSignal = new Thread(
                    () -> {
                        stack.close();
                        stopped.countDown();
                    },
                    "roocode-sandbox-shutdown");
            Runtime.getRuntime().addShutdownHook(onSignal);
            ApiServices api = stack.startSandboxApi(apiPort);
            boolean apiReady = awaitReady(api, API_READY_TIMEOUT);
            out.printf(Locale.ROOT, "Ready in %.1f s.%n", (System.nanoTime() - start) / 1e9);
            out.println("  bootstrap servers    " + stack.bootstrapServers());
            out.println("  schema registry      " + stack.schemaRegistryUrl());
            out.println("  provider simulator   " + stack.simulator().url() + "   (provider '"
                    + EmbeddedStack.SIMULATOR_PROVIDER + "', every model)");
            out.println("  OpenAI-compatible API: " + api.baseUrl()
                    + (apiReady ? "" : "   (still starting: GET /health/ready says when it is ready)"));
            out.println("                       a key: roocode keys create --tenant T --profile " + PROFILE);
            out.println("  Console: " + api.consoleUrl() + "   (an admin key: roocode keys create --admin --profile "
                    + PROFILE + ")");
            if (stack.metricsPort() >= 0) {
                out.println("  metrics              http://127.0.0.1:" + stack.metricsPort() + "/metrics");
            }
            for (String notice : stack.notices()) {
                out.println("  note: " + notice);
            }
            if (!noProfile) {
                CliContext context = CliContext.of(spec);
                Map<String, String> settings = new LinkedHashMap<>();
                settings.put(Connection.BOOTSTRAP_SERVERS, stack.bootstrapServers());
                settings.put(Connection.SCHEMA_REGISTRY_URL, stack.schemaRegistryUrl());
                Path file = new Profiles(context.configDir(), context::masterKeys).save(PROFILE, settings);
                out.println("  profile              " + PROFILE + " (" + file + ")");
            }
            out.println("Use it from another terminal:");
            out.println("  export ROOCODE_BOOTSTRAP_SERVERS=" + stack.bootstrapServers()
                    + " ROOCODE_SCHEMA_REGISTRY_URL=" + stack.schemaRegistryUrl());
            out.println("  or: export ROOCODE_PROFILE=" + PROFILE + "   (or --profile " + PROFILE
                    + " on each command). Stop with Ctrl-C.");
            out.flush();
            if (runFor != null) {
                stopped.await(runFor.toMillis(), TimeUnit.MILLISECONDS);
                Runtime.getRuntime().removeShutdownHook(onSignal);
            } else {
                stopped.await();
            }
        } finally {
            RUNNING_FOR.remove(stopped);
        }
        out.println("Stopped; data kept in " + dataDir);
        out.flush();
        return 0;
    }

    /** Whether the API's endpoint groups got ready within {@code timeout} (their consumers assigned, state read). */
    private static boolean awaitReady(ApiServices api, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!api.server().ready()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(100);
        }
        return true;
    }
}
