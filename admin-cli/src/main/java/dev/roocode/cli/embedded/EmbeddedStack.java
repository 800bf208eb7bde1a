package dev.roocode.cli.embedded;

import dev.roocode.api.ApiConfig;
import dev.roocode.api.ApiServices;
import dev.roocode.api.admin.ProviderAdminFactory;
import dev.roocode.api.auth.Authenticator;
import dev.roocode.cli.common.CliException;
import dev.roocode.cli.init.TopicPlan;
import dev.roocode.connectors.metrics.WorkerMetrics;
import dev.roocode.connectors.worker.ConnectorRuntime;
import dev.roocode.connectors.worker.ConnectorsConfig;
import dev.roocode.connectors.worker.CredentialResolver;
import dev.roocode.core.service.Readiness;
import dev.roocode.core.service.ServiceHttp;
import dev.roocode.processor.ProcessorApp;
import dev.roocode.processor.ProcessorConfig;
import dev.roocode.sandbox.kafka.EmbeddedKafka;
import dev.roocode.sandbox.registry.EmbeddedSchemaRegistry;
import dev.roocode.sandbox.simulator.ProviderSimulator;
import dev.roocode.schemas.avro.Credential;
import dev.roocode.schemas.avro.CredentialKind;
import dev.roocode.schemas.avro.JobKind;
import dev.roocode.schemas.avro.ModelOffer;
import dev.roocode.schemas.avro.ProviderConfig;
import dev.roocode.schemas.avro.ProviderLimits;
import dev.roocode.schemas.avro.ProviderStatus;
import dev.roocode.schemas.avro.RoutePolicy;
import dev.roocode.schemas.config.CommonConfig;
import dev.roocode.schemas.metrics.ServiceMetrics;
import dev.roocode.schemas.registry.RestSchemaRegistryClient;
import dev.roocode.schemas.registry.SchemaRegistryClient;
import dev.roocode.schemas.topic.TopicAdmin;
import dev.roocode.schemas.topic.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything Roocode needs, in this JVM: a real KRaft broker with its data in {@code dataDir}, the
 * embedded schema registry (schemas in {@code _schemas}), the provider simulator, the processor and
 * the connectors. With no provider configured it registers the simulator as provider {@code sim},
 * offering every model; with {@link Options#withProviders} it runs those providers and routes instead.
 * Close stops them in reverse order.
 */
public final class EmbeddedStack implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedStack.class);
    /** Name of the simulator provider registered by default. */
    public static final String SIMULATOR_PROVIDER = "sim";
    /** File in the data folder that remembers the simulator's port for the next start. */
    static final String SIMULATOR_PORT_FILE = "simulator.port";
    /** File in the data folder that remembers the broker's port, so clients reconnect after a restart. */
    static final String BROKER_PORT_FILE = "broker.port";
    /** File in the data folder that remembers the schema registry's port. */
    static final String REGISTRY_PORT_FILE = "registry.port";
    /** File in the data folder that remembers roocode-api's port, so SDKs keep their base URL across restarts. */
    static final String API_PORT_FILE = "api.port";
    /** roocode-api's port in the sandbox when nothing else is asked or remembered (and it is free). */
    public static final int DEFAULT_API_PORT = 8080;
    /**
     * File in the data folder holding this stack's static group membership id (made once): the processor
     * and the workers join their groups with it, so after a crash the restarted stack takes over the dead
     * members' assignments at once instead of waiting for their sessions to expire.
     */
    static final String INSTANCE_ID_FILE = "instance.id";
    /** Session timeout of the stack's group members: the longest a vanished member (not restarted) holds its partitions. */
    static final int SESSION_TIMEOUT_MS = 10_000;
    /**
     * The fetch wait of consumers that read a topic to its end at start: the processor's global and restore
     * consumers and the providers' read-back (the client's default is 500 ms).
     */
    static final int RESTORE_FETCH_MAX_WAIT_MS = 50;

    private final List<AutoCloseable> started = new ArrayList<>();
    private final Topics topics = Topics.defaults();
    private EmbeddedKafka kafka;
    private EmbeddedSchemaRegistry registryServer;
    private SchemaRegistryClient registry;
    private ProviderSimulator simulator;
    private ProcessorApp processor;
    private ConnectorRuntime connectors;
    private final CredentialResolver credentials;
    private Path dataDir;
    private final List<String> notices = new ArrayList<>();
    /** Tenants with a label of their own in the stack's metrics (the services' metrics.tenants.max default). */
    private static final int TENANTS_MAX = 50;

    private ServiceMetrics metrics = ServiceMetrics.disabled();
    private WorkerMetrics workerMetrics;
    private ServiceHttp http;

    private EmbeddedStack(CredentialResolver credentials) {
        this.credentials = credentials;
    }

    /**
     * Settings of an embedded stack.
     *
     * @param providers providers to run instead of the simulator provider (null: the simulator as {@code sim})
     * @param routes    route policies to publish with them
     * @param exclusive remove every other provider left on the providers topic by earlier runs in the same data folder
     * @param metricsPort port of the stack's {@code /metrics} and health endpoint on 127.0.0.1 (0: a free one), or
     *                    null for none (then nothing is recorded)
     */
    public record Options(
            Path dataDir,
            int partitions,
            int simulatorConcurrency,
            List<ProviderConfig> providers,
            List<RoutePolicy> routes,
            boolean exclusive,
            Integer metricsPort) {
        public Options(Path dataDir, int partitions, int simulatorConcurrency) {
            this(dataDir, partitions, simulatorConcurrency, null, List.of(), false, null);
        }

        public Options(
                Path dataDir,
                int partitions,
                int simulatorConcurrency,
                List<ProviderConfig> providers,
                List<RoutePolicy> routes,
                boolean exclusive) {
            this(dataDir, partitions, simulatorConcurrency, providers, routes, exclusive, null);
        }

        /** Serves the processor's and the connectors' metrics (and health) on 127.0.0.1:{@code port} (0: a free port). */
        public Options withMetricsPort(Integer port) {
            return new Options(dataDir, partitions, simulatorConcurrency, providers, routes, exclusive, port);
        }

        public static Options defaults(Path dataDir) {
            return new Options(dataDir, 4, 64);
        }

        public Options withPartitions(int partitions) {
            return new Options(dataDir, partitions, simulatorConcurrency, providers, routes, exclusive, metricsPort);
        }

        /** Runs {@code providers} (made ACTIVE) and {@code routes} instead of the simulator provider. */
        public Options withProviders(List<ProviderConfig> providers, List<RoutePolicy> routes) {
            return new Options(dataDir, partitions, simulatorConcurrency, providers, routes, exclusive, metricsPort);
        }

        /** Removes providers of earlier runs that this run does not configure. */
        public Options removingOtherProviders() {
            return new Options(dataDir, partitions, simulatorConcurrency, providers, routes, true, metricsPort);
        }
    }

    /** Starts every part, reporting each step to {@code status}; on failure stops what was started. */
    public static EmbeddedStack start(Options options, Consumer<String> status) throws Exception {
        return start(options, status, new CredentialResolver());
    }

    /**
     * Starts every part with connectors that read API keys through {@code credentials} (tests pass
     * their own environment, master key included).
     */
    public static EmbeddedStack start(Options options, Consumer<String> status, CredentialResolver credentials)
            throws Exception {
        return start(options, status, credentials, null);
    }

    /**
     * Starts every part on a data folder whose lock the caller already holds ({@code lock}; null: take it
     * here); the stack releases it on close, also when the start fails.
     */
    public static EmbeddedStack start(
            Options options, Consumer<String> status, CredentialResolver credentials, DataDirLock lock)
            throws Exception {
        EmbeddedStack stack = new EmbeddedStack(credentials);
        try {
            // first of all: a second process on the same folder would corrupt the broker's metadata log
            stack.track(lock != null ? lock : DataDirLock.acquire(options.dataDir()));
            stack.startAll(options, status);
            return stack;
        } catch (Exception | Error e) {
            stack.close();
            throw e;
        }
    }

    private void startAll(Options options, Consumer<String> reported) throws Exception {
        dataDir = options.dataDir();
        // each step's time goes to the log: a slow (re)start shows where its time went
        long[] stepStart = {System.nanoTime()};
        String[] step = {null};
        Consumer<String> status = next -> {
            long now = System.nanoTime();
            if (step[0] != null) {
                log.info("start step '{}' took {} ms", step[0], TimeUnit.NANOSECONDS.toMillis(now - stepStart[0]));
            }
            step[0] = next;
            stepStart[0] = now;
            if (next != null) {
                reported.accept(next);
            }
        };
        if (options.metricsPort() != null) {
            // first: a port in use must stop the start before the broker runs
            metrics = track(ServiceMetrics.prometheus(TENANTS_MAX));
            http = track(startHttp(options.metricsPort()));
            metrics.serveOn(http);
        }
        // the simulator needs nothing else: it starts on its own thread while the broker starts
        CompletableFuture<ProviderSimulator> simulatorStart = CompletableFuture.supplyAsync(
                () -> {
                    try {
                        return startSimulator(options.dataDir());
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                },
                EmbeddedStack::startOnDaemonThread);
        try {
            startBrokerAndRegistry(options, status);
        } catch (Exception | Error e) {
            try {
                simulatorStart.join().close();
            } catch (RuntimeException ignored) {
                // the broker's failure is the one to report
            }
            throw e;
        }
        status.accept("starting provider simulator");
        try {
            simulator = track(simulatorStart.join());
        } catch (CompletionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
        String instanceId = instanceId(dataDir);

        status.accept("creating topics");
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            // a restart on the same data folder keeps the partition counts of the first start (co-partitioning)
            Map<String, Integer> existing = new HashMap<>();
            Set<String> names = admin.listTopics().names().get(60, TimeUnit.SECONDS);
            if (!names.isEmpty()) {
                admin.describeTopics(names)
                        .allTopicNames()
                        .get(60, TimeUnit.SECONDS)
                        .forEach((name, description) ->
                                existing.put(name, description.partitions().size()));
            }
            TopicPlan plan = TopicPlan.of(
                    topics,
                    options.providers() == null ? providerNames(options) : TopicPlan.dispatchNames(options.providers()),
                    options.partitions(),
                    Optional.of((short) 1),
                    existing);
            List<NewTopic> newTopics = new ArrayList<>(plan.toCreate());
            long topicsBegin = System.nanoTime();
            TopicAdmin.createAndAwait(admin, newTopics, Duration.ofSeconds(60));
            TopicAdmin.awaitReady(admin, plan.existing(), Duration.ofSeconds(60));
            log.info(
                    "topics: {} created, {} existing, all with leaders in {} ms",
                    newTopics.size(),
                    plan.existing().size(),
                    millisSince(topicsBegin));
        }
        long publishBegin = System.nanoTime();
        publishProviders(options);
        log.info("providers published in {} ms", millisSince(publishBegin));

        status.accept("starting processor and connectors");
        Map<String, Object> common = commonProperties();
        Map<String, Object> processorProps = new HashMap<>(common);
        processorProps.put(
                ProcessorConfig.STATE_DIR, options.dataDir().resolve("streams").toString());
        // static membership: after a kill the restarted processor (same id, from the data folder) replaces
        // the dead member at once; Streams suffixes the id with the thread index
        processorProps.put(
                StreamsConfig.mainConsumerPrefix(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG),
                "roocode-processor-" + instanceId);
        processorProps.put(
                StreamsConfig.mainConsumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), SESSION_TIMEOUT_MS);
        // the global and restore consumers read one partition after another at the start, and the broker holds
        // the fetch left pending at a partition's end for fetch.max.wait.ms before the next one's offsets can be
        // asked: 16 waits of 500 ms in a start (docs/benchmarks.md, "Where the processor's start went")
        processorProps.put(
                StreamsConfig.globalConsumerPrefix(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG), RESTORE_FETCH_MAX_WAIT_MS);
        processorProps.put(
                StreamsConfig.restoreConsumerPrefix(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG),
                RESTORE_FETCH_MAX_WAIT_MS);
        processor = track(new ProcessorApp(new ProcessorConfig(processorProps), registry, metrics));
        processor.start();
        // the connectors join their groups while the processor restores its stores: their topics exist, and a
        // worker only reads what the processor dispatched, so neither waits for the other
        connectors = track(new ConnectorRuntime(
                new ConnectorsConfig(connectorProperties()), registry, credentials, workerMetrics()));
        connectors.start();
        processor.awaitRunning(Duration.ofSeconds(120));
        // folders 0700, files 0600, also for what an older version or a crashed run left
        Private.restrictTree(dataDir);
        status.accept(null);
    }

    /** The broker, then the schema registry on it. */
    private void startBrokerAndRegistry(Options options, Consumer<String> status) throws IOException {
        status.accept("starting Kafka broker");
        int brokerPort = rememberedPort(dataDir, BROKER_PORT_FILE, "broker");
        kafka = track(EmbeddedKafka.builder()
                .dataDirectory(options.dataDir().resolve("kafka"))
                .port(brokerPort)
                // one node: a few partitions for the internal topics load and recover much faster than 50
                .brokerProperty("offsets.topic.num.partitions", "4")
                .brokerProperty("transaction.state.log.num.partitions", "4")
                .build()
                .start());
        rememberPort(dataDir, BROKER_PORT_FILE, portOf(kafka.bootstrapServers()));
        status.accept("starting schema registry");
        int registryPort = rememberedPort(dataDir, REGISTRY_PORT_FILE, "schema registry");
        registryServer = track(EmbeddedSchemaRegistry.builder()
                .bootstrapServers(kafka.bootstrapServers())
                .port(registryPort)
                .build()
                .start());
        rememberPort(dataDir, REGISTRY_PORT_FILE, portOf(registryServer.url()));
        registry = track(RestSchemaRegistryClient.forUrl(registryServer.url()));
    }

    private static List<String> providerNames(Options options) {
        return options.providers() == null
                ? List.of(SIMULATOR_PROVIDER)
                : options.providers().stream().map(ProviderConfig::getName).toList();
    }

    /**
     * Publishes the configured providers (ACTIVE) and routes, or the simulator as provider {@code sim};
     * when exclusive, tombstones every other provider. A provider whose record on the topic already says
     * the same (version aside) is not written again: the connectors replay every version at start, so a
     * write per start would make each start slower than the one before.
     */
    private void publishProviders(Options options) throws Exception {
        List<ProviderConfig> providers = options.providers() == null
                ? List.of(simulatorProvider(options.simulatorConcurrency()))
                : options.providers();
        Map<String, Object> props = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all");
        String topic = topics.providers().name();
        Map<String, byte[]> current = currentProviders();
        try (KafkaProducer<String, byte[]> producer =
                new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
            if (options.exclusive()) {
                List<String> keep = providerNames(options);
                for (String old : current.keySet()) {
                    if (!keep.contains(old)) {
                        producer.send(new ProducerRecord<>(topic, old, null));
                    }
                }
            }
            long version = System.currentTimeMillis();
            for (ProviderConfig provider : providers) {
                ProviderConfig active = ProviderConfig.newBuilder(provider)
                        .setStatus(ProviderStatus.ACTIVE)
                        .setVersion(version)
                        .build();
                if (!sameExceptVersion(current.get(active.getName()), active)) {
                    producer.send(new ProducerRecord<>(
                            topic,
                            active.getName(),
                            topics.providers().valueSerde(registry).serialize(topic, active)));
                }
            }
            String routesTopic = topics.routes().name();
            for (RoutePolicy route : options.routes()) {
                producer.send(new ProducerRecord<>(
                        routesTopic,
                        route.getModel(),
                        topics.routes().valueSerde(registry).serialize(routesTopic, route)));
            }
            producer.flush();
        }
    }

    private boolean sameExceptVersion(byte[] currentValue, ProviderConfig wanted) {
        if (currentValue == null) {
            return false;
        }
        try {
            ProviderConfig current = topics.providers()
                    .valueSerde(registry)
                    .deserialize(topics.providers().name(), currentValue);
            return ProviderConfig.newBuilder(current)
                    .setVersion(wanted.getVersion())
                    .build()
                    .equals(wanted);
        } catch (RuntimeException e) {
            return false; // unreadable (older schema, damaged): write a fresh one
        }
    }

    /** The latest value of every provider on the providers topic now (tombstoned ones excluded). */
    private Map<String, byte[]> currentProviders() {
        // a short fetch wait: close() waits for the fetch sent ahead after the last record (SchemaLog.replayInto)
        Map<String, Object> props = Map.of(
                "bootstrap.servers",
                kafka.bootstrapServers(),
                "enable.auto.commit",
                false,
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG,
                RESTORE_FETCH_MAX_WAIT_MS);
        Map<String, byte[]> present = new LinkedHashMap<>();
        try (KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer
                    .partitionsFor(topics.providers().name())
                    .stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (r.value() == null) {
                        present.remove(r.key());
                    } else {
                        present.put(r.key(), r.value());
                    }
                });
            }
        }
        return present;
    }

    /**
     * The simulator on the port of the previous start in this data folder when it is free (so provider
     * {@code sim}'s endpoint, and with it its record, stays the same), else on a free port.
     */
    private static ProviderSimulator startSimulator(Path dataDir) throws IOException {
        Path portFile = dataDir.resolve(SIMULATOR_PORT_FILE);
        ProviderSimulator started = null;
        if (Files.isRegularFile(portFile)) {
            try {
                int port = Integer.parseInt(Files.readString(portFile).trim());
                started = ProviderSimulator.builder().port(port).build().start();
            } catch (RuntimeException e) {
                // taken by another program meanwhile, or a damaged file: any free port will do
            }
        }
        if (started == null) {
            started = ProviderSimulator.builder().build().start();
        }
        Files.writeString(portFile, Integer.toString(started.port()));
        Private.restrict(portFile);
        return started;
    }

    private ProviderConfig simulatorProvider(int concurrency) {
        return ProviderConfig.newBuilder()
                .setName(SIMULATOR_PROVIDER)
                .setType("openai-compatible")
                .setStatus(ProviderStatus.ACTIVE)
                .setEndpoint(simulator.url())
                .setCredential(
                        Credential.newBuilder().setKind(CredentialKind.NONE).build())
                .setOffers(List.of(anyModel(JobKind.CHAT), anyModel(JobKind.EMBEDDING)))
                .setLimits(ProviderLimits.newBuilder()
                        .setMaxConcurrency(concurrency)
                        .build())
                .setTimeoutMs(30_000)
                .setVersion(System.currentTimeMillis())
                .build();
    }

    private static ModelOffer anyModel(JobKind kind) {
        return ModelOffer.newBuilder()
                .setModel("*")
                .setProviderModel("*")
                .setKind(kind)
                .build();
    }

    private static void startOnDaemonThread(Runnable task) {
        Thread thread = new Thread(task, "roocode-embedded-start");
        thread.setDaemon(true);
        thread.start();
    }

    private static void stop(AutoCloseable part) {
        long partBegin = System.nanoTime();
        try {
            part.close();
        } catch (Exception e) {
            // keep stopping the rest; the first failure is not worth hiding the others' shutdown
        }
        // each part's stop time goes to the log: a slow exit shows which part held it
        log.info("stop '{}' took {} ms", partName(part), millisSince(partBegin));
    }

    private static String partName(AutoCloseable part) {
        String name = part.getClass().getSimpleName();
        return name.isEmpty() ? part.getClass().getName() : name;
    }

    private static long millisSince(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - nanos);
    }

    private <T extends AutoCloseable> T track(T part) {
        started.add(part);
        return part;
    }

    public String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    public String schemaRegistryUrl() {
        return registryServer.url();
    }

    public SchemaRegistryClient registry() {
        return registry;
    }

    public ProviderSimulator simulator() {
        return simulator;
    }

    public ProcessorApp processor() {
        return processor;
    }

    public ConnectorRuntime connectors() {
        return connectors;
    }

    /**
     * Stops the connectors, abruptly ({@code crash}: no commit, in-flight calls abandoned) or cleanly,
     * and starts a new runtime in their place, as a restarted process would.
     */
    public void restartConnectors(boolean crash) {
        started.remove(connectors);
        if (crash) {
            connectors.crash();
        } else {
            connectors.close();
        }
        connectors = track(new ConnectorRuntime(
                new ConnectorsConfig(connectorProperties()), registry, credentials, workerMetrics()));
        connectors.start();
    }

    /** Health and metrics on 127.0.0.1:{@code port}; a port in use is one line naming the option to change. */
    private ServiceHttp startHttp(int port) {
        try {
            return ServiceHttp.start(
                    "127.0.0.1",
                    port,
                    () -> true,
                    () -> processor != null && connectors != null && processor.state() == KafkaStreams.State.RUNNING
                            ? Readiness.ready("running")
                            : Readiness.notReady("starting"));
        } catch (ServiceHttp.ServiceHttpException e) {
            throw new CliException(
                    CliException.FAILURE,
                    e.getMessage().contains("already in use")
                            ? "cannot serve metrics on 127.0.0.1:" + port
                                    + ": the port is already in use; choose another with --metrics-port (0: any free"
                                    + " port)"
                            : e.getMessage());
        }
    }

    /** The connectors' meters, made once: a restarted runtime goes on counting into the same ones. */
    private WorkerMetrics workerMetrics() {
        if (workerMetrics == null) {
            workerMetrics = new WorkerMetrics(metrics);
        }
        return workerMetrics;
    }

    /** The port of {@code /metrics} and health, or -1 when the stack serves none. */
    public int metricsPort() {
        return http == null ? -1 : http.port();
    }

    /** The stack's metrics (recording nothing when it serves none). */
    public ServiceMetrics metrics() {
        return metrics;
    }

    /** The connectors' settings: static membership with this data folder's id, short sessions (one node). */
    private Map<String, Object> connectorProperties() throws UncheckedIOException {
        Map<String, Object> props = commonProperties();
        try {
            props.put(ConnectorsConfig.GROUP_INSTANCE_ID, "roocode-connectors-" + instanceId(dataDir));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        props.put(ConnectorsConfig.CONSUMER_PREFIX + ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, SESSION_TIMEOUT_MS);
        return props;
    }

    /** This data folder's static membership id: read from {@value #INSTANCE_ID_FILE}, made on first start. */
    static String instanceId(Path dataDir) throws IOException {
        Path file = dataDir.resolve(INSTANCE_ID_FILE);
        if (Files.isRegularFile(file)) {
            String id = Files.readString(file).trim();
            if (id.matches("[A-Za-z0-9-]{8,64}")) {
                return id;
            }
        }
        String id = UUID.randomUUID().toString();
        Files.writeString(file, id);
        Private.restrict(file);
        return id;
    }

    /**
     * The port {@code what} had at the previous start in this data folder when it is free now (0 when there
     * is none or it is taken: a free port is picked, and a notice says so).
     */
    private int rememberedPort(Path dataDir, String fileName, String what) {
        Path file = dataDir.resolve(fileName);
        if (!Files.isRegularFile(file)) {
            return 0;
        }
        int port;
        try {
            port = Integer.parseInt(Files.readString(file).trim());
        } catch (IOException | NumberFormatException e) {
            return 0; // damaged: any free port will do
        }
        if (port < 1 || port > 65535) {
            return 0;
        }
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return port;
        } catch (IOException e) {
            notices.add("the " + what + "'s port " + port
                    + " of the previous start is taken by another program: using a new port;"
                    + " clients configured with the old address must be pointed at the new one");
            return 0;
        }
    }

    /** The port at the end of {@code localhost:9092} or {@code http://localhost:8081}. */
    static int portOf(String address) {
        return Integer.parseInt(address.substring(address.lastIndexOf(':') + 1).replaceAll("/.*", ""));
    }

    private static void rememberPort(Path dataDir, String fileName, int port) throws IOException {
        Path file = dataDir.resolve(fileName);
        Files.writeString(file, Integer.toString(port));
        Private.restrict(file);
    }

    /** What this start did differently from the previous one in the data folder (a port changed), for the user. */
    public List<String> notices() {
        return List.copyOf(notices);
    }

    /** Stops the processor and starts a new instance on the same state folder and consumer group. */
    public void restartProcessor() throws Exception {
        started.remove(processor);
        processor.close();
        processor = track(new ProcessorApp(processor.config(), registry, metrics));
        processor.start();
        processor.awaitRunning(Duration.ofSeconds(120));
    }

    private Map<String, Object> commonProperties() {
        Map<String, Object> common = new HashMap<>();
        common.put(CommonConfig.BOOTSTRAP_SERVERS, kafka.bootstrapServers());
        common.put(CommonConfig.SCHEMA_REGISTRY_URL, registryServer.url());
        return common;
    }

    public Topics topics() {
        return topics;
    }

    /**
     * Starts roocode-api on this stack, on 127.0.0.1:{@code port} (0: a free port) with its files under the data
     * folder; the stack stops it on close.
     *
     * @param authenticator resolves keys; null: the keys on the cluster ({@code roocode keys create})
     */
    public ApiServices startApi(int port, Authenticator authenticator) {
        return startApi(port, authenticator, ProviderAdminFactory.discover());
    }

    /**
     * Starts roocode-api as {@link #startApi(int, Authenticator)} does (which finds the CLI's admin operations on the
     * class path, as the service does), with the admin endpoints and the web console on the operations of {@code
     * admin} (null: none, every admin operation answers 501).
     */
    public ApiServices startApi(int port, Authenticator authenticator, ProviderAdminFactory admin) {
        Map<String, Object> settings = new HashMap<>(commonProperties());
        settings.put(CommonConfig.HTTP_HOST, "127.0.0.1");
        settings.put(CommonConfig.HTTP_PORT, port);
        settings.put(ApiConfig.FILES_DIR, dataDir.resolve("files").toString());
        return track(
                ApiServices.start(new ApiConfig(settings), registry, authenticator, ServiceMetrics.disabled(), admin));
    }

    /**
     * roocode-api for {@code roocode sandbox}, with the cluster's keys: on {@code port} when given (0: a free port),
     * else on the port of the previous start in this data folder when it is free, else on {@value #DEFAULT_API_PORT}
     * when free, else on a free port (with a notice when the port changed). The port is remembered for the next start.
     */
    public ApiServices startSandboxApi(Integer port) throws IOException {
        int chosen;
        if (port != null) {
            chosen = port;
        } else {
            chosen = rememberedPort(dataDir, API_PORT_FILE, "API");
            if (chosen == 0 && isFree(DEFAULT_API_PORT)) {
                chosen = DEFAULT_API_PORT;
            }
        }
        ApiServices api;
        try {
            api = startApi(chosen, null);
        } catch (RuntimeException e) {
            if (port != null && causedByBindFailure(e)) {
                throw new CliException(
                        CliException.FAILURE,
                        "cannot serve the API on 127.0.0.1:" + port
                                + ": the port is already in use; choose another with --api-port (0: any free port)");
            }
            throw e;
        }
        rememberPort(dataDir, API_PORT_FILE, api.server().port());
        return api;
    }

    private static boolean isFree(int port) {
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean causedByBindFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BindException) {
                return true;
            }
        }
        return false;
    }

    /** Client properties for this stack: bootstrap servers and registry URL. */
    public Map<String, Object> clientProperties() {
        return commonProperties();
    }

    @Override
    public void close() {
        long begin = System.nanoTime();
        // the processor and the connectors share nothing but the broker and each mostly waits on it (a last
        // commit, leaving its groups): they stop side by side, then the rest in the reverse order of their start
        List<AutoCloseable> services = new ArrayList<>();
        for (AutoCloseable part : started) {
            if (part == processor || part == connectors) {
                services.add(part);
            }
        }
        List<Thread> stopping = new ArrayList<>();
        for (AutoCloseable service : services) {
            Thread thread = new Thread(() -> stop(service), "roocode-stop-" + partName(service));
            thread.start();
            stopping.add(thread);
        }
        for (Thread thread : stopping) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (int i = started.size() - 1; i >= 0; i--) {
            AutoCloseable part = started.get(i);
            if (!services.contains(part)) {
                stop(part);
            }
        }
        if (!started.isEmpty()) {
            log.info("stopped in {} ms", millisSince(begin));
        }
        started.clear();
        if (dataDir != null) {
            try {
                // files the broker and the processor created while running got the process umask
                Private.restrictTree(dataDir);
            } catch (IOException | RuntimeException e) {
                // the 0700 data folder still keeps other users out
            }
        }
    }
}
