package dev.roocode.sandbox.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialAlteration;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.common.utils.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka broker in this JVM: one KRaft process that is both broker and
 * controller ({@code process.roles=broker,controller}), started from Kafka's own
 * {@link KafkaRaftServer}. Clients reach it at {@link #bootstrapServers()} over PLAINTEXT.
 *
 * <p>With a {@linkplain Builder#dataDirectory(Path) data directory} the broker is persistent: the
 * first start formats the directory (a new cluster id), later starts reuse it with its cluster id,
 * topics and records. The directory belongs to the broker alone (Kafka treats every sub-folder as
 * a partition). Without one, the broker lives in a temporary directory deleted on {@link #close()}.
 *
 * <pre>{@code
 * try (EmbeddedKafka kafka = EmbeddedKafka.builder().dataDirectory(Path.of(".roocode/kafka")).build().start()) {
 *     Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()));
 * }
 * }</pre>
 */
public final class EmbeddedKafka implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedKafka.class);
    private static final int NODE_ID = 1;
    private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(30);
    private static final int PORT_ATTEMPTS = 3;

    private final Path configuredDirectory;
    private final int configuredPort;
    private final Map<String, String> extraProperties;
    private final Map<String, String> saslUsers;
    private final ScramSslListener scramSsl;

    private Path dataDirectory;
    private boolean temporary;
    private int port;
    private int controllerPort;
    private int saslPort;
    private int scramSslPort;
    private boolean formattedNow;
    private String clusterId;
    private KafkaRaftServer server;

    private EmbeddedKafka(Builder builder) {
        this.configuredDirectory = builder.dataDirectory;
        this.configuredPort = builder.port;
        this.extraProperties = Map.copyOf(builder.properties);
        this.saslUsers = Map.copyOf(builder.saslUsers);
        this.scramSsl = builder.scramUsers.isEmpty() ? null : new ScramSslListener(builder.scramUsers);
    }

    /** A builder for a broker in a temporary directory on a free port. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Formats the data directory if needed and starts the broker; returns when it accepts
     * produce and fetch requests (typically 2–4 s on a cold JVM; a SASL_SSL listener adds a keytool run).
     *
     * @throws IllegalStateException if already started, or the directory holds something other than a broker's data
     */
    public synchronized EmbeddedKafka start() {
        if (server != null) {
            throw new IllegalStateException("broker already started on " + bootstrapServers());
        }
        long begin = System.nanoTime();
        try {
            prepareDirectory();
            formatIfNeeded();
            if (scramSsl != null) {
                scramSsl.createStores();
            }
            for (int attempt = 1; server == null; attempt++) {
                try {
                    server = startServer();
                } catch (RuntimeException e) {
                    // free ports are picked by probing, so another process may grab one first: pick again
                    if (attempt >= PORT_ATTEMPTS
                            || !isBindFailure(e)
                            || configuredPort != 0 && !controllerPortTaken(e)) {
                        throw e;
                    }
                    log.debug("port race on start attempt {}, retrying: {}", attempt, e.toString());
                }
            }
            if (scramSsl != null && !formattedNow) {
                upsertScramUsers(); // a reused directory has the users of its first start only
            }
        } catch (IOException e) {
            stopAfterFailedStart();
            throw new UncheckedIOException("cannot prepare Kafka data directory " + dataDirectory, e);
        } catch (RuntimeException e) {
            stopAfterFailedStart();
            throw e;
        }
        log.info(
                "Kafka broker {} started on {} in {} ms (data in {})",
                clusterId,
                bootstrapServers(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin),
                dataDirectory);
        return this;
    }

    private void stopAfterFailedStart() {
        if (server != null) {
            server.shutdown();
            server.awaitShutdown();
            server = null;
        }
        port = 0;
        if (scramSsl != null) {
            scramSsl.deleteStores();
        }
        deleteIfTemporary();
    }

    /** Creates or updates every SCRAM user through the broker's own (super user) listener. */
    private void upsertScramUsers() {
        List<UserScramCredentialAlteration> upserts = new ArrayList<>();
        scramSsl.users()
                .forEach((user, password) -> upserts.add(new UserScramCredentialUpsertion(
                        user, new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 4096), password)));
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()))) {
            admin.alterUserScramCredentials(upserts).all().get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating SCRAM users", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot create SCRAM users: " + e.getMessage(), e);
        }
    }

    private KafkaRaftServer startServer() throws IOException {
        port = configuredPort == 0 ? freePort() : configuredPort;
        controllerPort = freePort();
        saslPort = saslUsers.isEmpty() ? 0 : freePort();
        scramSslPort = scramSsl == null ? 0 : freePort();
        KafkaRaftServer raftServer = new KafkaRaftServer(new KafkaConfig(brokerProperties(), false), Time.SYSTEM);
        try {
            raftServer.startup();
        } catch (RuntimeException e) {
            // a half-started broker holds threads, sockets and the directory lock
            raftServer.shutdown();
            raftServer.awaitShutdown();
            throw e;
        }
        return raftServer;
    }

    private boolean controllerPortTaken(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null && t.getMessage().contains(":" + controllerPort)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isBindFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BindException) {
                return true;
            }
        }
        return false;
    }

    /** {@code localhost:<port>} for {@code bootstrap.servers}; valid once started. */
    public String bootstrapServers() {
        if (port == 0) {
            throw new IllegalStateException("broker not started");
        }
        return "localhost:" + port;
    }

    /**
     * {@code localhost:<port>} of the SASL_PLAINTEXT listener (mechanism PLAIN, the users given to
     * {@link Builder#saslPlainUser}); valid once started with at least one such user.
     */
    public String saslBootstrapServers() {
        if (port == 0 || saslPort == 0) {
            throw new IllegalStateException(saslUsers.isEmpty() ? "broker has no SASL listener" : "broker not started");
        }
        return "localhost:" + saslPort;
    }

    /**
     * {@code localhost:<port>} of the SASL_SSL listener (mechanism SCRAM-SHA-512, the users given to
     * {@link Builder#saslSslScramUser}); valid once started with at least one such user.
     */
    public String saslSslBootstrapServers() {
        if (port == 0 || scramSslPort == 0) {
            throw new IllegalStateException(
                    scramSsl == null ? "broker has no SASL_SSL listener" : "broker not started");
        }
        return "localhost:" + scramSslPort;
    }

    /**
     * Kafka client settings that reach the SASL_SSL listener as {@code user} with {@code password}
     * (bootstrap servers, security protocol, mechanism, JAAS config, the trust store of the broker's
     * self-signed certificate); a wrong password gives a client that fails to authenticate.
     */
    public Map<String, Object> saslSslClientProperties(String user, String password) {
        return scramSsl.clientProperties(saslSslBootstrapServers(), user, password);
    }

    /** The KRaft cluster id, kept across restarts on the same data directory; valid once started. */
    public String clusterId() {
        return clusterId;
    }

    /** Where the broker keeps its logs and metadata; valid once started. */
    public Path dataDirectory() {
        return dataDirectory;
    }

    /** Whether {@link #start()} has run and {@link #close()} has not. */
    public synchronized boolean isRunning() {
        return server != null;
    }

    /**
     * Shuts the broker down cleanly (bounded by 30 s) and deletes a temporary data directory;
     * idempotent.
     */
    @Override
    public synchronized void close() {
        KafkaRaftServer raftServer = server;
        server = null;
        if (raftServer != null) {
            // shutdown() waits for controlled shutdown; run it aside so a stuck broker cannot hang the caller
            CompletableFuture<Void> stopped = CompletableFuture.runAsync(
                    () -> {
                        raftServer.shutdown();
                        raftServer.awaitShutdown();
                    },
                    runnable -> {
                        Thread thread = new Thread(runnable, "embedded-kafka-shutdown");
                        thread.setDaemon(true);
                        thread.start();
                    });
            try {
                stopped.get(SHUTDOWN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                log.warn(
                        "Kafka broker on {} did not stop within {} s",
                        bootstrapServers(),
                        SHUTDOWN_TIMEOUT.toSeconds());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                log.warn("Kafka broker on {} failed to stop cleanly: {}", bootstrapServers(), e.toString());
            }
        }
        if (scramSsl != null) {
            scramSsl.deleteStores();
        }
        deleteIfTemporary();
    }

    private void prepareDirectory() throws IOException {
        if (configuredDirectory == null) {
            dataDirectory = Files.createTempDirectory("roocode-kafka-");
            temporary = true;
            return;
        }
        dataDirectory = configuredDirectory.toAbsolutePath().normalize();
        Files.createDirectories(dataDirectory);
        KRaftStorage.requireEmptyOrFormatted(dataDirectory);
    }

    private void formatIfNeeded() {
        formattedNow = !Files.exists(dataDirectory.resolve(KRaftStorage.META_PROPERTIES));
        clusterId = KRaftStorage.formatOrReadClusterId(
                dataDirectory,
                NODE_ID,
                SingleNodeConfig.CONTROLLER_LISTENER,
                scramSsl == null ? List.of() : scramSsl.scramArguments());
    }

    private Map<String, String> brokerProperties() {
        Map<String, String> properties = SingleNodeConfig.properties(NODE_ID, dataDirectory, port, controllerPort);
        if (!saslUsers.isEmpty()) {
            SingleNodeConfig.addSaslPlainListener(properties, saslPort, saslUsers);
        }
        if (scramSsl != null) {
            scramSsl.addTo(properties, scramSslPort);
        }
        properties.putAll(extraProperties);
        return properties;
    }

    private void deleteIfTemporary() {
        if (temporary && dataDirectory != null) {
            try {
                Utils.delete(dataDirectory.toFile());
            } catch (IOException e) {
                log.warn("cannot delete temporary Kafka directory {}: {}", dataDirectory, e.toString());
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }

    /** Configures an {@link EmbeddedKafka}; every setting is optional. */
    public static final class Builder {
        private Path dataDirectory;
        private int port;
        private final Map<String, String> properties = new LinkedHashMap<>();
        private final Map<String, String> saslUsers = new LinkedHashMap<>();
        private final Map<String, String> scramUsers = new LinkedHashMap<>();

        private Builder() {}

        /** A persistent data directory, formatted on first use and reused afterwards; null = temporary. */
        public Builder dataDirectory(Path dataDirectory) {
            this.dataDirectory = dataDirectory;
            return this;
        }

        /** The PLAINTEXT listener port; 0 (the default) picks a free one. */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be 0..65535, was " + port);
            }
            this.port = port;
            return this;
        }

        /** One broker property, applied after (and overriding) the single-node defaults. */
        public Builder brokerProperty(String key, String value) {
            properties.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /** Several broker properties, applied after (and overriding) the single-node defaults. */
        public Builder brokerProperties(Map<String, String> brokerProperties) {
            brokerProperties.forEach(this::brokerProperty);
            return this;
        }

        /**
         * Adds a user of a second listener, SASL_PLAINTEXT with mechanism PLAIN, on its own free port
         * ({@link EmbeddedKafka#saslBootstrapServers()}), so tests can run clients against an
         * authenticating cluster. The PLAINTEXT listener stays (the broker talks to itself on it).
         */
        public Builder saslPlainUser(String user, String password) {
            if (user == null || user.isBlank() || user.contains("\"") || password == null || password.contains("\"")) {
                throw new IllegalArgumentException("a SASL user needs a name and a password without double quotes");
            }
            saslUsers.put(user, password);
            return this;
        }

        /**
         * Adds a user of a SASL_SSL listener (mechanism SCRAM-SHA-512, a self-signed certificate made at
         * start) on its own free port ({@link EmbeddedKafka#saslSslBootstrapServers()}, client settings from
         * {@link EmbeddedKafka#saslSslClientProperties}). With at least one such user the broker also runs
         * Kafka's KRaft {@code StandardAuthorizer} with {@code allow.everyone.if.no.acl.found=false}: only
         * the super users (the broker's own principal {@code User:ANONYMOUS} of the PLAINTEXT listener, and
         * {@code User:admin}) may do anything an ACL does not grant. Names and passwords are limited to
         * {@code [A-Za-z0-9._-]}.
         */
        public Builder saslSslScramUser(String user, String password) {
            ScramSslListener.requireSafe(user, password);
            scramUsers.put(user, password);
            return this;
        }

        /** A broker that is not started yet; call {@link EmbeddedKafka#start()}. */
        public EmbeddedKafka build() {
            return new EmbeddedKafka(this);
        }
    }
}
