package dev.roocode.cli.run;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What Ctrl-C does to a {@code run} (its shutdown hook's body): cancels the batch (unless {@code --keep-on-interrupt}),
 * stops the runner's wait so it writes the output file with the lines still without a Result as {@code cancelled}
 * error lines, waits for that, says which batch it was, then stops the embedded stack. Before this, Ctrl-C stopped the
 * stack only: no output file, no batch id, and the batch's jobs ran at the next start beside the rerun's (twice the
 * cost with a paid provider).
 */
final class RunInterrupt implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(RunInterrupt.class);
    /** How long the hook waits for the output file; the JVM exits when the hook returns. */
    static final Duration WRITE_WAIT = Duration.ofSeconds(30);

    /** The side of the run the hook stops: {@link dev.roocode.client.batch.BatchRunner#interrupt}. */
    interface Runner {
        void interrupt(String message);
    }

    private final String batchId;
    private final boolean keep;
    private final Consumer<String> cancel;
    private final Runner runner;
    private final CountDownLatch written;
    private final Runnable stopStack;
    private final PrintWriter err;

    /**
     * @param cancel writes the cancellation of the batch whose id it is given
     * @param written counted down by the run once it has written its output file (or failed)
     * @param stopStack stops the embedded stack, last
     */
    RunInterrupt(
            String batchId,
            boolean keep,
            Consumer<String> cancel,
            Runner runner,
            CountDownLatch written,
            Runnable stopStack,
            PrintWriter err) {
        this.batchId = batchId;
        this.keep = keep;
        this.cancel = cancel;
        this.runner = runner;
        this.written = written;
        this.stopStack = stopStack;
        this.err = err;
    }

    @Override
    public void run() {
        try {
            if (written.getCount() == 0) {
                return; // the run had finished: only the stack is left to stop
            }
            String message;
            if (keep) {
                message = "run interrupted before this line got a result; batch " + batchId
                        + " was left to run (--keep-on-interrupt) and continues at the next start";
            } else {
                message = cancelled();
            }
            runner.interrupt(message);
            try {
                if (!written.await(WRITE_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                    err.println("roocode: the output file was not written within " + WRITE_WAIT.toSeconds() + " s");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            err.println(
                    keep
                            ? "roocode: interrupted; batch " + batchId
                                    + " left running: it continues at the next start ('roocode batches show " + batchId
                                    + "')"
                            : "roocode: interrupted; batch " + batchId
                                    + " cancelled: its lines without a result are 'cancelled' error lines");
            err.flush();
        } finally {
            stopStack.run();
        }
    }

    /** Cancels the batch; the message of its lines without a result says whether that worked. */
    private String cancelled() {
        try {
            cancel.accept(batchId);
            return "run interrupted before this line got a result; batch " + batchId + " was cancelled";
        } catch (RuntimeException e) {
            log.warn("cannot cancel batch {}: {}", batchId, e.toString());
            err.println("roocode: could not cancel batch " + batchId + " (" + e.getMessage()
                    + "); cancel it with 'roocode batches cancel " + batchId + "' before it runs at the next start");
            return "run interrupted before this line got a result; batch " + batchId
                    + " could not be cancelled and may run at the next start";
        }
    }
}
