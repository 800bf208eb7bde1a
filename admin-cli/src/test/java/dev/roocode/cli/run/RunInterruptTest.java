package dev.roocode.cli.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** Ctrl-C on {@code run}, through the hook's body called directly (no real signal). */
class RunInterruptTest {
    private final List<String> events = new CopyOnWriteArrayList<>();
    private final StringWriter err = new StringWriter();
    private final CountDownLatch written = new CountDownLatch(1);

    private RunInterrupt hook(boolean keep, RuntimeException cancelFailure) {
        return new RunInterrupt(
                "batch_42",
                keep,
                id -> {
                    if (cancelFailure != null) {
                        throw cancelFailure;
                    }
                    events.add("cancel " + id);
                },
                message -> {
                    events.add("interrupt: " + message);
                    written.countDown(); // the run writes its output file once interrupted
                    events.add("written");
                },
                written,
                () -> events.add("stop stack"),
                new PrintWriter(err, true));
    }

    @Test
    void shouldCancelTheBatchThenLetTheRunWriteItsOutputThenNameTheBatchThenStopTheStack() {
        hook(false, null).run();

        assertThat(events)
                .containsExactly(
                        "cancel batch_42",
                        "interrupt: run interrupted before this line got a result; batch batch_42 was cancelled",
                        "written",
                        "stop stack");
        assertThat(err.toString())
                .contains("interrupted; batch batch_42 cancelled")
                .contains("'cancelled' error lines");
    }

    @Test
    void shouldLeaveTheBatchRunningWithKeepOnInterrupt() {
        hook(true, null).run();

        assertThat(events).doesNotContain("cancel batch_42").contains("stop stack");
        assertThat(events.get(0)).contains("left to run (--keep-on-interrupt)");
        assertThat(err.toString()).contains("batch batch_42 left running").contains("roocode batches show batch_42");
    }

    @Test
    void shouldSayHowToCancelWhenTheCancellationCannotBeWritten() {
        hook(false, new IllegalStateException("broker gone")).run();

        assertThat(events.get(0)).contains("could not be cancelled");
        assertThat(events).last().isEqualTo("stop stack");
        assertThat(err.toString())
                .contains("could not cancel batch batch_42 (broker gone)")
                .contains("roocode batches cancel batch_42");
    }

    @Test
    void shouldOnlyStopTheStackWhenTheRunHadFinished() {
        written.countDown();

        hook(false, null).run();

        assertThat(events).containsExactly("stop stack");
        assertThat(err.toString()).isEmpty();
    }
}
