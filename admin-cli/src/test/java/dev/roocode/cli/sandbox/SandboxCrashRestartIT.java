package dev.roocode.cli.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roocode.cli.testing.Cli;
import dev.roocode.schemas.batch.BatchOutputLine;
import dev.roocode.schemas.batch.BatchOutputReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code roocode sandbox} in a child JVM, SIGKILLed and started again on the same data folder, idle
 * and with jobs in flight: each restart joins its consumer groups within 30 s of starting the processor
 * (no wait for the killed process's members), is ready within 90 s of its JVM's start (30 s on an idle
 * machine: {@code -Droocode.sandbox.readyWithinSeconds=30}), on the same ports, and a
 * {@code submit --wait} running across a kill finishes with every Result. The number of kills is
 * {@code -Droocode.sandbox.kills}, every other one with jobs in flight: 2 by default (one idle, one
 * busy, so {@code mvn verify} stays within its time); the full run of 5 idle and 5 busy kills is
 * {@code -Droocode.sandbox.kills=10} (~8 min on a loaded 2-core machine).
 */
class SandboxCrashRestartIT {
    private static final int KILLS = Integer.getInteger("roocode.sandbox.kills", 2);
    /**
     * From the restarted JVM's start to ready. JVM start, the broker's start (17-27 s alone on a 2-core
     * machine at load 15-18) and the processor's restore are CPU-bound, so the default leaves room for a
     * loaded build machine; on an idle one, run with {@code -Droocode.sandbox.readyWithinSeconds=30}.
     */
    private static final Duration READY_WITHIN =
            Duration.ofSeconds(Integer.getInteger("roocode.sandbox.readyWithinSeconds", 90));
    /** From "starting processor" to ready: the consumer groups' join, where a dead member used to hold the restart for minutes. */
    private static final Duration JOINED_WITHIN =
            Duration.ofSeconds(Integer.getInteger("roocode.sandbox.joinedWithinSeconds", 30));

    private static final Pattern BROKER_STARTED = Pattern.compile("Kafka broker \\S+ started on \\S+ in (\\d+) ms");
    private static final Pattern STEP = Pattern.compile("start step '([^']+)' took (\\d+) ms");
    private static final Pattern BOOTSTRAP = Pattern.compile("bootstrap servers\\s+(\\S+)");
    private static final Pattern REGISTRY = Pattern.compile("schema registry\\s+(http\\S+)");

    @TempDir
    Path dir;

    @Test
    void shouldJoinWithin30SecondsOnTheSamePortsAfterEachKillIdleOrBusy() throws Exception {
        Path data = dir.resolve("data");
        Cli machine = new Cli(dir.resolve("home"));
        Sandbox sandbox = Sandbox.start(machine, data, dir.resolve("sandbox-0.log"));
        Process waiting = null;
        Path waitedOut = dir.resolve("waited-results.jsonl");
        int waitedJobs = 100;
        List<String> times = new ArrayList<>();
        try {
            sandbox.awaitReady(Duration.ofSeconds(180)); // first start: cold JVM, formats the broker
            machine.cluster(sandbox.bootstrapServers, sandbox.registryUrl);
            for (int kill = 1; kill <= KILLS; kill++) {
                boolean busy = kill % 2 == 0;
                if (kill == 2) {
                    // a client waiting for its batch's Results across the crash, as a user's terminal would
                    Path input = jobs("waited", waitedJobs, "sim-latency-1500");
                    waiting = startCli(
                            machine,
                            dir.resolve("submit-wait.log"),
                            "submit",
                            input.toString(),
                            "--wait",
                            "--out",
                            waitedOut.toString(),
                            "--timeout",
                            "200s",
                            "--no-progress");
                    awaitLine(dir.resolve("submit-wait.log"), "Submitted batch", waiting, Duration.ofSeconds(60));
                } else if (busy) {
                    Path input = jobs("busy-" + kill, 300, "sim-latency-2000");
                    Cli.Run submitted = machine.run("submit", input.toString());
                    assertThat(submitted.exit()).as(submitted.toString()).isZero();
                }
                sandbox.kill();

                Sandbox restarted = Sandbox.start(machine, data, dir.resolve("sandbox-" + kill + ".log"));
                long begin = System.nanoTime();
                restarted.awaitReady(Duration.ofSeconds(120));
                double seconds = (System.nanoTime() - begin) / 1e9;
                double joining = (restarted.readyAt - restarted.processorStartingAt) / 1e9;
                Matcher broker = BROKER_STARTED.matcher(restarted.log());
                times.add(String.format(
                        Locale.ROOT,
                        "%s %.1f s (broker %s ms, processor+connectors %.1f s; steps %s)",
                        busy ? "busy" : "idle",
                        seconds,
                        broker.find() ? broker.group(1) : "?",
                        joining,
                        steps(restarted.log())));
                assertThat(joining)
                        .as(
                                "seconds from 'starting processor' to ready after kill %d (%s); log:%n%s",
                                kill, busy ? "busy" : "idle", restarted.log())
                        .isLessThan(JOINED_WITHIN.toSeconds());
                assertThat(seconds)
                        .as(
                                "seconds to ready after kill %d (%s); log:%n%s",
                                kill, busy ? "busy" : "idle", restarted.log())
                        .isLessThan(READY_WITHIN.toSeconds());
                assertThat(restarted.bootstrapServers)
                        .as("bootstrap servers after kill " + kill)
                        .isEqualTo(sandbox.bootstrapServers);
                assertThat(restarted.registryUrl)
                        .as("registry URL after kill " + kill)
                        .isEqualTo(sandbox.registryUrl);
                sandbox = restarted;
                if (waiting != null) {
                    // its jobs finish on the restarted sandbox, before the next kill
                    assertThat(waiting.waitFor(200, TimeUnit.SECONDS))
                            .as("submit --wait finished")
                            .isTrue();
                    String log = Files.readString(dir.resolve("submit-wait.log"));
                    assertThat(waiting.exitValue()).as(log).isZero();
                    List<BatchOutputLine> results = BatchOutputReader.read(waitedOut);
                    assertThat(results)
                            .as(log)
                            .hasSize(waitedJobs)
                            .allSatisfy(line ->
                                    assertThat(line.error()).as(line.customId()).isNull());
                    waiting = null;
                }
            }
        } finally {
            System.out.println("--- sandbox ready after SIGKILL (from the restarted JVM's start): " + times);
            sandbox.kill();
            if (waiting != null) {
                waiting.destroyForcibly().waitFor();
            }
        }
    }

    /** The stack's own timing of each start step ("start step 'X' took N ms"), from a sandbox's output (tests log to the console). */
    private static String steps(String log) {
        Matcher step = STEP.matcher(log);
        List<String> steps = new ArrayList<>();
        while (step.find()) {
            steps.add(step.group(1).replace("starting ", "") + " " + step.group(2));
        }
        return steps.toString();
    }

    private Path jobs(String name, int n, String model) throws IOException {
        List<String> lines = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            lines.add("{\"custom_id\":\"" + name + "-" + i
                    + "\",\"method\":\"POST\",\"url\":\"/v1/chat/completions\",\"body\":{\"model\":\"" + model
                    + "\",\"messages\":[{\"role\":\"user\",\"content\":\"Say hi to " + i + "\"}],\"max_tokens\":20}}");
        }
        return Files.write(dir.resolve(name + ".jsonl"), lines);
    }

    private static Process startCli(Cli machine, Path log, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-cp",
                System.getProperty("java.class.path"),
                "dev.roocode.cli.Main"));
        command.addAll(List.of(args));
        ProcessBuilder builder =
                new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(machine.env());
        return builder.start();
    }

    private static void awaitLine(Path log, String text, Process child, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(log) && Files.readString(log).contains(text)) {
                return;
            }
            if (!child.isAlive()) {
                throw new AssertionError(
                        "exited " + child.exitValue() + " before printing '" + text + "':\n" + Files.readString(log));
            }
            Thread.sleep(50);
        }
        throw new AssertionError(
                "no '" + text + "' within " + timeout + ":\n" + (Files.exists(log) ? Files.readString(log) : ""));
    }

    /** One {@code roocode sandbox} child JVM. */
    private static final class Sandbox {
        final Process process;
        final Path log;
        String bootstrapServers;
        String registryUrl;
        long processorStartingAt;
        long readyAt;

        private Sandbox(Process process, Path log) {
            this.process = process;
            this.log = log;
        }

        static Sandbox start(Cli machine, Path data, Path log) throws IOException {
            List<String> command = List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx512m",
                    "-cp",
                    System.getProperty("java.class.path"),
                    "dev.roocode.cli.Main",
                    "sandbox",
                    "--data-dir",
                    data.toString(),
                    "--no-profile",
                    "--min-free-space",
                    "0",
                    "--verbose");
            ProcessBuilder builder =
                    new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().putAll(machine.env());
            builder.environment().remove("ROOCODE_BOOTSTRAP_SERVERS");
            builder.environment().remove("ROOCODE_SCHEMA_REGISTRY_URL");
            return new Sandbox(builder.start(), log);
        }

        void awaitReady(Duration timeout) throws Exception {
            long deadline = System.nanoTime() + timeout.toNanos();
            String out = "";
            while (!out.contains("Use it from another terminal")) {
                if (System.nanoTime() > deadline || !process.isAlive()) {
                    throw new AssertionError(
                            "not ready within " + timeout + " (alive: " + process.isAlive() + "):\n" + out);
                }
                Thread.sleep(20);
                out = Files.exists(log) ? Files.readString(log) : "";
                if (processorStartingAt == 0 && out.contains("starting processor")) {
                    processorStartingAt = System.nanoTime();
                }
            }
            readyAt = System.nanoTime();
            if (processorStartingAt == 0) {
                processorStartingAt = readyAt; // both seen in one read
            }
            Matcher bootstrap = BOOTSTRAP.matcher(out);
            Matcher registry = REGISTRY.matcher(out);
            assertThat(bootstrap.find() && registry.find()).as(out).isTrue();
            bootstrapServers = bootstrap.group(1);
            registryUrl = registry.group(1);
        }

        String log() throws IOException {
            return Files.readString(log);
        }

        /** SIGKILL: no shutdown hook, no leave-group, no commit. */
        void kill() throws InterruptedException {
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }
}
