package dev.roocode.bench.cluster;

import dev.roocode.connectors.worker.ConnectorsMain;
import dev.roocode.processor.ProcessorMain;
import dev.roocode.sandbox.registry.RegistryMain;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * An unpacked Roocode distribution ({@code roocode-<version>/}): the {@code bin/} launchers that start each
 * service as a process, {@code bin/<launcher> CONFIG} with {@code ROOCODE_HEAP_OPTS}, {@code ROOCODE_JVM_OPTS},
 * {@code ROOCODE_LOG_DIR} and {@code ROOCODE_*} overrides in the environment. {@link #standIn} writes launchers of
 * the same contract over the bench's class path, for a branch that has no distribution built yet.
 *
 * @param home the distribution's top folder (holding {@code bin/})
 */
public record Distribution(Path home) {
    public static final String PROCESSOR = "roocode-processor";
    public static final String CONNECTORS = "roocode-connectors";
    public static final String REGISTRY = "roocode-registry";
    private static final List<String> LAUNCHERS = List.of(PROCESSOR, CONNECTORS, REGISTRY);

    /**
     * The distribution unpacked at {@code home}; an {@link IllegalArgumentException} naming the first launcher that is
     * missing or not executable.
     */
    public static Distribution at(Path home) {
        Path absolute = home.toAbsolutePath().normalize();
        for (String launcher : LAUNCHERS) {
            Path bin = absolute.resolve("bin").resolve(launcher);
            if (!Files.isRegularFile(bin) || !Files.isExecutable(bin)) {
                throw new IllegalArgumentException("not an unpacked Roocode distribution: no executable " + bin
                        + " (give --dist the roocode-<version>/ folder the tarball unpacks to)");
            }
        }
        return new Distribution(absolute);
    }

    /** The command that starts {@code launcher} with {@code config}. */
    public List<String> command(String launcher, Path config) {
        return List.of(home.resolve("bin").resolve(launcher).toString(), config.toString());
    }

    /**
     * Writes a stand-in distribution into {@code home}: {@code bin/roocode-processor}, {@code bin/roocode-connectors}
     * and {@code bin/roocode-registry}, each a script that reads the launcher's environment variables the way the
     * distribution documents them and execs {@code java} on {@code classPath} with the service's main class (the
     * registry's is {@link RegistryMain}). Replaced by passing the real distribution's folder.
     */
    public static Distribution standIn(Path home, String classPath) throws IOException {
        Path bin = home.resolve("bin");
        Files.createDirectories(bin);
        Map<String, String> mains = Map.of(
                PROCESSOR, ProcessorMain.class.getName(),
                CONNECTORS, ConnectorsMain.class.getName(),
                REGISTRY, RegistryMain.class.getName());
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        for (String launcher : LAUNCHERS) {
            Path script = bin.resolve(launcher);
            Files.writeString(
                    script, script(launcher, java, absolute(classPath), mains.get(launcher)), StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        return at(home);
    }

    /** The class path with every entry absolute: a launcher may be run from any folder. */
    private static String absolute(String classPath) {
        return Arrays.stream(classPath.split(File.pathSeparator))
                .filter(entry -> !entry.isEmpty())
                .map(entry -> Path.of(entry).toAbsolutePath().toString())
                .collect(Collectors.joining(File.pathSeparator));
    }

    static String script(String launcher, String java, String classPath, String mainClass) {
        if (classPath.contains("'") || java.contains("'")) {
            throw new IllegalArgumentException("a class path or java path with a single quote cannot be scripted");
        }
        return """
                #!/usr/bin/env bash
                # Stand-in for the distribution's bin/%1$s, written by bench/run scale: the same contract
                # (CONFIG argument; ROOCODE_HEAP_OPTS, ROOCODE_JVM_OPTS, ROOCODE_LOG_DIR; ROOCODE_* overrides),
                # on the bench's class path.
                set -eu
                if [ "$#" -ne 1 ]; then echo "usage: %1$s CONFIG" >&2; exit 2; fi
                heap="${ROOCODE_HEAP_OPTS:--Xmx1g}"
                jvm="${ROOCODE_JVM_OPTS:-}"
                log_dir="${ROOCODE_LOG_DIR:-}"
                unset ROOCODE_HEAP_OPTS ROOCODE_JVM_OPTS ROOCODE_LOG_DIR
                if [ -n "$log_dir" ]; then mkdir -p "$log_dir"; fi
                # shellcheck disable=SC2086
                exec '%2$s' $heap $jvm -Dlog4j2.configurationFile=log4j2-bench.xml -cp '%3$s' %4$s "$1"
                """.formatted(launcher, java, classPath, mainClass);
    }
}
