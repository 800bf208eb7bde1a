package dev.roocode.connectors.worker;

import dev.roocode.connectors.batch.BatchApiFactory;
import dev.roocode.connectors.metrics.WorkerMetrics;
import dev.roocode.connectors.provider.ProviderAdapter;
import dev.roocode.connectors.provider.ProviderAdapters;
import dev.roocode.connectors.provider.support.Endpoints;
import dev.roocode.core.service.Readiness;
import dev.roocode.schemas.avro.BatchCancellation;
import dev.roocode.schemas.avro.ProviderConfig;
import dev.roocode.schemas.avro.ProviderState;
import dev.roocode.schemas.avro.ProviderStatus;
import dev.roocode.schemas.registry.SchemaRegistryClient;
import dev.roocode.schemas.serde.AvroSerde;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A connectors process: one {@link ProviderWorker} per ACTIVE provider. It reads the compacted
 * providers topic from the beginning with its own consumer (all partitions assigned, no group) and
 * starts a worker when a provider becomes ACTIVE, restarts it when its version changes, and stops
 * it when the provider becomes inactive or is removed (tombstone). The jobs left on the dispatch topic of a
 * provider that is removed or made INACTIVE go to fallback without a call ({@link ProviderDrain}), so each
 * still gets one Result. At start the topic is replayed up to the end it has then before anything is applied,
 * and only each provider's latest record is: a provider removed later in the topic gets no worker (and no
 * call) for its earlier ACTIVE record, and one deactivated and activated again is served, not drained.
 *
 * <p>A provider whose type is unknown, whose endpoint is unsafe or whose credential cannot be read
 * is logged and skipped, and reported CANNOT_START with the reason (never a secret) on the
 * provider-health topic, so the router stops sending it jobs; the other providers keep running.
 */
public final class ConnectorRuntime implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ConnectorRuntime.class);

    private final ConnectorsConfig config;
    private final SchemaRegistryClient registry;
    private final CredentialResolver credentials;
    private final WorkerMetrics metrics;
    private final AvroSerde<ProviderConfig> providerSerde;
    private final String providersTopic;
    private final String cancellationsTopic;
    private final AvroSerde<BatchCancellation> cancellationSerde;
    /** The batches cancelled so far, read from the batch-cancellations topic beside the providers; every worker skips their jobs. */
    private final CancelledBatches cancelledBatches = new CancelledBatches();

    private final Map<String, Running> workers = new ConcurrentHashMap<>();
    /** The batcher of each running provider that has a batch endpoint of a type with a batch API. */
    private final Map<String, RunningBatcher> batchers = new ConcurrentHashMap<>();
    /** Which provider types get a batcher, and their batch APIs; tests put fakes here. */
    private volatile BatchApiFactory batchApis = BatchApiFactory.DEFAULT;
    /** Drains of removed or deactivated providers' dispatch topics, running or finished; see {@link ProviderDrain}. */
    private final Map<String, ProviderDrain> drains = new ConcurrentHashMap<>();
    /** Each provider's latest record read while replaying the providers topic, applied once it is read to its end. */
    private final Map<String, Latest> replayed = new LinkedHashMap<>();
    /** Whether the providers topic has been read up to where it ended when this process started; providers thread only. */
    private boolean caughtUp;
    /** Set once the providers read at start have been applied (their workers started): readiness waits for it. */
    private volatile boolean loaded;
    /** Jobs the workers closed on shutdown left unfinished; see {@link ProviderWorker#abandoned()}. */
    private final AtomicInteger abandoned = new AtomicInteger();

    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile boolean stopping;
    private volatile boolean crashing;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private Thread thread;
    /** Publishes CANNOT_START records; created on the first one, used by the providers thread only. */
    private Producer<String, byte[]> healthProducer;

    private record Running(ProviderWorker worker, Thread thread, ProviderConfig config) {}

    private record RunningBatcher(ProviderBatcher batcher, Thread thread, ProviderConfig config) {}

    /** A provider's record: its config, null for a tombstone, and when it was written. */
    private record Latest(ProviderConfig provider, Instant writtenAt) {}

    public ConnectorRuntime(ConnectorsConfig config, SchemaRegistryClient registry) {
        this(config, registry, new CredentialResolver());
    }

    public ConnectorRuntime(ConnectorsConfig config, SchemaRegistryClient registry, CredentialResolver credentials) {
        this(config, registry, credentials, WorkerMetrics.disabled());
    }

    /** A runtime whose workers record into {@code metrics} (the caller's: it serves them). */
    public ConnectorRuntime(
            ConnectorsConfig config,
            SchemaRegistryClient registry,
            CredentialResolver credentials,
            WorkerMetrics metrics) {
        this.metrics = metrics;
        this.config = config;
        this.registry = registry;
        this.credentials = credentials;
        this.providersTopic = config.topics().providers().name();
        this.providerSerde = config.topics().providers().valueSerde(registry);
        this.cancellationsTopic = config.topics().batchCancellations().name();
        this.cancellationSerde = config.topics().batchCancellations().valueSerde(registry);
    }

    /** Uses {@code factory} for the providers' batch APIs instead of {@link BatchApiFactory#DEFAULT}; before {@link #start()}. */
    public ConnectorRuntime batchApis(BatchApiFactory factory) {
        this.batchApis = factory;
        return this;
    }

    /** The running batcher of {@code provider}, if it has one. */
    public Optional<ProviderBatcher> batcher(String provider) {
        return Optional.ofNullable(batchers.get(provider)).map(RunningBatcher::batcher);
    }

    /** Starts following the providers topic on a background thread. */
    public synchronized void start() {
        if (thread != null) {
            throw new IllegalStateException("already started");
        }
        thread = new Thread(this::run, "roocode-connectors-providers");
        thread.setDaemon(true);
        thread.start();
    }

    /** The running worker of {@code provider}, if there is one. */
    public Optional<ProviderWorker> worker(String provider) {
        return Optional.ofNullable(workers.get(provider)).map(Running::worker);
    }

    /** The drain of {@code provider}'s dispatch topic, running or finished, if one was started. */
    public Optional<ProviderDrain> drain(String provider) {
        return Optional.ofNullable(drains.get(provider));
    }

    /** Names of the providers that have a running worker. */
    public List<String> providers() {
        return workers.keySet().stream().sorted().toList();
    }

    /**
     * Ready once the providers topic has been read to the end it had at start and the worker of
     * every ACTIVE provider has joined its consumer group: with partitions, or with none because
     * other instances hold them all (with 2 instances and 1 partition, both are ready; the idle one
     * takes over when the other leaves). A provider that cannot start (reported CANNOT_START) does
     * not hold readiness back.
     */
    public Readiness readiness() {
        if (!loaded) {
            return Readiness.notReady("reading the providers topic " + providersTopic);
        }
        List<String> waiting = workers.entrySet().stream()
                .filter(e -> !e.getValue().worker().joined())
                .map(Map.Entry::getKey)
                .sorted()
                .toList();
        if (!waiting.isEmpty()) {
            return Readiness.notReady("workers not in their consumer group yet: " + String.join(", ", waiting));
        }
        return Readiness.ready("workers joined: " + providers());
    }

    /**
     * Live unless the providers reader stopped on an error or a worker's loop died (a dead worker
     * is restarted by the reader within a poll, so this is brief unless the reader is gone too).
     */
    public boolean live() {
        if (stopping) {
            return true;
        }
        if (thread != null && finished.getCount() == 0) {
            return false;
        }
        return workers.values().stream().allMatch(r -> r.thread().isAlive());
    }

    /** Jobs the running workers have handed to HTTP and not finished. */
    public int inFlight() {
        return workers.values().stream().mapToInt(r -> r.worker().inFlight()).sum();
    }

    /** Jobs left unfinished by workers closed so far (after {@link #close()}: by the shutdown). */
    public int abandoned() {
        return abandoned.get();
    }

    private void run() {
        Map<String, Object> props = new HashMap<>(config.consumerProps());
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        props.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        // asking for a missing batch-cancellations topic must not create it on a broker that auto-creates (not
        // compacted)
        props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        props.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "roocode-connectors-providers");
        try (KafkaConsumer<String, byte[]> providers =
                new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer = providers;
            List<TopicPartition> partitions = new ArrayList<>();
            while (partitions.isEmpty() && !stopping) {
                describe(providers, providersTopic)
                        .forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
                if (partitions.isEmpty()) {
                    log.info("waiting for topic {}", providersTopic);
                    Thread.sleep(500);
                }
            }
            Map<TopicPartition, Long> providersEnd = providers.endOffsets(partitions);
            partitions.addAll(cancellationPartitions(providers));
            providers.assign(partitions);
            providers.seekToBeginning(partitions);
            while (!stopping) {
                for (ConsumerRecord<String, byte[]> record : providers.poll(Duration.ofMillis(200))) {
                    if (record.topic().equals(cancellationsTopic)) {
                        applyCancellation(record);
                    } else {
                        apply(record);
                    }
                }
                if (!caughtUp
                        && providersEnd.entrySet().stream()
                                .allMatch(e -> providers.position(e.getKey()) >= e.getValue())) {
                    caughtUp = true;
                    replayed.forEach(this::apply);
                    replayed.clear();
                    loaded = true;
                    log.info("providers loaded from {}: workers for {}", providersTopic, providers());
                }
                restartDeadWorkers();
            }
        } catch (WakeupException e) {
            // close() or crash()
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.error("providers topic reader stopped; running workers continue", e);
        } finally {
            consumer = null;
            if (healthProducer != null) {
                healthProducer.close(Duration.ofSeconds(5));
            }
            finished.countDown();
        }
    }

    /**
     * The partitions of the batch-cancellations topic, or none when it does not exist (a cluster initialised before it
     * was added: {@code roocode init} creates it); without them, the processor alone stops cancelled batches' jobs.
     */
    private List<TopicPartition> cancellationPartitions(KafkaConsumer<String, byte[]> consumer) {
        List<TopicPartition> partitions = new ArrayList<>();
        try {
            describe(consumer, cancellationsTopic)
                    .forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WakeupException();
        } catch (WakeupException e) {
            throw e; // close() or crash()
        } catch (KafkaException e) {
            log.debug("topic {} cannot be described: {}", cancellationsTopic, e.toString());
        }
        if (partitions.isEmpty()) {
            log.warn(
                    "topic {} is missing: workers will call the jobs of cancelled batches already dispatched; run 'roocode init'",
                    cancellationsTopic);
        }
        return partitions;
    }

    /**
     * The partitions of {@code topic}, waiting as long as the broker does not answer: a metadata request that
     * times out (a broker still starting or restarting, a starved machine) is asked again, not fatal. Before,
     * one 5 s timeout ended this thread for good, and a restarted connectors process then ran no worker at all
     * (the reliability suite's double SIGKILL on a loaded machine: hundreds of jobs without a Result).
     */
    private List<PartitionInfo> describe(KafkaConsumer<String, byte[]> consumer, String topic)
            throws InterruptedException {
        while (!stopping) {
            try {
                return consumer.partitionsFor(topic, Duration.ofSeconds(5));
            } catch (TimeoutException e) {
                log.warn(
                        "no metadata for topic {} from {} yet ({}); asking again",
                        topic,
                        config.getList(ConnectorsConfig.BOOTSTRAP_SERVERS),
                        e.getMessage());
                Thread.sleep(500);
            }
        }
        return List.of();
    }

    private void applyCancellation(ConsumerRecord<String, byte[]> record) {
        if (record.key() == null) {
            return;
        }
        if (record.value() == null) {
            cancelledBatches.remove(record.key());
            return;
        }
        try {
            cancelledBatches.add(cancellationSerde.deserialize(record.topic(), record.value()));
        } catch (SerializationException e) {
            log.warn(
                    "batch cancellation {} at offset {} cannot be read, ignored: {}",
                    record.key(),
                    record.offset(),
                    e.getMessage());
        }
    }

    private void apply(ConsumerRecord<String, byte[]> record) {
        String name = record.key();
        if (name == null) {
            log.warn("providers record without key at offset {} ignored", record.offset());
            return;
        }
        ProviderConfig provider = null;
        if (record.value() != null) {
            try {
                provider = providerSerde.deserialize(record.topic(), record.value());
            } catch (SerializationException e) {
                log.warn(
                        "provider={} config at offset {} cannot be read, keeping the current state: {}",
                        name,
                        record.offset(),
                        e.getMessage());
                return;
            }
        }
        Latest latest = new Latest(
                provider,
                record.timestamp() < 0 ? Clock.systemUTC().instant() : Instant.ofEpochMilli(record.timestamp()));
        if (caughtUp) {
            apply(name, latest);
        } else {
            replayed.put(name, latest);
        }
    }

    private void apply(String name, Latest latest) {
        ProviderConfig provider = latest.provider();
        Running current = workers.get(name);
        if (provider == null || provider.getStatus() != ProviderStatus.ACTIVE) {
            if (current != null) {
                log.info(
                        "provider={} is {}, stopping its worker",
                        name,
                        provider == null ? "removed" : provider.getStatus());
                stop(name);
            }
            if (provider == null || provider.getStatus() == ProviderStatus.INACTIVE) {
                // after the worker stopped (it committed what it finished): the jobs left on its topic must not wait
                // for ever
                startDrain(name, provider == null ? "removed" : "deactivated", latest.writtenAt());
            }
            return;
        }
        // before a worker starts: a drain in the workers' group would fail the jobs of the active provider
        stopDrain(name);
        if (current != null && current.config().getVersion() == provider.getVersion()) {
            return;
        }
        if (current != null) {
            log.info("provider={} changed to version {}, restarting its worker", name, provider.getVersion());
            stop(name);
        }
        startWorker(provider);
    }

    private void startDrain(String name, String what, Instant since) {
        if (stopping) {
            return;
        }
        ProviderDrain running = drains.get(name);
        if (running != null && !running.isFinished()) {
            return; // already draining: it reads to the end of the topic
        }
        ProviderDrain drain = new ProviderDrain(name, what, since, config, registry, Clock.systemUTC());
        drains.put(name, drain);
        drain.start();
    }

    private void stopDrain(String name) {
        ProviderDrain drain = drains.remove(name);
        if (drain != null && !drain.isFinished()) {
            log.info("provider={} is active again, stopping the drain of its dispatch topic", name);
            if (crashing) {
                drain.crash();
            } else {
                drain.close();
            }
        }
    }

    /** A worker whose thread ended on its own (an unexpected error, already logged) is replaced. */
    private void restartDeadWorkers() {
        for (Running running : List.copyOf(workers.values())) {
            if (!running.thread().isAlive()
                    && !stopping
                    && workers.remove(running.config().getName(), running)) {
                log.warn(
                        "provider={} worker stopped unexpectedly, restarting it",
                        running.config().getName());
                startWorker(running.config());
            }
        }
        for (RunningBatcher running : List.copyOf(batchers.values())) {
            if (!running.thread().isAlive()
                    && !stopping
                    && batchers.remove(running.config().getName(), running)) {
                log.warn(
                        "provider={} batcher stopped unexpectedly, restarting it",
                        running.config().getName());
                startBatcher(running.config(), null);
            }
        }
    }

    /**
     * Starts the batcher of {@code provider} when it has a batch endpoint whose type has a batch API; a failure
     * to build it is logged, and the provider's realtime worker runs on (the router's batch jobs then wait on
     * their topic until a batcher runs, or until their deadline margin when the router re-routes them).
     */
    private void startBatcher(ProviderConfig provider, String resolvedKey) {
        if (stopping || provider.getBatch() == null || !batchApis.supports(provider.getType())) {
            return;
        }
        try {
            String apiKey = resolvedKey != null ? resolvedKey : credentials.resolve(provider);
            ProviderBatcher batcher = new ProviderBatcher(
                    provider,
                    batchApis.create(provider, apiKey),
                    config,
                    registry,
                    Clock.systemUTC(),
                    cancelledBatches);
            batchers.put(provider.getName(), new RunningBatcher(batcher, batcher.start(), provider));
        } catch (RuntimeException e) {
            log.error("provider={} batcher cannot start: {}", provider.getName(), e.getMessage());
        }
    }

    private void startWorker(ProviderConfig provider) {
        if (stopping) {
            return;
        }
        ProviderWorker worker;
        String apiKey;
        try {
            ProviderAdapter adapter = ProviderAdapters.forType(provider.getType());
            refuseUnsafeEndpoint(provider);
            apiKey = credentials.resolve(provider);
            worker = new ProviderWorker(provider, adapter, apiKey, config, registry, Clock.systemUTC(), null, metrics)
                    .skipCancelled(cancelledBatches);
        } catch (RuntimeException e) {
            log.error("provider={} cannot start: {}", provider.getName(), e.getMessage());
            publishCannotStart(provider, reasonOf(provider, e));
            return;
        }
        workers.put(provider.getName(), new Running(worker, worker.start(), provider));
        startBatcher(provider, apiKey);
    }

    /** The one-line reason of a start failure, without the "provider NAME: " prefix the resolver puts first. */
    static String reasonOf(ProviderConfig provider, RuntimeException e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        String prefix = "provider " + provider.getName() + ": ";
        return (message.startsWith(prefix) ? message.substring(prefix.length()) : message)
                .lines()
                .findFirst()
                .orElse("");
    }

    /** Tells the router (and {@code providers list}) that no worker of this process serves {@code provider}, and why. */
    private void publishCannotStart(ProviderConfig provider, String reason) {
        String topic = config.topics().providerHealth().name();
        try {
            if (healthProducer == null) {
                Map<String, Object> props = new HashMap<>(config.producerProps());
                props.put(
                        ProducerConfig.MAX_BLOCK_MS_CONFIG,
                        5_000); // a missing topic must not hold the providers thread long
                props.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "roocode-connectors-health");
                healthProducer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
            }
            ProviderState state = ProviderStatePublisher.cannotStart(
                    provider, reason, Clock.systemUTC().instant());
            byte[] value = config.topics().providerHealth().valueSerde(registry).serialize(topic, state);
            healthProducer.send(new ProducerRecord<>(topic, provider.getName(), value), (metadata, failure) -> {
                if (failure != null) {
                    log.warn(
                            "provider={} CANNOT_START not published on {}: {}",
                            provider.getName(),
                            topic,
                            failure.toString());
                }
            });
        } catch (KafkaException e) {
            log.warn("provider={} CANNOT_START not published on {}: {}", provider.getName(), topic, e.toString());
        }
    }

    /**
     * A record written before endpoints were checked (or by another tool) may carry user:password@, a
     * query or a fragment: such a worker is never started, so the endpoint is never called, and the
     * reason names what is wrong without repeating the endpoint.
     */
    static void refuseUnsafeEndpoint(ProviderConfig provider) {
        String endpoint = provider.getEndpoint();
        String problem = endpoint == null || endpoint.isBlank() ? null : Endpoints.problem(endpoint);
        if (problem != null) {
            throw new IllegalStateException("endpoint " + problem + "; fix it with 'roocode providers update "
                    + provider.getName() + " --endpoint URL' (the endpoint is not logged)");
        }
    }

    private void stop(String name) {
        RunningBatcher batcher = batchers.remove(name);
        if (batcher != null) {
            if (crashing) {
                batcher.batcher().crash();
            } else {
                batcher.batcher().close();
            }
        }
        // the worker stays in the map while it closes, so inFlight() still counts its calls for a second signal
        Running running = workers.get(name);
        if (running != null) {
            if (crashing) {
                running.worker().crash();
            } else {
                running.worker().close();
                abandoned.addAndGet(running.worker().abandoned());
            }
            workers.remove(name, running);
        }
    }

    /** Stops following providers and closes every worker gracefully. */
    @Override
    public void close() {
        shutdown(false);
    }

    /** Stops following providers and crashes every worker (see {@link ProviderWorker#crash()}); for tests. */
    public void crash() {
        shutdown(true);
    }

    private void shutdown(boolean crash) {
        crashing = crash;
        stopping = true;
        KafkaConsumer<String, byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        if (thread != null) {
            try {
                finished.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        // close all workers in parallel: each may wait for its in-flight calls
        List<Thread> stoppers = new ArrayList<>();
        for (String name : List.copyOf(workers.keySet())) {
            Thread stopper = new Thread(() -> stop(name), "roocode-stop-" + name);
            stopper.start();
            stoppers.add(stopper);
        }
        for (String name : List.copyOf(drains.keySet())) {
            Thread stopper = new Thread(() -> stopDrainOnShutdown(name), "roocode-stop-drain-" + name);
            stopper.start();
            stoppers.add(stopper);
        }
        for (Thread stopper : stoppers) {
            try {
                stopper.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void stopDrainOnShutdown(String name) {
        ProviderDrain drain = drains.remove(name);
        if (drain != null) {
            if (crashing) {
                drain.crash();
            } else {
                drain.close();
            }
        }
    }
}
