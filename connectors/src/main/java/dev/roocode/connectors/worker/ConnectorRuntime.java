package dev.roocode.connectors.worker;

import dev.roocode.connectors.provider.ProviderAdapter;
import dev.roocode.connectors.provider.ProviderAdapters;
import dev.roocode.connectors.provider.support.Endpoints;
import dev.roocode.schemas.avro.ProviderConfig;
import dev.roocode.schemas.avro.ProviderStatus;
import dev.roocode.schemas.registry.SchemaRegistryClient;
import dev.roocode.schemas.serde.AvroSerde;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A connectors process: one {@link ProviderWorker} per ACTIVE provider. It reads the compacted
 * providers topic from the beginning with its own consumer (all partitions assigned, no group) and
 * starts a worker when a provider becomes ACTIVE, restarts it when its version changes, and stops
 * it when the provider becomes inactive or is removed (tombstone).
 *
 * <p>A provider whose type is unknown or whose credential cannot be read is logged and skipped;
 * the other providers keep running.
 */
public final class ConnectorRuntime implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectorRuntime.class);

    private final ConnectorsConfig config;
    private final SchemaRegistryClient registry;
    private final CredentialResolver credentials;
    private final AvroSerde<ProviderConfig> providerSerde;
    private final String providersTopic;
    private final Map<String, Running> workers = new ConcurrentHashMap<>();
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile boolean stopping;
    private volatile boolean crashing;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private Thread thread;

    private record Running(ProviderWorker worker, Thread thread, ProviderConfig config) {}

    public ConnectorRuntime(ConnectorsConfig config, SchemaRegistryClient registry) {
        this(config, registry, new CredentialResolver());
    }

    public ConnectorRuntime(ConnectorsConfig config, SchemaRegistryClient registry, CredentialResolver credentials) {
        this.config = config;
        this.registry = registry;
        this.credentials = credentials;
        this.providersTopic = config.topics().providers().name();
        this.providerSerde = config.topics().providers().valueSerde(registry);
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

    /** Names of the providers that have a running worker. */
    public List<String> providers() {
        return workers.keySet().stream().sorted().toList();
    }

    private void run() {
        Map<String, Object> props = new HashMap<>(config.consumerProps());
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        props.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "roocode-connectors-providers");
        try (KafkaConsumer<String, byte[]> providers = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer = providers;
            List<TopicPartition> partitions = new ArrayList<>();
            while (partitions.isEmpty() && !stopping) {
                List<PartitionInfo> infos = providers.partitionsFor(providersTopic, Duration.ofSeconds(5));
                infos.forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
                if (partitions.isEmpty()) {
                    LOG.info("waiting for topic {}", providersTopic);
                    Thread.sleep(500);
                }
            }
            providers.assign(partitions);
            providers.seekToBeginning(partitions);
            while (!stopping) {
                for (ConsumerRecord<String, byte[]> record : providers.poll(Duration.ofMillis(200))) {
                    apply(record);
                }
                restartDeadWorkers();
            }
        } catch (WakeupException e) {
            // close() or crash()
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.error("providers topic reader stopped; running workers continue", e);
        } finally {
            consumer = null;
            finished.countDown();
        }
    }

    private void apply(ConsumerRecord<String, byte[]> record) {
        String name = record.key();
        if (name == null) {
            LOG.warn("providers record without key at offset {} ignored", record.offset());
            return;
        }
        ProviderConfig provider = null;
        if (record.value() != null) {
            try {
                provider = providerSerde.deserialize(record.topic(), record.value());
            } catch (SerializationException e) {
                LOG.warn("provider={} config at offset {} cannot be read, keeping the current state: {}", name, record.offset(), e.getMessage());
                return;
            }
        }
        Running current = workers.get(name);
        if (provider == null || provider.getStatus() != ProviderStatus.ACTIVE) {
            if (current != null) {
                LOG.info("provider={} is {}, stopping its worker", name, provider == null ? "removed" : provider.getStatus());
                stop(name);
            }
            return;
        }
        if (current != null && current.config().getVersion() == provider.getVersion()) {
            return;
        }
        if (current != null) {
            LOG.info("provider={} changed to version {}, restarting its worker", name, provider.getVersion());
            stop(name);
        }
        startWorker(provider);
    }

    /** A worker whose thread ended on its own (an unexpected error, already logged) is replaced. */
    private void restartDeadWorkers() {
        for (Running running : List.copyOf(workers.values())) {
            if (!running.thread().isAlive() && !stopping && workers.remove(running.config().getName(), running)) {
                LOG.warn("provider={} worker stopped unexpectedly, restarting it", running.config().getName());
                startWorker(running.config());
            }
        }
    }

    private void startWorker(ProviderConfig provider) {
        if (stopping) {
            return;
        }
        ProviderWorker worker;
        try {
            ProviderAdapter adapter = ProviderAdapters.forType(provider.getType());
            refuseUnsafeEndpoint(provider);
            String apiKey = credentials.resolve(provider);
            worker = new ProviderWorker(provider, adapter, apiKey, config, registry, Clock.systemUTC(), null);
        } catch (RuntimeException e) {
            LOG.error("provider={} cannot start: {}", provider.getName(), e.getMessage());
            return;
        }
        workers.put(provider.getName(), new Running(worker, worker.start(), provider));
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
            throw new IllegalStateException("endpoint " + problem + "; fix it with 'roocode providers update " + provider.getName()
                    + " --endpoint URL' (the endpoint is not logged)");
        }
    }

    private void stop(String name) {
        Running running = workers.remove(name);
        if (running != null) {
            if (crashing) {
                running.worker().crash();
            } else {
                running.worker().close();
            }
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
        for (Thread stopper : stoppers) {
            try {
                stopper.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
