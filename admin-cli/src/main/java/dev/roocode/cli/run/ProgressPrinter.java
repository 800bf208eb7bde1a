package dev.roocode.cli.run;

import dev.roocode.client.batch.BatchProgress;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * Shows a batch's progress: a redrawn bar on a terminal, a plain line at most every few seconds
 * otherwise (logs, CI). Shows done/total, rate and ETA.
 */
public final class ProgressPrinter implements BatchProgress {
    private static final int BAR_WIDTH = 30;
    private static final long TERMINAL_REDRAW_NANOS = 100_000_000L;
    private static final long PLAIN_LINE_NANOS = 5_000_000_000L;

    private final PrintWriter out;
    private final boolean terminal;
    private final long startNanos = System.nanoTime();
    private long lastPrintNanos;
    private long lastDone = -1;

    public ProgressPrinter(PrintWriter out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    @Override
    public void submitted(long total, long invalid) {
        String rejected = invalid == 0 ? "" : " (" + invalid + " invalid, answered with error lines)";
        line(String.format(Locale.ROOT, "submitted %d lines%s", total, rejected));
    }

    @Override
    public void progress(long done, long total) {
        long now = System.nanoTime();
        boolean finished = done >= total;
        long interval = terminal ? TERMINAL_REDRAW_NANOS : PLAIN_LINE_NANOS;
        if (!finished && now - lastPrintNanos < interval || done == lastDone && !finished) {
            return;
        }
        if (finished && done == lastDone) {
            return;
        }
        lastPrintNanos = now;
        lastDone = done;
        double seconds = Math.max(1e-3, (now - startNanos) / 1e9);
        double rate = done / seconds;
        String eta = rate > 0 ? duration((total - done) / rate) : "--";
        int percent = total == 0 ? 100 : (int) (100 * done / total);
        if (terminal) {
            int filled = total == 0 ? BAR_WIDTH : (int) (BAR_WIDTH * done / total);
            out.printf(
                    Locale.ROOT,
                    "\r[%s%s] %d/%d %3d%%  %.1f jobs/s  ETA %s   ",
                    "#".repeat(filled),
                    ".".repeat(BAR_WIDTH - filled),
                    done,
                    total,
                    percent,
                    rate,
                    eta);
            if (finished) {
                out.println();
            }
        } else {
            out.printf(Locale.ROOT, "progress: %d/%d (%d%%) %.1f jobs/s ETA %s%n", done, total, percent, rate, eta);
        }
        out.flush();
    }

    void line(String text) {
        out.println(text);
        out.flush();
    }

    public static String duration(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600
                ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}
