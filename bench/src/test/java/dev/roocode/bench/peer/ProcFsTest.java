package dev.roocode.bench.peer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcFsTest {
    /** utime 150, stime 25, cutime 7, cstime 3; a command name with spaces and parentheses. */
    private static final String STAT = "4242 (java (x) y) S 1 4242 4242 0 -1 4194560 1000 0 0 0 150 25 7 3 20 0 30 0"
            + " 123456 4096000000 60000 18446744073709551615 1 1 0 0 0 0 0 4096 17922 0 0 0 17 1 0 0 0 0 0";

    @Test
    void shouldAddOwnAndReapedChildrenTimesCountingFieldsFromTheLastParenthesis() {
        assertThat(ProcFs.cpuTicks(STAT)).isEqualTo(150 + 25 + 7 + 3);
    }

    @Test
    void shouldRejectALineThatIsNotAStatLine() {
        assertThatThrownBy(() -> ProcFs.cpuTicks("no parenthesis here"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a /proc/<pid>/stat line");
        assertThatThrownBy(() -> ProcFs.cpuTicks("1 (x) S 1 2"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("too short");
    }

    @Test
    void shouldReadPeakResidentSetFromStatus() {
        String status = "Name:\tjava\nVmPeak:\t 4000000 kB\nVmHWM:\t  812344 kB\nVmRSS:\t  700000 kB\n";
        assertThat(ProcFs.peakRssKb(status)).isEqualTo(812_344);
        assertThat(ProcFs.peakRssKb("Name:\tkthreadd\nState:\tS (sleeping)\n")).isZero();
    }

    @Test
    void shouldReadAProcessFromItsFolderAndNothingForOneThatIsGone(@TempDir Path root) throws Exception {
        Files.createDirectories(root.resolve("4242"));
        Files.writeString(root.resolve("4242/stat"), STAT + "\n");
        Files.writeString(root.resolve("4242/status"), "VmHWM:\t 2048 kB\n");
        ProcFs proc = new ProcFs(root);

        assertThat(proc.read(4242)).contains(new ProcFs.Reading(185, 2048));
        assertThat(proc.read(4243)).isEmpty();
    }

    @Test
    void shouldCountTheCpuOfAChildThatExitedAndWasReapedByItsParent() throws Exception {
        // the grandchild burns CPU and exits; its parent waits for it, then sleeps: only its cutime holds that CPU.
        // 1,000,000 rounds are about 0.9 s of CPU here (200,000 once took only 0.18 s, under a 0.2 s bound); the
        // parent and the sleep alone take a few ms, so 0.3 s tells a counted grandchild from a lost one
        Process p = new ProcessBuilder(
                        "sh", "-c", "sh -c 'i=0; while [ $i -lt 1000000 ]; do i=$((i+1)); done'; sleep 1")
                .start();
        Duration cpu;
        try (TreeMonitor monitor = TreeMonitor.watch(p.toHandle(), Duration.ofMillis(20))) {
            assertThat(p.waitFor(2, TimeUnit.MINUTES)).isTrue();
            cpu = monitor.cpu();
            assertThat(monitor.peakRssBytes()).isPositive();
        }
        assertThat(cpu).isGreaterThanOrEqualTo(Duration.ofMillis(300));
    }
}
