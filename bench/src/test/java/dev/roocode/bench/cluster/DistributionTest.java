package dev.roocode.bench.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The distribution's launchers as the scale scenario starts them, and the stand-in written until one is built. */
class DistributionTest {
    @TempDir
    Path dir;

    @Test
    void shouldRejectAFolderWithoutTheLaunchersNamingTheMissingOneInOneLine() throws IOException {
        Files.createDirectories(dir.resolve("bin"));
        Files.writeString(dir.resolve("bin/roocode-processor"), "#!/bin/sh\n");

        assertThatThrownBy(() -> Distribution.at(dir))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bin/roocode-processor")
                .hasMessageNotContaining("\n");
    }

    @Test
    void shouldWriteAStandInWhoseLaunchersPassHeapAndJvmOptionsAndKeepTheirOwnVariablesOutOfTheSettings()
            throws Exception {
        Path fakeJava = dir.resolve("java");
        Files.writeString(fakeJava, "#!/bin/sh\necho \"args: $*\"\nenv | grep '^ROOCODE_' | sort\n");
        Files.setPosixFilePermissions(fakeJava, PosixFilePermissions.fromString("rwx------"));
        Path launcher = dir.resolve("roocode-processor");
        Files.writeString(
                launcher, Distribution.script("roocode-processor", fakeJava.toString(), "/cp/a.jar", "the.Main"));
        Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwx------"));

        ProcessBuilder builder =
                new ProcessBuilder(launcher.toString(), "processor.properties").redirectErrorStream(true);
        builder.environment().put("ROOCODE_HEAP_OPTS", "-Xmx64m");
        builder.environment().put("ROOCODE_JVM_OPTS", "-Da=1 -Db=2");
        builder.environment().put("ROOCODE_LOG_DIR", dir.resolve("logs").toString());
        builder.environment().put("ROOCODE_BOOTSTRAP_SERVERS", "127.0.0.1:9092");
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();

        assertThat(out)
                .contains("args: -Xmx64m -Da=1 -Db=2 -Dlog4j2.configurationFile=log4j2-bench.xml -cp /cp/a.jar the.Main"
                        + " processor.properties")
                .contains("ROOCODE_BOOTSTRAP_SERVERS=127.0.0.1:9092")
                .doesNotContain("ROOCODE_HEAP_OPTS", "ROOCODE_JVM_OPTS", "ROOCODE_LOG_DIR");
        assertThat(dir.resolve("logs")).isDirectory();
    }

    @Test
    void shouldGiveTheStandInAnAbsoluteClassPathSoItsLaunchersRunFromAnyFolder() throws IOException {
        Distribution standIn = Distribution.standIn(dir.resolve("dist"), "bench/target/classes:/abs/lib.jar");

        String script = Files.readString(standIn.home().resolve("bin/roocode-connectors"));

        assertThat(script)
                .contains("-cp '" + Path.of("bench/target/classes").toAbsolutePath() + ":/abs/lib.jar'")
                .contains("dev.roocode.connectors.worker.ConnectorsMain");
        assertThat(standIn.command(Distribution.REGISTRY, Path.of("/c/registry.properties")))
                .containsExactly(standIn.home().resolve("bin/roocode-registry").toString(), "/c/registry.properties");
    }
}
