package dev.roocode.core.service;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * Turns SIGTERM and SIGINT into a stop request that the service's main thread carries out, and a
 * second signal into an immediate exit with {@link ExitCodes#ABANDONED}.
 *
 * <p>Why signal handlers rather than a JVM shutdown hook: a hook cannot tell a second signal from
 * the first (the JVM ignores it while hooks run), and the JVM exits 143 after SIGTERM whatever the
 * hook did, whereas a clean stop must exit 0. When the handlers cannot be installed (a JVM without
 * {@code jdk.unsupported}), a shutdown hook requests the stop and waits for it instead.
 */
public final class StopSignals {
    private static final Logger log = LoggerFactory.getLogger(StopSignals.class);

    private final CountDownLatch requested = new CountDownLatch(1);
    private final CountDownLatch done = new CountDownLatch(1);
    private final AtomicInteger signals = new AtomicInteger();
    private final Runnable onSecondSignal;
    private volatile String reason = "";
    private volatile int exitCode = ExitCodes.OK;

    private StopSignals(Runnable onSecondSignal) {
        this.onSecondSignal = onSecondSignal;
    }

    /**
     * Installs the handlers; {@code onSecondSignal} logs what a second signal abandons, then the
     * process halts with {@link ExitCodes#ABANDONED}.
     */
    public static StopSignals install(Runnable onSecondSignal) {
        StopSignals stop = new StopSignals(onSecondSignal);
        for (String name : List.of("TERM", "INT")) {
            try {
                Signal.handle(new Signal(name), signal -> stop.signalled("SIG" + signal.getName()));
            } catch (IllegalArgumentException | LinkageError e) {
                log.warn("cannot handle SIG{} ({}); stopping through a shutdown hook instead", name, e.toString());
                Runtime.getRuntime().addShutdownHook(new Thread(stop::stopFromHook, "roocode-shutdown-hook"));
                break;
            }
        }
        return stop;
    }

    /** A stop request that is not a signal, e.g. a fatal error: the main thread stops and exits with {@code code}. */
    public void request(String why, int code) {
        synchronized (this) {
            if (requested.getCount() > 0) {
                reason = why;
                exitCode = code;
            }
        }
        requested.countDown();
    }

    /** Blocks until a stop is requested. */
    public void await() throws InterruptedException {
        requested.await();
    }

    /** Whether a stop was requested. */
    public boolean stopping() {
        return requested.getCount() == 0;
    }

    /** What asked for the stop: {@code SIGTERM}, {@code SIGINT} or the reason given to {@link #request}. */
    public String reason() {
        return reason;
    }

    /** The exit code the first request asked for. */
    public int exitCode() {
        return exitCode;
    }

    /** Tells a waiting shutdown hook that the main thread has finished stopping. */
    public void stopped() {
        done.countDown();
    }

    private void signalled(String name) {
        if (signals.incrementAndGet() == 1) {
            log.info("{} received: stopping (a second signal stops at once)", name);
            request(name, ExitCodes.OK);
            return;
        }
        try {
            onSecondSignal.run();
        } finally {
            Runtime.getRuntime().halt(ExitCodes.ABANDONED);
        }
    }

    private void stopFromHook() {
        request("shutdown", ExitCodes.OK);
        try {
            done.await(10, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
