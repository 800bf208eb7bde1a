package dev.roocode.bench.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * One child JVM on the bench's own class path, its stdout and stderr appended to a log file. {@link #kill()}
 * is a real SIGKILL ({@link Process#destroyForcibly()}): no shutdown hook, no commit, no leave-group.
 */
public final class JvmProcess implements AutoCloseable {
    /** Launch flags of every child: the HttpClient fix from PERFORMANCE.md and a bounded heap. */
    static final List<String> DEFAULT_JVM_FLAGS = List.of(
            "-Xms256m",
            "-Xmx1g",
            "-XX:+UseG1GC",
            "-Djava.util.concurrent.ForkJoinPool.common.parallelism=4",
            "-Djava.awt.headless=true");

    private final String name;
    private final Process process;
    private final Path log;
    private final long logStart;

    private JvmProcess(String name, Process process, Path log, long logStart) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.logStart = logStart;
    }

    /** Starts {@code mainClass} with {@code args}, extra JVM flags and extra environment variables. */
    public static JvmProcess start(
            String name,
            String mainClass,
            List<String> args,
            List<String> jvmFlags,
            Map<String, String> env,
            Path logDir)
            throws IOException {
        Files.createDirectories(logDir);
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(DEFAULT_JVM_FLAGS);
        command.addAll(jvmFlags);
        command.add("-cp");
        command.add(classPath());
        command.add(mainClass);
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        Path log = logDir.resolve(name + ".log");
        long logStart = Files.exists(log) ? Files.size(log) : 0;
        builder.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(env);
        return new JvmProcess(name, builder.start(), log, logStart);
    }

    /**
     * Starts {@code command} as it is (e.g. a distribution's {@code bin/} launcher, which execs its JVM), with
     * extra environment variables; output appended to {@code logDir/<name>.log} like the other children.
     */
    public static JvmProcess launch(String name, List<String> command, Map<String, String> env, Path logDir)
            throws IOException {
        Files.createDirectories(logDir);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        Path log = logDir.resolve(name + ".log");
        long logStart = Files.exists(log) ? Files.size(log) : 0;
        builder.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(env);
        return new JvmProcess(name, builder.start(), log, logStart);
    }

    /** The class path of children: {@code bench.classpath} if set, else this JVM's own. */
    static String classPath() {
        return System.getProperty("bench.classpath", System.getProperty("java.class.path"));
    }

    public String name() {
        return name;
    }

    public long pid() {
        return process.pid();
    }

    public Path log() {
        return log;
    }

    /**
     * CPU time this process and its live descendants have used so far (user + system), if the OS tells. A
     * launcher script that execs its JVM has no descendants; one that forks it counts through them.
     */
    public Optional<Duration> cpu() {
        Optional<Duration> own = process.info().totalCpuDuration();
        if (own.isEmpty()) {
            return own;
        }
        Duration total = own.get();
        for (ProcessHandle child : process.descendants().toList()) {
            total = total.plus(child.info().totalCpuDuration().orElse(Duration.ZERO));
        }
        return Optional.of(total);
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** SIGKILL (of its descendants too, should a launcher have forked its JVM), then waits until it is gone. */
    public void kill() throws InterruptedException {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM (to its descendants too) without waiting: shutdown hooks run; see {@link #awaitExit}. */
    public void terminate() {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
    }

    /** Waits up to {@code timeoutMs} for the process to exit; its exit code, or empty if still running. */
    public Optional<Integer> awaitExit(long timeoutMs) throws InterruptedException {
        return process.waitFor(timeoutMs, TimeUnit.MILLISECONDS) ? Optional.of(process.exitValue()) : Optional.empty();
    }

    /** SIGTERM (shutdown hooks run), then SIGKILL after {@code graceSeconds}. */
    public void stop(int graceSeconds) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(graceSeconds, TimeUnit.SECONDS)) {
            kill();
        }
    }

    /** Waits until this run's part of the log contains {@code marker}; fails early when the process dies. */
    public void awaitLog(String marker, long timeoutMs) throws IOException, InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMs;
        while (System.currentTimeMillis() < deadline) {
            if (Files.exists(log) && ownLog().contains(marker)) {
                return;
            }
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + "; see " + log);
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException(name + " did not log '" + marker + "' within " + timeoutMs + " ms; see " + log);
    }

    /** What this process has written to its log so far (earlier runs of the same name excluded). */
    public String ownLog() throws IOException {
        byte[] all = Files.readAllBytes(log);
        return new String(
                all,
                (int) Math.min(logStart, all.length),
                (int) Math.max(0, all.length - logStart),
                StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            stop(15);
        }
    }
}
