package dev.roocode.connectors.worker;

import java.time.Duration;

/** Waits on the calling thread. Injected so tests move a manual clock instead of sleeping. */
@FunctionalInterface
interface Sleeper {

    void sleep(Duration duration) throws InterruptedException;

    /** {@link Thread#sleep}. */
    Sleeper REAL = duration -> Thread.sleep(duration.toMillis());
}
