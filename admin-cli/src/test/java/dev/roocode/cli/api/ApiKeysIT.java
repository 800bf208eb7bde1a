package dev.roocode.cli.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.errors.InternalServerException;
import com.openai.errors.PermissionDeniedException;
import com.openai.errors.RateLimitException;
import com.openai.errors.UnauthorizedException;
import com.openai.models.models.Model;
import dev.roocode.api.Access;
import dev.roocode.api.ApiConfig;
import dev.roocode.api.ApiContext;
import dev.roocode.api.ApiServer;
import dev.roocode.api.ApiServices;
import dev.roocode.api.Endpoints;
import dev.roocode.api.auth.Caller;
import dev.roocode.api.auth.KeyRing;
import dev.roocode.api.auth.KeyRingFeed;
import dev.roocode.api.auth.KeySecrets;
import dev.roocode.api.http.ApiException;
import dev.roocode.api.http.Exchanges;
import dev.roocode.cli.e2e.LogCapture;
import dev.roocode.cli.embedded.EmbeddedStack;
import dev.roocode.cli.testing.Cli;
import dev.roocode.client.RoocodeClient;
import dev.roocode.schemas.avro.SpendTotal;
import dev.roocode.schemas.config.CommonConfig;
import io.undertow.util.Methods;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Virtual API keys end to end: {@code roocode keys create/revoke} through the CLI on the shared embedded stack, then
 * the official openai-java SDK with those keys against a roocode-api whose authenticator is the key ring following
 * the api-keys topic. Until the models endpoint lands the SDK calls a test {@code GET /v1/models} that names the
 * caller's tenant, so every answer here is the key ring's.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ApiKeysIT {
    @RegisterExtension
    static final ApiStack API = new ApiStack();

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path home;

    static LogCapture logs;
    static Cli cli;
    static RoocodeClient client;
    static KeyRingFeed feed;
    static ApiServer server;
    static final List<String> secrets = new ArrayList<>();

    @BeforeAll
    static void start() {
        logs = new LogCapture();
        EmbeddedStack stack = API.stack();
        cli = new Cli(home).cluster(stack.bootstrapServers(), stack.schemaRegistryUrl());
        Map<String, Object> settings = new HashMap<>(stack.clientProperties());
        settings.put(CommonConfig.HTTP_HOST, "127.0.0.1");
        settings.put(CommonConfig.HTTP_PORT, 0);
        ApiConfig config = new ApiConfig(settings);
        client = new RoocodeClient(config.clientConfig(), stack.registry());
        KeyRing ring = new KeyRing(Clock.systemUTC());
        feed = KeyRingFeed.start(ring, config.clientConfig().consumerProperties(), stack.topics(), stack.registry());
        Function<ApiContext, Endpoints> models = c -> routes -> routes.add(
                Methods.GET,
                "/v1/models",
                Access.KEY,
                (exchange, caller) -> Exchanges.sendJson(
                        exchange,
                        200,
                        Map.of(
                                "object",
                                "list",
                                "data",
                                List.of(Map.of(
                                        "id",
                                        "for-" + caller.keyId(),
                                        "object",
                                        "model",
                                        "created",
                                        0,
                                        "owned_by",
                                        String.valueOf(caller.tenant()))))));
        server = ApiServer.start(
                new ApiContext(config, client, stack.registry(), ring, Clock.systemUTC()),
                "127.0.0.1",
                0,
                List.of(models));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        if (feed != null) {
            feed.close();
        }
        if (client != null) {
            client.close();
        }
        if (logs != null) {
            logs.close();
        }
    }

    private static OpenAIClient sdk(String key) {
        return OpenAIOkHttpClient.builder()
                .baseUrl(server.baseUrl())
                .apiKey(key)
                .maxRetries(0)
                .timeout(Duration.ofSeconds(30))
                .build();
    }

    /** Runs {@code roocode keys create ARGS -o json} and returns the printed key. */
    private static JsonNode create(String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of("keys", "create"));
        all.addAll(List.of(args));
        all.addAll(List.of("-o", "json"));
        Cli.Run run = cli.run(all.toArray(String[]::new));
        assertThat(run.exit()).as(run.toString()).isZero();
        JsonNode created = JSON.readTree(run.out());
        String key = created.get("key").asText();
        secrets.add(key.substring("rk-".length() + 12 + 1)); // the secret alone
        secrets.add(key);
        return created;
    }

    private static Model firstModel(String key) {
        return sdk(key).models().list().data().get(0);
    }

    @Test
    void shouldServeAKeyMadeByTheCliUntilItIsRevoked() throws Exception {
        JsonNode created = create("--tenant", "acme", "--name", "it");
        String key = created.get("key").asText();
        String id = created.get("id").asText();

        Model model = awaitAccepted(key);
        assertThat(model.ownedBy()).isEqualTo("acme");
        assertThat(model.id()).isEqualTo("for-" + id);

        Cli.Run list = cli.run("keys", "list");
        assertThat(list.exit()).as(list.toString()).isZero();
        assertThat(list.out()).contains(id).contains("acme").doesNotContain(key.substring(16));

        assertThatThrownBy(() -> firstModel(key.substring(0, key.length() - 1) + (key.endsWith("A") ? "B" : "A")))
                .isInstanceOf(UnauthorizedException.class);
        assertThatThrownBy(() -> firstModel("sk-not-a-roocode-key")).isInstanceOf(UnauthorizedException.class);

        Cli.Run revoke = cli.run("keys", "revoke", id);
        assertThat(revoke.exit()).as(revoke.toString()).isZero();
        long revokedAt = System.nanoTime();
        while (true) {
            try {
                firstModel(key);
            } catch (UnauthorizedException e) {
                break;
            }
            assertThat(Duration.ofNanos(System.nanoTime() - revokedAt))
                    .as("a revoked key is refused within seconds")
                    .isLessThan(Duration.ofSeconds(5));
            Thread.sleep(100);
        }
        assertThat(cli.run("keys", "list", "-o", "json").out()).doesNotContain(id);
    }

    @Test
    void shouldLimitAKeyToItsRequestsPerMinute() throws Exception {
        String key = create("--tenant", "globex", "--rpm", "2").get("key").asText();
        String unlimited = create("--tenant", "globex").get("key").asText();
        awaitAccepted(unlimited);

        firstModel(key);
        firstModel(key);
        RateLimitException e = catchThrowableOfType(() -> firstModel(key), RateLimitException.class);

        assertThat(e).as("third call within a minute").isNotNull();
        assertThat(e.headers().values("Retry-After"))
                .singleElement()
                .satisfies(v -> assertThat(Long.parseLong(v)).isBetween(1L, 30L));
        assertThat(e.code()).contains("rate_limit_exceeded");
        assertThat(firstModel(unlimited).ownedBy()).isEqualTo("globex");
    }

    @Test
    void shouldRefuseAKeyFromAnAddressOutsideItsAllowlist() throws Exception {
        String elsewhere = create("--tenant", "acme", "--allow-ip", "10.0.0.0/8")
                .get("key")
                .asText();
        String here = create("--tenant", "acme", "--allow-ip", "127.0.0.1/32")
                .get("key")
                .asText();
        awaitAccepted(here);

        assertThatThrownBy(() -> firstModel(elsewhere)).isInstanceOf(PermissionDeniedException.class);
        assertThat(firstModel(here).ownedBy()).isEqualTo("acme");
    }

    @Test
    void shouldRefuseAKeyWhoseTenantSpentItsBudgetWithInsufficientQuota() throws Exception {
        String key = create("--tenant", "spender", "--budget", "1.5").get("key").asText();
        assertThat(awaitAccepted(key).ownedBy()).isEqualTo("spender");

        // the processor's total for the tenant, as it writes it to the spend topic
        EmbeddedStack stack = API.stack();
        String topic = stack.topics().spend().name();
        SpendTotal total = SpendTotal.newBuilder()
                .setScope("tenant:spender")
                .setCostUsd(1.0)
                .setInFlightUsd(0.5)
                .setUpdatedAt(Instant.now())
                .build();
        Map<String, Object> props = new HashMap<>(stack.clientProperties());
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
        try (KafkaProducer<String, byte[]> producer =
                new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(
                            topic,
                            "tenant:spender",
                            stack.topics().spend().valueSerde(stack.registry()).serialize(topic, total)))
                    .get(30, TimeUnit.SECONDS);
        }

        long start = System.nanoTime();
        RateLimitException refused = null;
        while (refused == null) {
            refused = catchThrowableOfType(() -> firstModel(key), RateLimitException.class);
            assertThat(Duration.ofNanos(System.nanoTime() - start))
                    .as("refused once the spend is read")
                    .isLessThan(Duration.ofSeconds(10));
            Thread.sleep(refused == null ? 100 : 0);
        }
        assertThat(refused.code()).contains("insufficient_quota");
        assertThat(refused.type()).contains("insufficient_quota");
    }

    @Test
    void shouldMakeAnAdminKeyWithoutATenant() throws Exception {
        JsonNode created = create("--admin", "--name", "ops");

        assertThat(created.get("admin").asBoolean()).isTrue();
        assertThat(created.get("tenant").isNull()).isTrue();
        assertThat(awaitAccepted(created.get("key").asText()).ownedBy()).isEqualTo("null");
    }

    @Test
    void shouldStartTheServiceWithTheKeyRingByDefault() throws Exception {
        String key = create("--tenant", "acme").get("key").asText();

        ApiServices defaults = API.stack().startApi(0, null);

        long start = System.nanoTime();
        while (!defaults.server().ready()) {
            assertThat(Duration.ofNanos(System.nanoTime() - start))
                    .as("ready once the api-keys topic is read")
                    .isLessThan(Duration.ofSeconds(30));
            Thread.sleep(100);
        }
        // its endpoint groups are other items' work: ask its authenticator directly
        assertThat(defaults.authenticator().authenticate(key, InetAddress.getLoopbackAddress()))
                .isEqualTo(new Caller(KeySecrets.parse(key).keyId(), "acme", false));
        assertThatThrownBy(() -> defaults.authenticator().authenticate("sk-test-acme-0123456789abcdef", null))
                .isInstanceOfSatisfying(
                        ApiException.class, e -> assertThat(e.status()).isEqualTo(401));
    }

    @Test
    @Order(Integer.MAX_VALUE)
    void shouldKeepEverySecretOutOfTheTopicAndTheLogs() throws Exception {
        assertThat(secrets).isNotEmpty();
        List<byte[]> raw = new ArrayList<>();
        Map<String, Object> props = new HashMap<>(API.stack().clientProperties());
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, API.stack().bootstrapServers());
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            String topic = API.stack().topics().apiKeys().name();
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))
                    && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    raw.add(r.key());
                    raw.add(r.value());
                }
            }
        }
        assertThat(raw).as("records on the api-keys topic").isNotEmpty();
        String topicBytes = new String(concat(raw), StandardCharsets.ISO_8859_1);
        String logText = logs.text();
        assertThat(logText).as("captured log lines").isNotEmpty();
        for (String secret : secrets) {
            assertThat(topicBytes).as("api-keys topic").doesNotContain(secret);
            assertThat(logText).as("log lines").doesNotContain(secret);
        }
    }

    private static byte[] concat(List<byte[]> parts) {
        int size = parts.stream().mapToInt(p -> p == null ? 0 : p.length).sum();
        byte[] all = new byte[size];
        int at = 0;
        for (byte[] p : parts) {
            if (p != null) {
                System.arraycopy(p, 0, all, at, p.length);
                at += p.length;
            }
        }
        return all;
    }

    /** The first answer for a key just created: the ring reads it within a poll, so allow a few seconds. */
    private static Model awaitAccepted(String key) throws InterruptedException {
        long start = System.nanoTime();
        while (true) {
            try {
                return firstModel(key);
            } catch (UnauthorizedException | InternalServerException e) {
                if (Duration.ofNanos(System.nanoTime() - start).compareTo(Duration.ofSeconds(10)) > 0) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
    }
}
