package dev.roocode.cli.connection;

import dev.roocode.cli.common.CliException;
import dev.roocode.client.ClientConfig;
import dev.roocode.schemas.config.ClientProperties;
import dev.roocode.schemas.config.CommonConfig;
import dev.roocode.schemas.registry.RestSchemaRegistryClient;
import dev.roocode.schemas.registry.SchemaRegistryClient;
import dev.roocode.schemas.serde.AvroSerde;
import dev.roocode.schemas.topic.TopicSpec;
import dev.roocode.schemas.topic.Topics;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;

/**
 * An open connection to a Roocode cluster: Kafka admin, producer and readers of compacted topics,
 * plus the schema registry, all with the short request timeout of the command line, so an
 * unreachable cluster is a one-line error within seconds rather than a minute of retries.
 */
public final class Connection implements AutoCloseable {
    public static final String BOOTSTRAP_SERVERS = CommonConfig.BOOTSTRAP_SERVERS;
    public static final String SCHEMA_REGISTRY_URL = CommonConfig.SCHEMA_REGISTRY_URL;
    public static final String BASIC_AUTH_USER_INFO = CommonConfig.BASIC_AUTH_USER_INFO;
    public static final String TOPIC_PREFIX = CommonConfig.TOPIC_PREFIX;

    private final Map<String, Object> settings;
    private final Duration timeout;
    private final Topics topics;
    private Admin admin;
    private KafkaProducer<String, byte[]> producer;
    private SchemaRegistryClient registry;

    public Connection(Map<String, Object> settings, Duration timeout) {
        this.settings = Map.copyOf(settings);
        this.timeout = timeout;
        Object prefix = settings.get(TOPIC_PREFIX);
        this.topics = Topics.withPrefix(prefix == null ? null : prefix.toString());
    }

    public Topics topics() {
        return topics;
    }

    public Duration timeout() {
        return timeout;
    }

    public String bootstrapServers() {
        return settings.get(BOOTSTRAP_SERVERS).toString();
    }

    /** Every setting, for the client library ({@link ClientConfig} passes unknown keys to Kafka). */
    public Map<String, Object> settings() {
        return settings;
    }

    /** Client settings with a registry URL, for {@link dev.roocode.client.RoocodeClient}. */
    public ClientConfig clientConfig() {
        registry(); // fails with the one-line message when no registry is configured
        return new ClientConfig(settings);
    }

    /**
     * Kafka client properties, built the way every Roocode service builds them: everything but
     * Roocode's own keys, {@code producer.*}, {@code consumer.*} and {@code admin.*} applied per client.
     */
    private ClientProperties clientProperties() {
        return ClientProperties.of(ClientConfig.CONFIG, settings);
    }

    /** {@code props} with the command line's short timeouts, unless the settings choose others. */
    private Map<String, Object> withShortTimeouts(Map<String, Object> props) {
        int ms = (int) Math.max(1000, timeout.toMillis());
        props.putIfAbsent(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, ms);
        props.putIfAbsent(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, ms);
        props.putIfAbsent(AdminClientConfig.SOCKET_CONNECTION_SETUP_TIMEOUT_MAX_MS_CONFIG, ms);
        return props;
    }

    /** Throws a one-line error naming the servers when the cluster does not answer in time. */
    public void checkReachable() {
        refuseAtOnceWhenNothingListens();
        try {
            admin().describeCluster().clusterId().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw unreachable("no answer within " + timeout.toSeconds() + " s");
        } catch (ExecutionException e) {
            throw unreachable(e.getCause().getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw CliException.failure("interrupted");
        }
    }

    /**
     * Fails at once when no bootstrap address accepts a TCP connection because it is refused or its host
     * is unknown: the Kafka client would retry those until the whole request timeout has passed. An
     * address that does not answer at all (a firewall) is left to the client's own timeout.
     */
    private void refuseAtOnceWhenNothingListens() {
        int connectMs = (int) Math.min(3000, Math.max(500, timeout.toMillis()));
        List<String> reasons = new ArrayList<>();
        for (String address : bootstrapServers().split(",")) {
            String host = Utils.getHost(address.trim());
            Integer port = Utils.getPort(address.trim());
            if (host == null || port == null) {
                return; // not host:port; the client reports it
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(host, port), connectMs);
                return; // something listens: the Admin check below says whether it is Kafka
            } catch (ConnectException e) {
                reasons.add(address.trim() + " refused the connection");
            } catch (UnknownHostException e) {
                reasons.add("unknown host " + host);
            } catch (IOException e) {
                return; // a timeout or a route problem: the client's own timeout and message
            }
        }
        if (!reasons.isEmpty()) {
            throw unreachable(String.join(", ", reasons));
        }
    }

    private CliException unreachable(String why) {
        return CliException.failure(
                "cannot reach Kafka at " + bootstrapServers() + " (" + why + "); check --bootstrap-servers,"
                        + " the profile ('roocode login') or ROOCODE_BOOTSTRAP_SERVERS, and the security settings");
    }

    public Admin admin() {
        if (admin == null) {
            Map<String, Object> props = withShortTimeouts(clientProperties().admin());
            try {
                admin = Admin.create(props);
            } catch (KafkaException e) {
                throw CliException.usage("cannot connect to " + bootstrapServers() + ": " + e.getMessage());
            }
        }
        return admin;
    }

    public SchemaRegistryClient registry() {
        if (registry == null) {
            Object url = settings.get(SCHEMA_REGISTRY_URL);
            if (url == null || url.toString().isBlank()) {
                throw CliException.usage(
                        "no schema registry configured: pass --schema-registry-url, set ROOCODE_SCHEMA_REGISTRY_URL or save it with 'roocode login'");
            }
            try {
                registry = RestSchemaRegistryClient.fromConfig(ClientProperties.registry(settings), timeout);
            } catch (IllegalArgumentException e) {
                if (e.getMessage() != null && e.getMessage().contains(CommonConfig.REGISTRY_SSL_TRUSTSTORE_LOCATION)) {
                    throw CliException.usage(e.getMessage());
                }
                throw CliException.usage("schema registry URL '" + url + "' is not valid: " + e.getMessage());
            }
        }
        return registry;
    }

    private KafkaProducer<String, byte[]> producer() {
        if (producer == null) {
            Map<String, Object> props = withShortTimeouts(clientProperties().producer());
            int ms = (int) Math.max(1000, timeout.toMillis());
            props.put(ProducerConfig.ACKS_CONFIG, "all");
            props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, ms);
            props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, ms);
            props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, ms + 1000);
            props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
            props.remove(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG);
            producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
        }
        return producer;
    }

    /** Writes {@code value} under {@code key} (null value: a tombstone) and waits for the broker's acknowledgement. */
    public <V extends SpecificRecord> void write(TopicSpec<V> topic, String key, V value) {
        byte[] bytes = value == null ? null : topic.valueSerde(registry()).serialize(topic.name(), value);
        try {
            producer()
                    .send(new ProducerRecord<>(topic.name(), key, bytes))
                    .get(timeout.toMillis() + 2000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw CliException.failure(
                    "cannot write to " + topic.name() + ": " + e.getCause().getMessage());
        } catch (TimeoutException e) {
            throw CliException.failure(
                    "cannot write to " + topic.name() + ": no acknowledgement within " + timeout.toSeconds() + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw CliException.failure("interrupted");
        }
    }

    /** The latest value per key of a compacted topic, read from its beginning to its current end. */
    public <V extends SpecificRecord> Map<String, V> readLatest(TopicSpec<V> topic) {
        Map<String, V> latest = new LinkedHashMap<>();
        AvroSerde<V> serde = topic.valueSerde(registry());
        scan(topic.name(), (key, value) -> {
            if (value == null) {
                latest.remove(key);
            } else {
                try {
                    latest.put(key, serde.deserialize(topic.name(), value));
                } catch (SerializationException e) {
                    // one bad record must not hide the others; it is not ours to repair here
                }
            }
        });
        return latest;
    }

    /** Calls {@code each} with every record's key and raw value, from the beginning to the current end (read_committed). */
    public void scan(String topic, BiConsumer<String, byte[]> each) {
        scanRecords(topic, null, true, record -> each.accept(record.key(), record.value()));
    }

    /**
     * Reads {@code topic} from its beginning to its current end, handing over each whole record (headers, timestamp).
     * With {@code key}, only the partition the Java producer's default partitioner picks for it (where Roocode's own
     * writers put a requestId's records); a missing topic is an error when {@code required}, else nothing to read.
     */
    public void scanRecords(String topic, String key, boolean required, Consumer<ConsumerRecord<String, byte[]>> each) {
        try (KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(consumerProperties(), new StringDeserializer(), new ByteArrayDeserializer())) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, timeout);
            if (infos == null || infos.isEmpty()) {
                if (!required) {
                    return;
                }
                throw CliException.failure("topic " + topic + " does not exist; run 'roocode init' first");
            }
            List<TopicPartition> partitions = infos.stream()
                    .map(p -> new TopicPartition(topic, p.partition()))
                    .filter(tp -> key == null
                            || tp.partition()
                                    == Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8)))
                                            % infos.size())
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
            long deadline = System.nanoTime()
                    + Math.max(timeout.toNanos() * 3, Duration.ofSeconds(30).toNanos());
            while (!reached(consumer, end)) {
                if (System.nanoTime() > deadline) {
                    throw CliException.failure("reading " + topic + " took too long; try a longer --request-timeout");
                }
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    each.accept(record);
                }
            }
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
            throw CliException.failure(
                    "cannot read " + topic + " within " + timeout.toSeconds() + " s: " + e.getMessage());
        }
    }

    /**
     * Properties of {@link #scan}'s consumer: read_committed whatever the settings say, because
     * exactly one Result (and one BatchStatus update) per decision holds only for committed records;
     * aborted ones are a killed processor's work that its successor redid.
     */
    Map<String, Object> consumerProperties() {
        Map<String, Object> props = withShortTimeouts(clientProperties().consumer());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
        return props;
    }

    private static boolean reached(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> partition : end.entrySet()) {
            if (consumer.position(partition.getKey()) < partition.getValue()) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() {
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
        }
        if (admin != null) {
            admin.close(Duration.ofSeconds(5));
        }
        if (registry != null) {
            try {
                registry.close();
            } catch (Exception e) {
                // nothing to do: the command's outcome is already decided
            }
        }
    }
}
