package dev.roocode.sandbox.simulator;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Base of the per-provider wire-format tests: a simulator that requires {@link #KEY}, on a clock the test
 * moves, with counts, windows and clock reset before each test.
 */
abstract class KeyedSimulatorTest {

    static final String KEY = "sim-test-key";
    static final MutableClock CLOCK = new MutableClock();

    @RegisterExtension
    static final SimulatorExtension SIM =
            SimulatorExtension.configured(b -> b.apiKey(KEY).clock(CLOCK));

    /** A client that sends no credential of its own; tests add the provider's header. */
    SimClient client;

    @BeforeEach
    void freshSimulator() {
        SIM.simulator().reset();
        CLOCK.reset();
        client = new SimClient(SIM.simulator());
    }
}
