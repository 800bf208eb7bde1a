package dev.roocode.bench.worker;

import dev.roocode.bench.cluster.Cluster;
import dev.roocode.bench.cluster.JvmProcess;
import dev.roocode.connectors.worker.ConnectorsMain;
import dev.roocode.schemas.avro.Assignment;
import dev.roocode.schemas.avro.ChatMessage;
import dev.roocode.schemas.avro.ChatRequest;
import dev.roocode.schemas.avro.CircuitBreakerPolicy;
import dev.roocode.schemas.avro.Credential;
import dev.roocode.schemas.avro.CredentialKind;
import dev.roocode.schemas.avro.DispatchedJob;
import dev.roocode.schemas.avro.Job;
import dev.roocode.schemas.avro.JobKind;
import dev.roocode.schemas.avro.ModelOffer;
import dev.roocode.schemas.avro.ProviderConfig;
import dev.roocode.schemas.avro.ProviderLimits;
import dev.roocode.schemas.avro.ProviderStatus;
import dev.roocode.schemas.avro.RoutingHints;
import dev.roocode.schemas.avro.RoutingStrategy;
import dev.roocode.schemas.registry.RestSchemaRegistryClient;
import dev.roocode.schemas.serde.AvroSerde;
import dev.roocode.schemas.topic.TopicAdmin;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * What the worker scenarios share on top of a started {@link Cluster}: providers registered on the providers
 * topic (each with its own dispatch topic and partition count), connectors processes started and stopped here
 * (any number, one consumer group per provider, so two processes split a provider's partitions and its
 * limits), and jobs produced straight to {@code dispatch.<provider>} as the router would have assigned them.
 * The processor is not started: what is measured is the worker, from the dispatch topic to the outcomes topic.
 */
final class WorkerRig implements AutoCloseable {
    private static final List<String> LOG_FLAGS = List.of("-Dlog4j2.configurationFile=log4j2-bench.xml");
    private static final Pattern HOLDS = Pattern.compile("provider=(\\S+) holds (\\d+)/(\\d+) partitions");

    private final Cluster cluster;
    private final KafkaProducer<String, byte[]> producer;
    private final List<JvmProcess> connectors = new ArrayList<>();
    private int started;

    WorkerRig(Cluster cluster) {
        this.cluster = cluster;
        this.producer = new KafkaProducer<>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        cluster.bootstrap(),
                        ProducerConfig.LINGER_MS_CONFIG,
                        5,
                        ProducerConfig.ACKS_CONFIG,
                        "all"),
                new StringSerializer(),
                new ByteArraySerializer());
        // a runner stopped with Ctrl-C must not leave connectors JVMs behind (the cluster's hook knows only its own)
        Runtime.getRuntime().addShutdownHook(new Thread(this::killAll, "worker-rig-cleanup"));
        // the cluster's catch-all provider would run an idle worker in every connectors process: retire it
        publish(ProviderConfig.newBuilder()
                .setName(Cluster.PROVIDER)
                .setType("openai-compatible")
                .setStatus(ProviderStatus.INACTIVE)
                .setEndpoint(cluster.simulatorUrl())
                .setVersion(System.currentTimeMillis())
                .build());
    }

    /**
     * An ACTIVE openai-compatible provider at the simulator serving any model under its own name.
     *
     * @param rpm          declared requests per minute (the worker paces by it), or null
     * @param tpm          declared tokens per minute, or null
     * @param waitInOpenMs the circuit breaker's wait in OPEN, or null for the default
     */
    ProviderConfig provider(String name, int window, Long rpm, Long tpm, Long waitInOpenMs) {
        ProviderConfig.Builder config = ProviderConfig.newBuilder()
                .setName(name)
                .setType("openai-compatible")
                .setStatus(ProviderStatus.ACTIVE)
                .setEndpoint(cluster.simulatorUrl())
                .setCredential(
                        Credential.newBuilder().setKind(CredentialKind.NONE).build())
                .setOffers(List.of(ModelOffer.newBuilder()
                        .setModel("*")
                        .setProviderModel("*")
                        .setKind(JobKind.CHAT)
                        .build()))
                .setLimits(ProviderLimits.newBuilder()
                        .setMaxConcurrency(window)
                        .setRpm(rpm)
                        .setTpm(tpm)
                        .build())
                .setTimeoutMs(30_000)
                .setVersion(System.currentTimeMillis());
        if (waitInOpenMs != null) {
            config.setBreaker(CircuitBreakerPolicy.newBuilder()
                    .setWaitInOpenMs(waitInOpenMs)
                    .build());
        }
        return config.build();
    }

    /** Creates {@code dispatch.<provider>} with {@code partitions} and publishes the provider. */
    void register(ProviderConfig config, int partitions) {
        try (Admin admin = cluster.admin()) {
            TopicAdmin.createAndAwait(
                    admin,
                    List.of(cluster.topics().dispatch(config.getName()).newTopic(partitions, (short) 1)),
                    Duration.ofSeconds(60));
        }
        publish(config);
    }

    /** The provider, INACTIVE: connectors processes stop (or never start) its worker. */
    void retire(ProviderConfig config) {
        publish(ProviderConfig.newBuilder(config)
                .setStatus(ProviderStatus.INACTIVE)
                .setVersion(System.currentTimeMillis())
                .build());
    }

    private void publish(ProviderConfig config) {
        String topic = cluster.topics().providers().name();
        producer.send(new ProducerRecord<>(
                topic,
                config.getName(),
                cluster.topics().providers().valueSerde(cluster.registry()).serialize(topic, config)));
        producer.flush();
    }

    /** Starts one more connectors JVM ({@code logs/connectors-<n>.log}). */
    JvmProcess startConnectors() throws IOException {
        String registryUrl = ((RestSchemaRegistryClient) cluster.registry()).url();
        JvmProcess process = JvmProcess.start(
                "connectors-" + (++started),
                ConnectorsMain.class.getName(),
                List.of(),
                LOG_FLAGS,
                Map.of(
                        "ROOCODE_BOOTSTRAP_SERVERS",
                        cluster.bootstrap(),
                        "ROOCODE_SCHEMA_REGISTRY_URL",
                        registryUrl,
                        "ROOCODE_SESSION_TIMEOUT_MS",
                        "10000",
                        // several connectors JVMs on one machine: each its own free health/metrics port
                        "ROOCODE_HTTP_PORT",
                        "0"),
                cluster.logs());
        connectors.add(process);
        return process;
    }

    /** Stops (SIGTERM, then SIGKILL after 15 s) every connectors process started here. */
    void stopConnectors() throws InterruptedException {
        for (JvmProcess p : connectors) {
            p.close();
        }
        connectors.clear();
    }

    /** Waits until {@code processes} have logged that they hold {@code provider}'s partitions, all of them between them. */
    void awaitAssigned(String provider, List<JvmProcess> processes, long timeoutMs)
            throws IOException, InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMs;
        while (System.currentTimeMillis() < deadline) {
            int held = 0;
            int total = -1;
            boolean all = true;
            for (JvmProcess p : processes) {
                int[] last = lastHolds(p.ownLog(), provider);
                if (last == null || last[0] == 0) {
                    all = false;
                } else {
                    held += last[0];
                    total = last[1];
                }
            }
            if (all && held == total) {
                return;
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException(
                "the connectors did not take all partitions of dispatch." + provider + " within " + timeoutMs + " ms");
    }

    /** The last "provider=X holds n/m partitions" of a log: {n, m}, or null. */
    static int[] lastHolds(String log, String provider) {
        int[] last = null;
        Matcher m = HOLDS.matcher(log);
        while (m.find()) {
            if (m.group(1).equals(provider)) {
                last = new int[] {Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3))};
            }
        }
        return last;
    }

    /** A chat job as the router would dispatch it to {@code provider} (attempt 1), keyed by its request id. */
    void send(String provider, String requestId, String providerModel, String text, int maxTokens) {
        Instant now = Instant.now();
        Job job = Job.newBuilder()
                .setRequestId(requestId)
                .setKind(JobKind.CHAT)
                .setModel(providerModel)
                .setChat(ChatRequest.newBuilder()
                        .setMessages(List.of(ChatMessage.newBuilder()
                                .setRole("user")
                                .setContent(text)
                                .build()))
                        .setMaxTokens(maxTokens)
                        .build())
                .setRouting(RoutingHints.newBuilder().build())
                .setMetadata(Map.of())
                .setSubmittedAt(now)
                .build();
        DispatchedJob dispatched = DispatchedJob.newBuilder()
                .setJob(job)
                .setAssignment(Assignment.newBuilder()
                        .setProvider(provider)
                        .setProviderModel(providerModel)
                        .setAttempt(1)
                        .setStrategy(RoutingStrategy.COST)
                        .setAssignedAt(now)
                        .build())
                .setHistory(List.of())
                .build();
        String topic = cluster.topics().dispatch(provider).name();
        AvroSerde<DispatchedJob> serde = cluster.topics().dispatch(provider).valueSerde(cluster.registry());
        producer.send(new ProducerRecord<>(topic, requestId, serde.serialize(topic, dispatched)));
    }

    void flush() {
        producer.flush();
    }

    private void killAll() {
        for (JvmProcess p : List.copyOf(connectors)) {
            if (p.isAlive()) {
                try {
                    p.kill();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        stopConnectors();
        producer.close();
    }
}
