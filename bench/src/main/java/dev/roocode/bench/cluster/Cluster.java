package dev.roocode.bench.cluster;

import dev.roocode.api.ApiConfig;
import dev.roocode.bench.floor.FloorStreamsMain;
import dev.roocode.bench.floor.FloorTopics;
import dev.roocode.bench.floor.FloorWorkerMain;
import dev.roocode.client.ClientConfig;
import dev.roocode.connectors.worker.ConnectorsMain;
import dev.roocode.processor.ProcessorMain;
import dev.roocode.sandbox.registry.EmbeddedSchemaRegistry;
import dev.roocode.sandbox.simulator.SimulatorMain;
import dev.roocode.schemas.avro.Credential;
import dev.roocode.schemas.avro.CredentialKind;
import dev.roocode.schemas.avro.JobKind;
import dev.roocode.schemas.avro.ModelOffer;
import dev.roocode.schemas.avro.ProviderConfig;
import dev.roocode.schemas.avro.ProviderLimits;
import dev.roocode.schemas.avro.ProviderStatus;
import dev.roocode.schemas.config.ClientProperties;
import dev.roocode.schemas.config.CommonConfig;
import dev.roocode.schemas.registry.RestSchemaRegistryClient;
import dev.roocode.schemas.registry.SchemaRegistryClient;
import dev.roocode.schemas.topic.TopicAdmin;
import dev.roocode.schemas.topic.TopicSpec;
import dev.roocode.schemas.topic.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Roocode as separate processes on one machine: a KRaft broker, the provider simulator, the processor and
 * the connectors each in its own JVM, plus the schema registry in this (the load generator's) JVM so it
 * outlives broker restarts. Also hosts the floor pipeline's two processes. Every process can be killed
 * with SIGKILL and started again on the same data, port and consumer group.
 */
public final class Cluster implements AutoCloseable {
    /** The simulator's provider name, as {@code roocode run} registers it. */
    public static final String PROVIDER = "sim";
    /** Topics of the floor pipeline: jobs → pass-through → dispatch → worker → outcomes → pass-through → results. */
    public static final String FLOOR_JOBS = FloorTopics.JOBS;

    public static final String FLOOR_DISPATCH = FloorTopics.DISPATCH;
    public static final String FLOOR_OUTCOMES = FloorTopics.OUTCOMES;
    public static final String FLOOR_RESULTS = FloorTopics.RESULTS;
    /** Topic of the raw scenario: the load generator reads what it writes. */
    public static final String RAW = "raw.records";

    /** Static group membership ids, stable across restarts: the processor's main consumer and the workers. */
    static final String PROCESSOR_INSTANCE_ID = "bench-processor";

    static final String CONNECTORS_INSTANCE_ID = "bench-connectors";

    private static final List<String> LOG_FLAGS = List.of("-Dlog4j2.configurationFile=log4j2-bench.xml");

    private final Path dir;
    private final Path logs;
    private final int partitions;
    private final int window;
    private final Topics topics = Topics.defaults();
    private final int brokerPort;
    private final int simulatorPort;
    private JvmProcess broker;
    private JvmProcess simulator;
    private JvmProcess processor;
    private JvmProcess connectors;
    private JvmProcess api;
    private JvmProcess floorStreams;
    private JvmProcess floorWorker;
    private EmbeddedSchemaRegistry registryServer;
    private SchemaRegistryClient registry;
    private String registryUrl;
    private Map<String, String> processorSettings = new HashMap<>();
    private Map<String, String> floorSettings = new HashMap<>();
    private Map<String, String> connectorsSettings = new HashMap<>();
    private List<String> simulatorArgs = List.of();
    private boolean metricsEnabled = true;
    private int processorStarts;

    /**
     * @param dir        data and logs of every process ({@code logs/<process>.log})
     * @param partitions partitions of jobs, dispatch, outcomes, fallback, results (and the floor's topics)
     * @param window     the provider's maxConcurrency: the worker's in-flight window (also the floor worker's)
     */
    public Cluster(Path dir, int partitions, int window) {
        this.dir = dir;
        this.logs = dir.resolve("logs");
        this.partitions = partitions;
        this.window = window;
        this.brokerPort = freePort();
        this.simulatorPort = freePort();
        // a runner stopped with Ctrl-C or SIGTERM must not leave a broker and four JVMs behind
        Runtime.getRuntime().addShutdownHook(new Thread(this::killAll, "bench-cluster-cleanup"));
    }

    private void killAll() {
        for (JvmProcess p : new JvmProcess[] {floorStreams, floorWorker, processor, connectors, simulator, broker}) {
            if (p != null && p.isAlive()) {
                try {
                    p.kill();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** Starts the broker, the registry (in this JVM) and the simulator, and creates every topic. */
    public Cluster startInfrastructure() throws Exception {
        return startInfrastructure(bootstrap -> {
            registryServer = EmbeddedSchemaRegistry.builder()
                    .bootstrapServers(bootstrap)
                    .build()
                    .start();
            return registryServer.url();
        });
    }

    /** Starts a schema registry once the broker is up; returns its URL. */
    @FunctionalInterface
    public interface RegistryStarter {
        String start(String bootstrap) throws Exception;
    }

    /**
     * Starts the broker, then the registry with {@code registryStarter} (e.g. a standalone registry process,
     * which the caller then owns), the simulator, and creates every topic.
     */
    public Cluster startInfrastructure(RegistryStarter registryStarter) throws Exception {
        startBroker();
        registryUrl = registryStarter.start(bootstrap());
        registry = RestSchemaRegistryClient.forUrl(registryUrl);
        simulator = JvmProcess.start(
                "simulator", SimulatorMain.class.getName(), simulatorCommandLine(), LOG_FLAGS, Map.of(), logs);
        simulator.awaitLog("http://", 60_000);
        createTopics();
        publishProvider();
        return this;
    }

    private List<String> simulatorCommandLine() {
        List<String> args = new ArrayList<>(List.of("--port", String.valueOf(simulatorPort)));
        args.addAll(simulatorArgs);
        return args;
    }

    /** Extra options of the simulator (e.g. {@code --batch-turnaround-ms 120000}); set before it starts. */
    public Cluster simulatorArgs(List<String> args) {
        this.simulatorArgs = List.copyOf(args);
        return this;
    }

    /**
     * Creates the dispatch topics of {@code providers}' candidates, as {@code roocode init} does
     * (TopicPlan.dispatchNames): {@code dispatch.<p>} for each, and {@code dispatch-batch.<p>} (one partition)
     * for one with a batch endpoint, so its {@code <p>:batch} candidate has a topic to go to.
     */
    public void createDispatchTopics(List<ProviderConfig> providers) {
        List<NewTopic> newTopics = new ArrayList<>();
        for (ProviderConfig provider : providers) {
            newTopics.add(topics.dispatch(provider.getName()).newTopic(partitions, (short) 1));
            if (provider.getBatch() != null) {
                newTopics.add(topics.batchDispatch(provider.getName()).newTopic(1, (short) 1));
            }
        }
        try (Admin admin = admin()) {
            TopicAdmin.createAndAwait(admin, newTopics, Duration.ofSeconds(60));
        }
    }

    public void startBroker() throws Exception {
        broker = JvmProcess.start(
                "broker",
                BrokerMain.class.getName(),
                List.of(dir.resolve("kafka").toString(), String.valueOf(brokerPort)),
                LOG_FLAGS,
                Map.of(),
                logs);
        broker.awaitLog("BROKER READY", 120_000);
    }

    /** SIGKILL of the broker. */
    public void killBroker() throws InterruptedException {
        broker.kill();
    }

    private void createTopics() {
        try (Admin admin = admin()) {
            List<NewTopic> newTopics = new ArrayList<>();
            for (TopicSpec<?> spec : topics.fixed()) {
                newTopics.add(spec.newTopic(topics.partitionsFor(spec, partitions), (short) 1));
            }
            newTopics.add(topics.dispatch(PROVIDER)
                    .newTopic(topics.partitionsFor(topics.dispatch(PROVIDER), partitions), (short) 1));
            for (String floor : List.of(FLOOR_JOBS, FLOOR_DISPATCH, FLOOR_OUTCOMES, FLOOR_RESULTS, RAW)) {
                newTopics.add(new NewTopic(floor, partitions, (short) 1));
            }
            TopicAdmin.createAndAwait(admin, newTopics, Duration.ofSeconds(60));
        }
    }

    private void publishProvider() {
        ProviderConfig sim = ProviderConfig.newBuilder()
                .setName(PROVIDER)
                .setType("openai-compatible")
                .setStatus(ProviderStatus.ACTIVE)
                .setEndpoint(simulatorUrl())
                .setCredential(
                        Credential.newBuilder().setKind(CredentialKind.NONE).build())
                .setOffers(List.of(anyModel(JobKind.CHAT), anyModel(JobKind.EMBEDDING)))
                .setLimits(ProviderLimits.newBuilder().setMaxConcurrency(window).build())
                .setTimeoutMs(30_000)
                .setVersion(System.currentTimeMillis())
                .build();
        publishProviders(List.of(sim));
    }

    /**
     * Publishes the catch-all provider {@link #PROVIDER} again, INACTIVE at a new version: in a routing run it would be
     * a free candidate for any model.
     */
    public void retireCatchAllProvider() {
        publishProviders(List.of(ProviderConfig.newBuilder()
                .setName(PROVIDER)
                .setType("openai-compatible")
                .setStatus(ProviderStatus.INACTIVE)
                .setEndpoint(simulatorUrl())
                .setVersion(System.currentTimeMillis())
                .build()));
    }

    /** Publishes {@code providers}' configs on the providers topic, in order, acknowledged by the broker (acks=all). */
    public void publishProviders(List<ProviderConfig> providers) {
        Map<String, Object> props = clientProperties().producer();
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        String topic = topics.providers().name();
        var serde = topics.providers().valueSerde(registry);
        try (KafkaProducer<String, byte[]> producer =
                new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
            for (ProviderConfig p : providers) {
                producer.send(new ProducerRecord<>(topic, p.getName(), serde.serialize(topic, p)));
            }
        }
    }

    private static ModelOffer anyModel(JobKind kind) {
        return ModelOffer.newBuilder()
                .setModel("*")
                .setProviderModel("*")
                .setKind(kind)
                .build();
    }

    /**
     * Processor settings for the next (re)start, e.g. {@code processing.guarantee}, {@code commit.interval.ms};
     * any Kafka Streams setting passes through.
     */
    public Cluster processorSettings(Map<String, String> settings) {
        this.processorSettings = new HashMap<>(settings);
        return this;
    }

    /** Connectors settings for the next (re)start, e.g. {@code batch.fallback.margin.ms}. */
    public Cluster connectorsSettings(Map<String, String> settings) {
        this.connectorsSettings = new HashMap<>(settings);
        return this;
    }

    /** Whether processor and connectors record metrics ({@code metrics.enabled}) from their next (re)start. */
    public Cluster metricsEnabled(boolean enabled) {
        this.metricsEnabled = enabled;
        return this;
    }

    public void startProcessor() throws IOException {
        Map<String, String> env = new HashMap<>(common());
        env.put("ROOCODE_STATE_DIR", dir.resolve("processor-state").toString());
        // static membership, as docs/guarantees.md advises for separate processes: the restarted processor
        // (same id) replaces the SIGKILLed member at once. With dynamic membership a restart after a double
        // kill could sit in REBALANCING for minutes on a loaded machine, which the suite counted as lost jobs.
        env.put("ROOCODE_MAIN_CONSUMER_GROUP_INSTANCE_ID", PROCESSOR_INSTANCE_ID);
        // the longest a member that is not restarted holds its partitions
        env.put("ROOCODE_SESSION_TIMEOUT_MS", "10000");
        processorSettings.forEach((key, value) -> env.put(envName(key), value));
        processor = JvmProcess.start("processor", ProcessorMain.class.getName(), List.of(), LOG_FLAGS, env, logs);
        processorStarts++;
    }

    public void startConnectors() throws IOException {
        Map<String, String> env = new HashMap<>(common());
        // static membership (one connectors process at a time in this cluster): see startProcessor
        env.put("ROOCODE_GROUP_INSTANCE_ID", CONNECTORS_INSTANCE_ID);
        env.put("ROOCODE_SESSION_TIMEOUT_MS", "10000");
        connectorsSettings.forEach((key, value) -> env.put(envName(key), value));
        connectors = JvmProcess.start("connectors", ConnectorsMain.class.getName(), List.of(), LOG_FLAGS, env, logs);
    }

    /** Floor settings for the next start of its streams process ({@code processing.guarantee}, {@code commit.interval.ms}). */
    public Cluster floorSettings(Map<String, String> settings) {
        this.floorSettings = new HashMap<>(settings);
        return this;
    }

    public void startFloor() throws IOException {
        Map<String, String> env = new HashMap<>();
        floorSettings.forEach((key, value) -> env.put(envName(key), value));
        floorStreams = JvmProcess.start(
                "floor-streams",
                FloorStreamsMain.class.getName(),
                List.of(bootstrap(), dir.resolve("floor-state").toString()),
                LOG_FLAGS,
                env,
                logs);
        floorWorker = JvmProcess.start(
                "floor-worker",
                FloorWorkerMain.class.getName(),
                List.of(bootstrap(), simulatorUrl(), String.valueOf(window)),
                LOG_FLAGS,
                Map.of(),
                logs);
    }

    public void stopFloor() throws InterruptedException {
        closeQuietly(floorStreams);
        closeQuietly(floorWorker);
        floorStreams = null;
        floorWorker = null;
    }

    public void stopRoocode() throws InterruptedException {
        stopApi();
        closeQuietly(processor);
        closeQuietly(connectors);
        processor = null;
        connectors = null;
    }

    /**
     * Starts roocode-api ({@link ApiBenchMain}: the service with the bench's key {@link ApiBenchMain#KEY}) on
     * 127.0.0.1:{@code port}, its files under the cluster's folder.
     */
    public void startApi(int port) throws IOException {
        Map<String, String> env = new HashMap<>(common());
        env.put(envName(CommonConfig.HTTP_PORT), String.valueOf(port));
        env.put(envName(CommonConfig.HTTP_HOST), "127.0.0.1");
        env.put(envName(ApiConfig.FILES_DIR), dir.resolve("api-files").toString());
        api = JvmProcess.start("api", ApiBenchMain.class.getName(), List.of(), LOG_FLAGS, env, logs);
    }

    public void stopApi() throws InterruptedException {
        closeQuietly(api);
        api = null;
    }

    public JvmProcess processor() {
        return processor;
    }

    public JvmProcess connectors() {
        return connectors;
    }

    public JvmProcess broker() {
        return broker;
    }

    public JvmProcess simulator() {
        return simulator;
    }

    public JvmProcess floorStreams() {
        return floorStreams;
    }

    public JvmProcess floorWorker() {
        return floorWorker;
    }

    /**
     * CPU time used so far by each live process (by name) and by this JVM ({@code load generator}, which
     * also hosts the schema registry); subtract two readings to get a phase's CPU per process.
     */
    public Map<String, Duration> cpu() {
        Map<String, Duration> cpu = new LinkedHashMap<>();
        for (JvmProcess p :
                new JvmProcess[] {broker, simulator, processor, connectors, api, floorStreams, floorWorker}) {
            if (p != null && p.isAlive()) {
                p.cpu().ifPresent(d -> cpu.put(p.name(), d));
            }
        }
        ProcessHandle.current().info().totalCpuDuration().ifPresent(d -> cpu.put("load generator", d));
        return cpu;
    }

    public SimulatorStats simulatorStats() {
        return new SimulatorStats(simulatorUrl());
    }

    private Map<String, String> common() {
        return Map.of(
                envName(CommonConfig.BOOTSTRAP_SERVERS),
                bootstrap(),
                envName(CommonConfig.SCHEMA_REGISTRY_URL),
                registryUrl,
                // a free port each: 7071/7072 may be taken by another run or service on the same machine
                envName(CommonConfig.HTTP_PORT),
                "0",
                envName(CommonConfig.METRICS_ENABLED),
                String.valueOf(metricsEnabled));
    }

    private static String envName(String key) {
        return "ROOCODE_" + key.toUpperCase(Locale.ROOT).replace('.', '_');
    }

    public String bootstrap() {
        return "127.0.0.1:" + brokerPort;
    }

    public String simulatorUrl() {
        return "http://127.0.0.1:" + simulatorPort;
    }

    /** URL of the schema registry the services are given. */
    public String registryUrl() {
        return registryUrl;
    }

    public SchemaRegistryClient registry() {
        return registry;
    }

    public Topics topics() {
        return topics;
    }

    public int partitions() {
        return partitions;
    }

    public int window() {
        return window;
    }

    public Path logs() {
        return logs;
    }

    public Admin admin() {
        return Admin.create(clientProperties().admin());
    }

    /** Client properties for this cluster, built the way every Roocode service builds them. */
    private ClientProperties clientProperties() {
        return ClientProperties.of(
                ClientConfig.CONFIG,
                Map.of(CommonConfig.BOOTSTRAP_SERVERS, bootstrap(), CommonConfig.SCHEMA_REGISTRY_URL, registryUrl));
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void closeQuietly(JvmProcess process) throws InterruptedException {
        if (process != null) {
            process.close();
        }
    }

    @Override
    public void close() throws Exception {
        stopFloor();
        stopRoocode();
        if (registry != null) {
            registry.close();
        }
        if (registryServer != null) {
            registryServer.close();
        }
        closeQuietly(simulator);
        closeQuietly(broker);
    }
}
