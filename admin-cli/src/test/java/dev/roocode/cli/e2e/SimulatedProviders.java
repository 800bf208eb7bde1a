package dev.roocode.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roocode.cli.embedded.EmbeddedStack;
import dev.roocode.client.ResultReader;
import dev.roocode.client.RoocodeClient;
import dev.roocode.sandbox.simulator.ProviderSimulator;
import dev.roocode.schemas.avro.Credential;
import dev.roocode.schemas.avro.CredentialKind;
import dev.roocode.schemas.avro.ErrorClass;
import dev.roocode.schemas.avro.Job;
import dev.roocode.schemas.avro.JobKind;
import dev.roocode.schemas.avro.ModelOffer;
import dev.roocode.schemas.avro.ProviderConfig;
import dev.roocode.schemas.avro.ProviderLimits;
import dev.roocode.schemas.avro.ProviderStatus;
import dev.roocode.schemas.avro.Result;
import dev.roocode.schemas.avro.ResultStatus;
import dev.roocode.schemas.avro.RetryPolicy;
import dev.roocode.schemas.avro.RoutingHints;
import dev.roocode.schemas.topic.TopicAdmin;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * One provider of each of the seven types, all pointed at one provider simulator that requires an API
 * key (each type's own auth header), each reading its key from a FILE credential; plus, per type, a
 * twin named {@code <type>-wrongkey} whose file holds another key. Every provider offers the logical
 * models {@code chat} (CHAT) and {@code embed} (EMBEDDING) — anthropic too, as a careless operator might.
 */
final class SimulatedProviders implements AutoCloseable {
    static final List<String> TYPES =
            List.of("openai", "azure-openai", "anthropic", "gemini", "cohere", "huggingface", "openai-compatible");
    /** Types whose embeddings answer carries a token count (Gemini and Hugging Face feature extraction do not). */
    static final Set<String> EMBEDDING_USAGE_REPORTED = Set.of("openai", "azure-openai", "cohere", "openai-compatible");

    static final String KEY = "sk-allproviders-good-4d1f9c07e2";
    /** Tag of the wrong-key twins only: a job whose region hint names it can be routed to them alone. */
    static final String WRONG_KEY_TAG = "wrong-key-pool";

    static final String WRONG_KEY = "sk-allproviders-wrong-8b3e5a61f0";

    private final ProviderSimulator simulator;

    private SimulatedProviders(ProviderSimulator simulator) {
        this.simulator = simulator;
    }

    /** Starts the simulator, publishes the providers and waits until the processor routes to each of them. */
    static SimulatedProviders start(EmbeddedStack stack, RoocodeClient client, Path keyDir) throws Exception {
        SimulatedProviders providers = new SimulatedProviders(
                ProviderSimulator.builder().apiKey(KEY).build().start());
        try {
            providers.publish(stack, keyDir);
            providers.awaitRoutable(stack, client);
            return providers;
        } catch (Exception | Error e) {
            providers.close();
            throw e;
        }
    }

    ProviderSimulator simulator() {
        return simulator;
    }

    static String wrongKeyName(String type) {
        return type + "-wrongkey";
    }

    static List<String> allNames() {
        List<String> names = new ArrayList<>(TYPES);
        TYPES.forEach(t -> names.add(wrongKeyName(t)));
        return names;
    }

    /** The model (or Azure deployment, or Hugging Face endpoint model) each type serves for a kind. */
    static String providerModel(String type, JobKind kind) {
        boolean chat = kind == JobKind.CHAT;
        return switch (type) {
            case "openai" -> chat ? "gpt-4o-mini" : "text-embedding-3-small";
            case "azure-openai" -> chat ? "gpt4o-mini-deployment" : "te3-small-deployment";
            case "anthropic" -> "claude-3-5-haiku-latest"; // offered for embeddings too, which it cannot serve
            case "gemini" -> chat ? "gemini-2.0-flash" : "text-embedding-004";
            case "cohere" -> chat ? "command-r-08-2024" : "embed-english-v3.0";
            case "huggingface" -> "tgi";
            case "openai-compatible" -> chat ? "llama-3.1-8b-instruct" : "nomic-embed-text";
            default -> throw new IllegalArgumentException(type);
        };
    }

    /** Where the simulator serves a type: its base URL plus the type's prefix, as SIMULATOR.md lists. */
    private String endpoint(String type) {
        return switch (type) {
            case "huggingface" ->
                simulator.url() + "/hf/llama-endpoint"; // one model per endpoint; not a sim- directive name
            case "openai-compatible" -> simulator.url() + "/compat";
            default -> simulator.url();
        };
    }

    private void publish(EmbeddedStack stack, Path keyDir) throws Exception {
        Files.createDirectories(keyDir);
        Path good = Files.writeString(keyDir.resolve("good.key"), KEY + "\n", StandardCharsets.UTF_8);
        Path wrong = Files.writeString(keyDir.resolve("wrong.key"), WRONG_KEY + "\n", StandardCharsets.UTF_8);
        List<ProviderConfig> configs = new ArrayList<>();
        for (String type : TYPES) {
            configs.add(config(type, type, good));
            configs.add(config(wrongKeyName(type), type, wrong));
        }
        // dispatch topics first: the processor never routes to a provider whose topic is missing
        try (Admin admin = Admin.create(stack.clientProperties())) {
            List<NewTopic> topics = configs.stream()
                    .map(c -> stack.topics().dispatch(c.getName()).newTopic(2, (short) 1))
                    .toList();
            TopicAdmin.createAndAwait(admin, topics, Duration.ofSeconds(60));
        }
        String topic = stack.topics().providers().name();
        var serde = stack.topics().providers().valueSerde(stack.registry());
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                Map.of("bootstrap.servers", stack.bootstrapServers(), "acks", "all"),
                new StringSerializer(),
                new ByteArraySerializer())) {
            for (ProviderConfig config : configs) {
                producer.send(new ProducerRecord<>(topic, config.getName(), serde.serialize(topic, config)))
                        .get();
            }
        }
    }

    private ProviderConfig config(String name, String type, Path keyFile) {
        Map<String, String> deployments = new HashMap<>();
        if (type.equals("azure-openai")) {
            deployments.put("chat", providerModel(type, JobKind.CHAT));
            deployments.put("embed", providerModel(type, JobKind.EMBEDDING));
        }
        return ProviderConfig.newBuilder()
                .setName(name)
                .setType(type)
                .setStatus(ProviderStatus.ACTIVE)
                .setEndpoint(endpoint(type))
                .setCredential(Credential.newBuilder()
                        .setKind(CredentialKind.FILE)
                        .setValue(keyFile.toString())
                        .build())
                .setDeployments(deployments)
                .setOffers(List.of(
                        offer("chat", providerModel(type, JobKind.CHAT), JobKind.CHAT),
                        offer("embed", providerModel(type, JobKind.EMBEDDING), JobKind.EMBEDDING)))
                .setLimits(ProviderLimits.newBuilder().setMaxConcurrency(8).build())
                .setRetry(RetryPolicy.newBuilder()
                        .setMaxAttempts(2)
                        .setInitialBackoffMs(100)
                        .setMaxBackoffMs(500)
                        .setMultiplier(2.0)
                        .build())
                .setTimeoutMs(10_000)
                .setTags(name.equals(type) ? List.of() : List.of(WRONG_KEY_TAG))
                .setVersion(System.currentTimeMillis())
                .build();
    }

    private static ModelOffer offer(String model, String providerModel, JobKind kind) {
        return ModelOffer.newBuilder()
                .setModel(model)
                .setProviderModel(providerModel)
                .setKind(kind)
                .setInputUsdPerMTok(0.15)
                .setOutputUsdPerMTok(0.60)
                .build();
    }

    /**
     * Sends a probe chat to each provider until it is routed (any Result but NO_ROUTE): the processor's
     * provider table and topic list, and the workers, catch up with the new providers asynchronously.
     */
    private void awaitRoutable(EmbeddedStack stack, RoocodeClient client) throws Exception {
        Set<String> pending = new HashSet<>(allNames());
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        int round = 0;
        try (ResultReader reader =
                client.readResultsFromNow(stack.topics().results().name())) {
            while (!pending.isEmpty()) {
                assertThat(System.nanoTime())
                        .as("providers still not routable: %s", pending)
                        .isLessThan(deadline);
                round++;
                Map<String, String> probes = new HashMap<>();
                for (String name : pending) {
                    String id = "probe-" + round + "/" + name;
                    Job probe = Jobs.chat(id, "probe-" + round, "chat");
                    probe.setRouting(RoutingHints.newBuilder().setProvider(name).build());
                    client.submit(probe);
                    probes.put(id, name);
                }
                client.flush();
                long roundEnd = System.nanoTime() + Duration.ofSeconds(20).toNanos();
                while (!probes.isEmpty() && System.nanoTime() < roundEnd) {
                    for (Result result : reader.poll(Duration.ofMillis(200))) {
                        String name = probes.remove(result.getRequestId());
                        if (name != null
                                && !(result.getStatus() == ResultStatus.FAILED
                                        && result.getError().getErrorClass() == ErrorClass.NO_ROUTE)) {
                            pending.remove(name);
                        }
                    }
                }
                if (!pending.isEmpty()) {
                    System.err.printf("AllProvidersIT: after probe round %d not yet routable: %s%n", round, pending);
                    Thread.sleep(500);
                }
            }
        }
    }

    /**
     * Every record on any topic of the cluster (results, dead letters, fallback, outcomes, usage,
     * dispatch and changelog topics alike) whose key or value holds either key, as topic-partition@offset.
     */
    static List<String> recordsContainingKeys(EmbeddedStack stack) throws Exception {
        List<byte[]> secrets =
                List.of(KEY.getBytes(StandardCharsets.UTF_8), WRONG_KEY.getBytes(StandardCharsets.UTF_8));
        List<String> found = new ArrayList<>();
        try (Admin admin = Admin.create(stack.clientProperties());
                KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(
                        Map.of("bootstrap.servers", stack.bootstrapServers()),
                        new ByteArrayDeserializer(),
                        new ByteArrayDeserializer())) {
            Set<String> topics = admin.listTopics().names().get();
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : topics) {
                consumer.partitionsFor(topic)
                        .forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = new HashMap<>(consumer.endOffsets(partitions));
            ends.values().removeIf(end -> end == 0);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!ends.isEmpty() && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    for (byte[] secret : secrets) {
                        if (contains(record.key(), secret) || contains(record.value(), secret)) {
                            found.add(record.topic() + "-" + record.partition() + "@" + record.offset());
                        }
                    }
                }
                ends.entrySet().removeIf(e -> consumer.position(e.getKey()) >= e.getValue());
            }
            assertThat(ends).as("partitions not read to their end").isEmpty();
        }
        return found;
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        if (haystack == null) {
            return false;
        }
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    @Override
    public void close() {
        simulator.close();
    }
}
