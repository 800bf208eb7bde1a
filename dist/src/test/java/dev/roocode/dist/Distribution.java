package dev.roocode.dist;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The unpacked tarball ({@code roocode-<version>/}) and its launchers run as real processes with their
 * own environment: nothing {@code ROOCODE_*} leaks in from the test's, and {@code HOME} is a folder of
 * the test so the command's profiles and log stay there.
 */
final class Distribution {
    private final Path home;
    private final Path work;

    private Distribution(Path home, Path work) {
        this.home = home;
        this.work = work;
    }

    /** Unpacks {@code tarball} into {@code dir} with {@code tar}, as a user would. */
    static Distribution unpack(Path tarball, String version, Path dir) throws IOException, InterruptedException {
        if (!Files.isRegularFile(tarball)) {
            throw new IllegalStateException("no distribution at " + tarball + ": run mvn package in dist first");
        }
        Process tar = new ProcessBuilder("tar", "xzf", tarball.toString(), "-C", dir.toString())
                .redirectErrorStream(true)
                .start();
        String output = new String(tar.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!tar.waitFor(60, TimeUnit.SECONDS) || tar.exitValue() != 0) {
            throw new IllegalStateException("cannot unpack " + tarball + ": " + output);
        }
        Path work = Files.createDirectories(dir.resolve("work"));
        return new Distribution(dir.resolve("roocode-" + version), work);
    }

    Path home() {
        return home;
    }

    Path work() {
        return work;
    }

    /** Starts {@code bin/<launcher> args...}; stdout and stderr go to {@code work/<name>.out}. */
    Launched start(String name, Map<String, String> env, String launcher, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(home.resolve("bin").resolve(launcher).toString());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(work.toFile());
        Map<String, String> environment = builder.environment();
        environment.keySet().removeIf(k -> k.startsWith("ROOCODE_"));
        environment.put("HOME", work.resolve("home").toString());
        environment.putAll(env);
        Path output = work.resolve(name + ".out");
        builder.redirectErrorStream(true).redirectOutput(output.toFile());
        return new Launched(name, builder.start(), output);
    }

    /** Runs {@code bin/<launcher> args...} to its end (at most {@code timeoutSeconds}). */
    Launched run(String name, Map<String, String> env, long timeoutSeconds, String launcher, String... args)
            throws IOException, InterruptedException {
        Launched launched = start(name, env, launcher, args);
        if (!launched.process().waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            launched.process().destroyForcibly();
            throw new AssertionError(name + " did not finish within " + timeoutSeconds + " s:\n" + launched.output());
        }
        return launched;
    }

    static Map<String, String> env(String... keyValues) {
        Map<String, String> env = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            env.put(keyValues[i], keyValues[i + 1]);
        }
        return env;
    }

    /** A launched process and the file holding its output. */
    record Launched(String name, Process process, Path outputFile) {
        String output() {
            try {
                return Files.exists(outputFile) ? Files.readString(outputFile, StandardCharsets.UTF_8) : "";
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        int exitCode() {
            return process.exitValue();
        }

        /** SIGTERM (what {@link Process#destroy()} sends on Unix) and the exit code, or -1 if it did not stop. */
        int terminate(long timeoutSeconds) throws InterruptedException {
            process.destroy();
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                return -1;
            }
            return process.exitValue();
        }
    }
}
