package dev.roocode.sandbox.simulator;

import dev.roocode.sandbox.simulator.batch.BatchSettings;
import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.function.UnaryOperator;

/**
 * Runs a {@link ProviderSimulator} as its own process until killed, printing its base URL on stdout.
 *
 * <pre>
 * java -cp ... dev.roocode.sandbox.simulator.SimulatorMain [--port N] [--host ADDR] [--api-key-env VAR] [--seed N]
 *     [--batch-turnaround-ms N] [--batch-window-ms N] [--batch-failed-pct P] [--batch-expired-pct P]
 *     [--batch-expire-nth N]
 * </pre>
 *
 * <p>The batch options set {@link BatchSettings}: the turnaround of every batch, a cap on its completion
 * window (so an expiry happens in compressed time), the percentage (0..100, decimals allowed) of lines that
 * fail or are left to expire, and the n-th batch created, which expires whole.
 *
 * <p>The API key is read from the named environment variable so it never appears on a command line; exit
 * code 2 for bad arguments.
 */
public final class SimulatorMain {

    private static final String USAGE = "usage: SimulatorMain [--port N] [--host ADDR] [--api-key-env VAR] [--seed N]"
            + " [--batch-turnaround-ms N] [--batch-window-ms N] [--batch-failed-pct P] [--batch-expired-pct P]"
            + " [--batch-expire-nth N]";

    private SimulatorMain() {}

    /** Starts the simulator and blocks until the JVM shuts down. */
    public static void main(String[] args) throws InterruptedException {
        ProviderSimulator simulator;
        try {
            simulator = parse(args, System::getenv).build();
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        }
        simulator.start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            simulator.close();
                            stopped.countDown();
                        },
                        "simulator-shutdown"));
        PrintStream out = System.out;
        out.println(simulator.url());
        out.flush();
        stopped.await();
    }

    /** Reads the command line into a builder; {@code env} looks up environment variables. */
    static ProviderSimulator.Builder parse(String[] args, UnaryOperator<String> env) {
        ProviderSimulator.Builder builder = ProviderSimulator.builder();
        BatchSettings batch = BatchSettings.DEFAULTS;
        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            if (option.equals("--help") || option.equals("-h")) {
                throw new IllegalArgumentException("Starts the Roocode provider simulator.");
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("missing value after " + option);
            }
            String value = args[++i];
            switch (option) {
                case "--port" -> builder.port(integer(option, value));
                case "--host" -> builder.host(value);
                case "--seed" -> builder.seed(integer(option, value));
                case "--api-key-env" -> {
                    String key = env.apply(value);
                    if (key == null || key.isBlank()) {
                        throw new IllegalArgumentException("environment variable " + value + " is not set");
                    }
                    builder.apiKey(key);
                }
                case "--batch-turnaround-ms" -> batch = batch.withTurnaround(Duration.ofMillis(integer(option, value)));
                case "--batch-window-ms" -> batch = batch.withWindow(Duration.ofMillis(integer(option, value)));
                case "--batch-failed-pct" -> batch = batch.withFailedFraction(percent(option, value));
                case "--batch-expired-pct" -> batch = batch.withExpiredFraction(percent(option, value));
                case "--batch-expire-nth" -> batch = batch.withExpireNth(integer(option, value));
                default -> throw new IllegalArgumentException("unknown option " + option);
            }
        }
        return builder.batchSettings(batch);
    }

    private static double percent(String option, String value) {
        try {
            double pct = Double.parseDouble(value);
            if (!(pct >= 0 && pct <= 100)) {
                throw new IllegalArgumentException(option + " needs a percentage 0..100, got '" + value + "'");
            }
            return pct / 100;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " needs a percentage 0..100, got '" + value + "'");
        }
    }

    private static int integer(String option, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " needs an integer, got '" + value + "'");
        }
    }
}
