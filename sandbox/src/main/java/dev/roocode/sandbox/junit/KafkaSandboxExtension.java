package dev.roocode.sandbox.junit;

import dev.roocode.sandbox.kafka.EmbeddedKafka;
import dev.roocode.sandbox.registry.EmbeddedSchemaRegistry;
import dev.roocode.schemas.registry.RestSchemaRegistryClient;
import dev.roocode.schemas.registry.SchemaRegistryClient;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Starts one {@link EmbeddedKafka} (temporary directory) and one {@link EmbeddedSchemaRegistry}
 * per test class and stops them after the class. Test methods, constructors and lifecycle methods
 * ({@code @BeforeAll} included) receive them as parameters of type {@link EmbeddedKafka},
 * {@link EmbeddedSchemaRegistry}, or {@link SchemaRegistryClient} (a REST client on the registry).
 * {@code @Nested} classes share their enclosing class's sandbox.
 *
 * <pre>{@code
 * @ExtendWith(KafkaSandboxExtension.class)
 * class RouterIT {
 *     @Test
 *     void shouldRoute(EmbeddedKafka kafka, SchemaRegistryClient registry) { ... }
 * }
 *
 * class TunedIT {
 *     @RegisterExtension
 *     static final KafkaSandboxExtension SANDBOX = new KafkaSandboxExtension().withBrokerProperty("num.partitions", "4");
 *     @Test
 *     void shouldWork() { String servers = SANDBOX.kafka().bootstrapServers(); }
 * }
 * }</pre>
 */
public final class KafkaSandboxExtension implements BeforeAllCallback, AfterAllCallback, ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(KafkaSandboxExtension.class);
    private static final String KEY = "sandbox";

    private final Map<String, String> brokerProperties = new LinkedHashMap<>();
    private volatile Sandbox current;

    /** An extension with the single-node broker defaults. */
    public KafkaSandboxExtension() {}

    /** Overrides one broker property for sandboxes this extension starts; returns this. */
    public KafkaSandboxExtension withBrokerProperty(String key, String value) {
        brokerProperties.put(key, value);
        return this;
    }

    /**
     * The running broker, for {@code @RegisterExtension} users who prefer a field to a parameter.
     *
     * @throws IllegalStateException outside a test class's lifetime
     */
    public EmbeddedKafka kafka() {
        return running().kafka;
    }

    /** The running registry; see {@link #kafka()}. */
    public EmbeddedSchemaRegistry schemaRegistry() {
        return running().registry;
    }

    /** A REST client on the running registry, closed with the sandbox; see {@link #kafka()}. */
    public SchemaRegistryClient schemaRegistryClient() {
        return running().client;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        current = sandbox(context);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        // remove() only sees this class's own store, so a @Nested class never stops its parent's sandbox
        Sandbox owned = context.getStore(NAMESPACE).remove(KEY, Sandbox.class);
        if (owned != null) {
            owned.close();
            if (current == owned) {
                current = null;
            }
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == EmbeddedKafka.class
                || type == EmbeddedSchemaRegistry.class
                || type == SchemaRegistryClient.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        // per-class test instances are constructed before beforeAll, hence start on demand here too
        Sandbox sandbox = sandbox(context);
        Class<?> type = parameter.getParameter().getType();
        if (type == EmbeddedKafka.class) {
            return sandbox.kafka;
        }
        return type == EmbeddedSchemaRegistry.class ? sandbox.registry : sandbox.client;
    }

    private Sandbox sandbox(ExtensionContext context) {
        ExtensionContext classContext = context;
        while (classContext.getTestMethod().isPresent()
                && classContext.getParent().isPresent()) {
            classContext = classContext.getParent().get();
        }
        Sandbox existing = classContext.getStore(NAMESPACE).get(KEY, Sandbox.class);
        if (existing != null) {
            return existing;
        }
        Sandbox started = Sandbox.start(brokerProperties);
        classContext.getStore(NAMESPACE).put(KEY, started);
        current = started;
        return started;
    }

    private Sandbox running() {
        Sandbox sandbox = current;
        if (sandbox == null) {
            throw new IllegalStateException(
                    "no sandbox running: use it from a test, a constructor or a lifecycle method");
        }
        return sandbox;
    }

    /**
     * The broker, the registry and a client on it, started and stopped together. AutoCloseable so
     * JUnit closes it with its store should afterAll never run (e.g. another extension failed).
     */
    private static final class Sandbox implements AutoCloseable {
        final EmbeddedKafka kafka;
        final EmbeddedSchemaRegistry registry;
        final SchemaRegistryClient client;
        private boolean closed;

        private Sandbox(EmbeddedKafka kafka, EmbeddedSchemaRegistry registry, SchemaRegistryClient client) {
            this.kafka = kafka;
            this.registry = registry;
            this.client = client;
        }

        static Sandbox start(Map<String, String> brokerProperties) {
            EmbeddedKafka kafka = EmbeddedKafka.builder()
                    .brokerProperties(brokerProperties)
                    .build()
                    .start();
            try {
                EmbeddedSchemaRegistry registry = EmbeddedSchemaRegistry.builder()
                        .bootstrapServers(kafka.bootstrapServers())
                        .build()
                        .start();
                return new Sandbox(kafka, registry, RestSchemaRegistryClient.forUrl(registry.url()));
            } catch (RuntimeException e) {
                kafka.close();
                throw e;
            }
        }

        @Override
        public synchronized void close() {
            if (closed) {
                return;
            }
            closed = true;
            client.close();
            registry.close();
            kafka.close();
        }
    }
}
