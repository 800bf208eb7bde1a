package dev.roocode.sandbox.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A service main ({@code ProcessorMain}, {@code ConnectorsMain}) started as a child JVM on this
 * JVM's class path, with a properties file and environment, its stdout and stderr in separate
 * files. {@link #terminate()} sends SIGTERM ({@link Process#destroy()} on Linux), {@link #close()}
 * SIGKILLs whatever is still running and deletes the folder (a failing assertion carries
 * {@link #output()} instead).
 */
public final class ServiceProcess implements AutoCloseable {
    /** The start-up line's http address. */
    private static final Pattern HTTP = Pattern.compile("; http: http://([^:\\s]+):(\\d+)");

    private final Process process;
    private final Path dir;
    private final Path stdout;
    private final Path stderr;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private ServiceProcess(Process process, Path dir, Path stdout, Path stderr) {
        this.process = process;
        this.dir = dir;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /**
     * Starts {@code mainClass} with {@code settings} written to a properties file (its only argument,
     * unless {@code settings} is null: then no argument) and {@code env} added to this JVM's environment.
     */
    public static ServiceProcess start(String mainClass, Map<String, String> settings, Map<String, String> env)
            throws IOException {
        Path dir = Files.createTempDirectory("roocode-service");
        List<String> args = new ArrayList<>();
        if (settings != null) {
            Path file = dir.resolve("service.properties");
            Properties properties = new Properties();
            properties.putAll(settings);
            try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                properties.store(out, null);
            }
            args.add(file.toString());
        }
        return start(mainClass, args, env, dir);
    }

    /** Starts {@code mainClass} with raw {@code args}, its output in {@code dir} (deleted by {@link #close()}). */
    private static ServiceProcess start(String mainClass, List<String> args, Map<String, String> env, Path dir)
            throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of("-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass);
        command.addAll(args);
        Path out = dir.resolve("stdout.log");
        Path err = dir.resolve("stderr.log");
        ProcessBuilder builder =
                new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("ROOCODE_"));
        builder.environment().putAll(env);
        return new ServiceProcess(builder.start(), dir, out, err);
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public String stdout() {
        return read(stdout);
    }

    public String stderr() {
        return read(stderr);
    }

    /** Both streams, for assertion messages. */
    public String output() {
        return "--- stdout\n" + stdout() + "\n--- stderr\n" + stderr();
    }

    /** Waits until stdout or stderr holds a line matching {@code line}; fails when the process exits first. */
    public String awaitLine(Predicate<String> line, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (String text : List.of(stdout(), stderr())) {
                for (String candidate : text.split("\n")) {
                    if (line.test(candidate)) {
                        return candidate;
                    }
                }
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("exited with " + process.exitValue() + "\n" + output());
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("no such line within " + timeout + "\n" + output());
    }

    /** The port of the health endpoint, read from the start-up line. */
    public int httpPort(Duration timeout) throws InterruptedException {
        String line = awaitLine(l -> HTTP.matcher(l).find(), timeout);
        Matcher matcher = HTTP.matcher(line);
        matcher.find();
        return Integer.parseInt(matcher.group(2));
    }

    /** The status of {@code GET http://127.0.0.1:port/path}, or -1 when nothing answers. */
    public int get(int port, String path) throws InterruptedException {
        try {
            return http.send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                                    .timeout(Duration.ofSeconds(5))
                                    .build(),
                            HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (IOException e) {
            return -1;
        }
    }

    /** Waits until {@code GET path} answers {@code status}. */
    public void awaitStatus(int port, String path, int status, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (get(port, path) == status) {
                return;
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("exited with " + process.exitValue() + "\n" + output());
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException(path + " did not answer " + status + " within " + timeout + "\n" + output());
    }

    /** SIGTERM. */
    public void terminate() {
        process.destroy();
    }

    /** Waits for the exit and returns its code; fails after {@code timeout}. */
    public int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("still running after " + timeout + "\n" + output());
        }
        return process.exitValue();
    }

    @Override
    public void close() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder())
                    .forEach(file -> file.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // a temporary folder left behind is harmless
        }
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "";
        }
    }
}
