package dev.roocode.processor.topology;

import dev.roocode.processor.metrics.ProcessorMetrics;
import dev.roocode.processor.requests.ProcessorSettings;
import dev.roocode.processor.router.Deferral;
import dev.roocode.schemas.avro.Job;
import dev.roocode.schemas.avro.ProviderConfig;
import dev.roocode.schemas.avro.ProviderState;
import dev.roocode.schemas.avro.RoutePolicy;
import dev.roocode.schemas.registry.InMemorySchemaRegistryClient;
import dev.roocode.schemas.serde.AvroSerde;
import dev.roocode.schemas.topic.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

/** The whole topology on a TopologyTestDriver, with typed helpers to feed and read its topics. */
final class TopologyHarness implements AutoCloseable {
    final Topics topics = Topics.defaults();
    final InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();
    final Set<String> existingTopics = new HashSet<>(Set.of("roocode.results"));
    final TopologyTestDriver driver;
    private final Path stateDir;

    TopologyHarness(int maxAttempts) {
        this(maxAttempts, Deferral.DEFAULT);
    }

    TopologyHarness(int maxAttempts, Deferral deferral) {
        this(maxAttempts, deferral, Duration.ofDays(7));
    }

    TopologyHarness(int maxAttempts, Deferral deferral, Duration dedupRetention) {
        this(maxAttempts, deferral, dedupRetention, 1);
    }

    /**
     * A harness whose jobs topic the intake takes for {@code jobsPartitions} partitions: the driver puts every
     * record on partition 0, so a job whose requestId belongs elsewhere takes the hop through the repartition topic.
     */
    TopologyHarness(int maxAttempts, Deferral deferral, Duration dedupRetention, int jobsPartitions) {
        this(maxAttempts, deferral, dedupRetention, jobsPartitions, ProcessorMetrics.disabled());
    }

    /** A harness whose processors record into {@code metrics}. */
    TopologyHarness(int maxAttempts, ProcessorMetrics metrics) {
        this(maxAttempts, Deferral.DEFAULT, Duration.ofDays(7), 1, metrics);
    }

    private TopologyHarness(
            int maxAttempts, Deferral deferral, Duration dedupRetention, int jobsPartitions, ProcessorMetrics metrics) {
        ProcessorSettings settings = new ProcessorSettings(
                topics,
                registry,
                Pattern.compile(topics.defaultReplyTopicsAllowed()),
                dedupRetention,
                maxAttempts,
                existingTopics::contains,
                deferral,
                topic -> jobsPartitions,
                ProcessorSettings.DEFAULT_OUTAGE_MAX_WAIT,
                metrics);
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "roocode-processor-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, true);
        // own state folder: the default /tmp/kafka-streams/<app id> collides with concurrent builds
        stateDir = createTempDirectory();
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(RoocodeTopology.build(settings), props, Fixtures.T0);
    }

    void addProviders(ProviderConfig... configs) {
        for (ProviderConfig config : configs) {
            existingTopics.add(topics.dispatch(config.getName()).name());
            pipe(topics.providers().name(), config.getName(), config);
        }
    }

    void addPolicy(RoutePolicy policy) {
        pipe(topics.routes().name(), policy.getModel(), policy);
    }

    void publishState(ProviderState state) {
        pipe(topics.providerState().name(), state.getProvider(), state);
    }

    void publishHealth(ProviderState health) {
        pipe(topics.providerHealth().name(), health.getProvider(), health);
    }

    /** Lets the tasks' delta buffers send their sums on, as they do every {@link DeltaBuffer#FLUSH_INTERVAL} of wall-clock time. */
    void flushDeltas() {
        driver.advanceWallClockTime(DeltaBuffer.FLUSH_INTERVAL);
    }

    void submit(Job job) {
        pipe(topics.jobs().name(), job.getRequestId(), job);
    }

    void pipe(String topic, String key, SpecificRecord value) {
        TestInputTopic<String, byte[]> input =
                driver.createInputTopic(topic, new StringSerializer(), new ByteArraySerializer());
        input.pipeInput(key, bytes(topic, value));
    }

    @SuppressWarnings("unchecked")
    <V extends SpecificRecord> byte[] bytes(String topic, V value) {
        return new AvroSerde<>((Class<V>) value.getClass(), registry).serialize(topic, value);
    }

    <V extends SpecificRecord> List<V> read(String topic, Class<V> type) {
        return driver.createOutputTopic(topic, new StringDeserializer(), new AvroSerde<>(type, registry).deserializer())
                .readValuesToList();
    }

    <V extends SpecificRecord> List<KeyValue<String, V>> readKeyValues(String topic, Class<V> type) {
        return driver.createOutputTopic(topic, new StringDeserializer(), new AvroSerde<>(type, registry).deserializer())
                .readKeyValuesToList();
    }

    @Override
    public void close() {
        driver.close();
        try (Stream<Path> files = Files.walk(stateDir)) {
            files.sorted(Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path createTempDirectory() {
        try {
            return Files.createTempDirectory("roocode-ttd");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
