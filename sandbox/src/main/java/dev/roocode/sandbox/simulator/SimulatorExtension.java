package dev.roocode.sandbox.simulator;

import java.util.function.Consumer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Starts one {@link ProviderSimulator} per test class and injects it into test constructors and methods.
 *
 * <pre>{@code
 * @ExtendWith(SimulatorExtension.class)           // defaults
 * class MyTest {
 *   @Test void works(ProviderSimulator sim) { ... sim.url() ... }
 * }
 *
 * class KeyedTest {                                 // or configured
 *   @RegisterExtension
 *   static final SimulatorExtension SIM = SimulatorExtension.configured(b -> b.apiKey("test-key"));
 * }
 * }</pre>
 *
 * <p>Counts are shared by the tests of a class; call {@link ProviderSimulator#reset()} where a test needs
 * fresh ones.
 */
public final class SimulatorExtension implements BeforeAllCallback, AfterAllCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(SimulatorExtension.class);

    private final Consumer<ProviderSimulator.Builder> configuration;
    private ProviderSimulator simulator;

    /** An extension with the builder's defaults (used by {@code @ExtendWith}). */
    public SimulatorExtension() {
        this(builder -> {});
    }

    private SimulatorExtension(Consumer<ProviderSimulator.Builder> configuration) {
        this.configuration = configuration;
    }

    /** An extension whose simulator is built with {@code configuration} applied to a fresh builder. */
    public static SimulatorExtension configured(Consumer<ProviderSimulator.Builder> configuration) {
        return new SimulatorExtension(configuration);
    }

    /**
     * The running simulator, for static {@code @RegisterExtension} fields.
     *
     * @throws IllegalStateException before the test class started
     */
    public ProviderSimulator simulator() {
        if (simulator == null) {
            throw new IllegalStateException("The simulator starts before all tests of the class");
        }
        return simulator;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        ProviderSimulator.Builder builder = ProviderSimulator.builder();
        configuration.accept(builder);
        simulator = builder.build().start();
        // Also in the store, so a nested class or another extension can find it.
        context.getStore(NAMESPACE).put(ProviderSimulator.class, simulator);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        context.getStore(NAMESPACE).remove(ProviderSimulator.class);
        if (simulator != null) {
            simulator.close();
            simulator = null;
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == ProviderSimulator.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        ProviderSimulator running = context.getStore(NAMESPACE).get(ProviderSimulator.class, ProviderSimulator.class);
        if (running == null) {
            throw new ParameterResolutionException(
                    "No provider simulator is running: SimulatorExtension starts it before all tests of a class");
        }
        return running;
    }
}
