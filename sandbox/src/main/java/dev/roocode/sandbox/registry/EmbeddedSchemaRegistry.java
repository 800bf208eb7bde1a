package dev.roocode.sandbox.registry;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A schema registry for the embedded default, tests and the standalone {@code roocode-registry}
 * service ({@link RegistryMain}): an HTTP server (on localhost unless a host is given) speaking the
 * subset of the Confluent Schema Registry REST API that Confluent-compatible clients use (register,
 * lookup, schema by id and the subjects and versions using it, subjects and versions with soft and
 * permanent deletion, compatibility checks and config, modes, contexts; AVRO only, no references;
 * docs/architecture.md lists the calls), so any Confluent-compatible client works against it.
 *
 * <p>State lives in a compacted Kafka topic ({@code _schemas} by default): every change is
 * written and acknowledged before the request answers, and {@link #start()} replays the topic,
 * so schema ids survive restarts of a broker that keeps its data directory. Only one registry may
 * write a given topic at a time.
 *
 * <pre>{@code
 * try (EmbeddedSchemaRegistry registry = EmbeddedSchemaRegistry.builder()
 *         .bootstrapServers(kafka.bootstrapServers()).build().start()) {
 *     SchemaRegistryClient client = RestSchemaRegistryClient.forUrl(registry.url());
 * }
 * }</pre>
 */
public final class EmbeddedSchemaRegistry implements AutoCloseable {
    /** The topic used when none is configured. */
    public static final String DEFAULT_TOPIC = "_schemas";

    private static final Logger log = LoggerFactory.getLogger(EmbeddedSchemaRegistry.class);

    private final String bootstrapServers;
    private final String topic;
    private final String host;
    private final int configuredPort;
    private final Map<String, Object> clientProperties;

    private SchemaLog schemaLog;
    private HttpServer server;
    private ExecutorService executor;

    private EmbeddedSchemaRegistry(Builder builder) {
        this.bootstrapServers = Objects.requireNonNull(builder.bootstrapServers, "bootstrapServers");
        this.topic = builder.topic;
        this.host = builder.host;
        this.configuredPort = builder.port;
        this.clientProperties = Map.copyOf(builder.clientProperties);
    }

    /** A builder; {@link Builder#bootstrapServers(String)} is required. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Creates the topic if needed, replays it, and starts serving on localhost.
     *
     * @throws IllegalStateException if already started
     * @throws org.apache.kafka.common.KafkaException if the broker cannot be reached
     */
    public synchronized EmbeddedSchemaRegistry start() {
        if (server != null) {
            throw new IllegalStateException("registry already started at " + url());
        }
        long begin = System.nanoTime();
        SchemaLog opened = new SchemaLog(bootstrapServers, topic, clientProperties);
        try {
            SchemaStore store = new SchemaStore(opened::append);
            int replayed = opened.replayInto(store::apply);
            InetSocketAddress address = host == null
                    ? new InetSocketAddress(InetAddress.getLoopbackAddress(), configuredPort)
                    : new InetSocketAddress(host, configuredPort);
            HttpServer http = HttpServer.create(address, 0);
            executor = Executors.newFixedThreadPool(2, runnable -> {
                Thread thread = new Thread(runnable, "embedded-schema-registry");
                thread.setDaemon(true);
                return thread;
            });
            http.setExecutor(executor);
            http.createContext("/", new RegistryHttpHandler(store));
            http.start();
            server = http;
            schemaLog = opened;
            log.info(
                    "Schema registry serving {} from topic {} ({} records replayed in {} ms)",
                    url(),
                    topic,
                    replayed,
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin));
        } catch (IOException e) {
            opened.close();
            throw new UncheckedIOException(
                    "cannot start the schema registry on " + (host == null ? "localhost" : host) + ":" + configuredPort
                            + (e instanceof BindException ? ": the port is already in use" : ""),
                    e);
        } catch (RuntimeException e) {
            opened.close();
            throw e;
        }
        return this;
    }

    /** {@code http://localhost:<port>}, the value for {@code schema.registry.url}; valid once started. */
    public synchronized String url() {
        if (server == null) {
            throw new IllegalStateException("registry not started");
        }
        return "http://localhost:" + server.getAddress().getPort();
    }

    /** The topic holding the registry's state. */
    public String topic() {
        return topic;
    }

    /** Stops serving and closes the Kafka producer; idempotent. */
    @Override
    public synchronized void close() {
        if (server != null) {
            server.stop(0);
            server = null;
        }
        if (executor != null) {
            executor.shutdownNow();
            executor = null;
        }
        if (schemaLog != null) {
            schemaLog.close();
            schemaLog = null;
        }
    }

    /** Configures an {@link EmbeddedSchemaRegistry}. */
    public static final class Builder {
        private String bootstrapServers;
        private String topic = DEFAULT_TOPIC;
        private String host;
        private int port;
        private final Map<String, Object> clientProperties = new HashMap<>();

        private Builder() {}

        /** The Kafka cluster holding the registry's topic (required). */
        public Builder bootstrapServers(String bootstrapServers) {
            this.bootstrapServers = Objects.requireNonNull(bootstrapServers, "bootstrapServers");
            return this;
        }

        /** The compacted topic holding the state; default {@code _schemas}. */
        public Builder topic(String topic) {
            if (topic == null || topic.isBlank()) {
                throw new IllegalArgumentException("topic must not be blank");
            }
            this.topic = topic;
            return this;
        }

        /**
         * The interface to serve on, e.g. {@code 0.0.0.0} for every one (the standalone
         * {@code roocode-registry} service); by default the loopback interface only.
         */
        public Builder host(String host) {
            if (host == null || host.isBlank()) {
                throw new IllegalArgumentException("host must not be blank");
            }
            this.host = host;
            return this;
        }

        /** The HTTP port; 0 (the default) picks a free one. */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be 0..65535, was " + port);
            }
            this.port = port;
            return this;
        }

        /** A Kafka client setting (e.g. {@code security.protocol}) for the registry's admin, consumer and producer. */
        public Builder clientProperty(String key, Object value) {
            clientProperties.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /** A registry that is not started yet; call {@link EmbeddedSchemaRegistry#start()}. */
        public EmbeddedSchemaRegistry build() {
            return new EmbeddedSchemaRegistry(this);
        }
    }
}
