package dev.roocode.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.roocode.api.ApiConfig;
import dev.roocode.api.ApiServices;
import dev.roocode.cli.testing.Cli;
import dev.roocode.client.ClientConfig;
import dev.roocode.client.ResultReader;
import dev.roocode.client.RoocodeClient;
import dev.roocode.connectors.worker.ConnectorRuntime;
import dev.roocode.connectors.worker.ConnectorsConfig;
import dev.roocode.processor.ProcessorApp;
import dev.roocode.processor.ProcessorConfig;
import dev.roocode.sandbox.kafka.EmbeddedKafka;
import dev.roocode.sandbox.registry.EmbeddedSchemaRegistry;
import dev.roocode.sandbox.simulator.ProviderSimulator;
import dev.roocode.schemas.avro.Job;
import dev.roocode.schemas.avro.Result;
import dev.roocode.schemas.avro.ResultStatus;
import dev.roocode.schemas.config.CommonConfig;
import dev.roocode.schemas.registry.RestSchemaRegistryClient;
import dev.roocode.schemas.registry.SchemaRegistryClient;
import dev.roocode.schemas.topic.TopicAdmin;
import dev.roocode.schemas.topic.Topics;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole pipeline on a secured cluster: SASL_SSL with SCRAM-SHA-512, the standard authorizer,
 * nothing allowed without an ACL, and one principal per role with only the ACLs {@code roocode init
 * --acls} grants it. The admin runs {@code init} and {@code init --acls}, adds the simulator as a
 * provider; the processor, the connectors, a client and roocode-api (one chat call and the models
 * through HTTP, with a key made by {@code keys create}) each run as their own principal. Each role is
 * then taken one step outside its ACLs and refused with a one-line error, and the pipeline still
 * delivers every Result.
 *
 * <p>The schema registry is not under test: it reaches the broker through its own PLAINTEXT listener
 * (the broker's principal, a super user), as a registry with its own principal and ACLs on
 * {@code _schemas} would.
 */
class SecureClusterIT {
    private static final Map<String, String> USERS = Map.of(
            "admin", "admin-secret",
            "processor", "processor-secret",
            "connectors", "connectors-secret",
            "client", "client-secret",
            "api", "api-secret",
            "tenant-a", "tenant-a-secret",
            "tenant-b", "tenant-b-secret");
    private static final Duration RESULT_TIMEOUT = Duration.ofSeconds(60);
    private static final Topics TOPICS = Topics.defaults();

    @TempDir
    static Path dir;

    static EmbeddedKafka kafka;
    static EmbeddedSchemaRegistry registryServer;
    static ProviderSimulator simulator;
    static SchemaRegistryClient registry;
    static ProcessorApp processor;
    static ConnectorRuntime connectors;
    static RoocodeClient client;
    static Cli admin;

    @BeforeAll
    static void startSecuredPipeline() throws Exception {
        EmbeddedKafka.Builder builder = EmbeddedKafka.builder();
        USERS.forEach(builder::saslSslScramUser);
        kafka = builder.build().start();
        registryServer = EmbeddedSchemaRegistry.builder()
                .bootstrapServers(kafka.bootstrapServers())
                .build()
                .start();
        registry = RestSchemaRegistryClient.forUrl(registryServer.url());
        simulator = ProviderSimulator.builder().build().start();

        admin = new Cli(dir.resolve("cli")).cluster(kafka.saslSslBootstrapServers(), registryServer.url());
        Path adminConfig = propertiesFile("admin.properties", settings("admin", USERS.get("admin")));
        assertSucceeds(admin.run("init", "--config", adminConfig.toString(), "--partitions", "2"));
        Cli.Run acls = admin.run(
                "init",
                "--acls",
                "--config",
                adminConfig.toString(),
                "--tenant",
                "a=User:tenant-a",
                "--tenant",
                "b=User:tenant-b");
        assertSucceeds(acls);
        assertThat(acls.out()).contains("added").contains("ACLs:");
        assertThat(admin.run("init", "--acls", "--config", adminConfig.toString())
                        .out())
                .as("re-run adds nothing")
                .contains("ACLs: 0 added");
        createTenantTopics("a", "b");
        assertSucceeds(admin.run(
                "providers",
                "add",
                "openai-compatible",
                "--config",
                adminConfig.toString(),
                "--name",
                "sim",
                "--endpoint",
                simulator.url(),
                "--no-api-key",
                "--model",
                "gpt-4o-mini,in=0.15,out=0.60"));
        assertSucceeds(admin.run("providers", "test", "sim", "--config", adminConfig.toString()));

        Map<String, Object> processorSettings = settings("processor", USERS.get("processor"));
        processorSettings.put(ProcessorConfig.STATE_DIR, dir.resolve("streams").toString());
        processor = new ProcessorApp(new ProcessorConfig(processorSettings), registry);
        processor.start();
        connectors =
                new ConnectorRuntime(new ConnectorsConfig(settings("connectors", USERS.get("connectors"))), registry);
        connectors.start();
        processor.awaitRunning(Duration.ofSeconds(90));
        assertSucceeds(
                admin.run("providers", "activate", "sim", "--config", adminConfig.toString(), "--wait-worker", "0"));

        client = new RoocodeClient(new ClientConfig(settings("client", USERS.get("client"))), registry);
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable c : new AutoCloseable[] {client, connectors, processor, simulator, registryServer, kafka}) {
            if (c != null) {
                try {
                    c.close();
                } catch (Exception e) {
                    // keep closing the rest
                }
            }
        }
    }

    @Test
    void shouldDeliverEveryResultWithEachRoleOnlyItsOwnAclsAndRefuseEachStepOutside() throws Exception {
        List<Job> first = jobs(40);
        assertOneSucceededResultEach(first, submitAndCollect(first));

        // the client, one step outside: the providers topic, a dispatch topic, the routes topic
        assertRefused(
                () -> client.readResultsFromBeginning(TOPICS.providers().name()),
                TOPICS.providers().name());
        assertRefused(
                () -> client.readResultsFromBeginning(TOPICS.dispatch("sim").name()),
                TOPICS.dispatch("sim").name());
        assertRefused(
                () -> write("client", TOPICS.routes().name()), TOPICS.routes().name());
        // the connectors may read providers but not write routes (nor providers)
        assertRefused(
                () -> write("connectors", TOPICS.routes().name()),
                TOPICS.routes().name());
        assertRefused(
                () -> write("connectors", TOPICS.providers().name()),
                TOPICS.providers().name());
        // tenant A reads its own replies, not tenant B's, and writes only its own jobs topic
        try (RoocodeClient tenantA =
                new RoocodeClient(new ClientConfig(settings("tenant-a", USERS.get("tenant-a"))), registry)) {
            try (ResultReader own =
                    tenantA.readResultsFromBeginning(TOPICS.tenantReplies("a").name())) {
                assertThat(own.poll(Duration.ofMillis(200))).isEmpty();
            }
            assertRefused(
                    () -> tenantA.readResultsFromBeginning(
                            TOPICS.tenantReplies("b").name()),
                    TOPICS.tenantReplies("b").name());
            assertRefused(
                    () -> write("tenant-a", TOPICS.jobs().name()), TOPICS.jobs().name());
        }

        // nothing lost: the pipeline still answers every job, once
        List<Job> second = jobs(40);
        assertOneSucceededResultEach(second, submitAndCollect(second));
    }

    @Test
    void shouldServeTheHttpApiAsItsOwnPrincipalWithOnlyTheApiRolesAcls() throws Exception {
        Path adminConfig = propertiesFile("admin-keys.properties", settings("admin", USERS.get("admin")));
        Cli.Run created = admin.run("keys", "create", "--tenant", "a", "--config", adminConfig.toString());
        assertSucceeds(created);
        String key = created.out().lines().findFirst().orElseThrow().strip();
        Map<String, Object> apiSettings = settings("api", USERS.get("api"));
        apiSettings.put(CommonConfig.HTTP_HOST, "127.0.0.1");
        apiSettings.put(CommonConfig.HTTP_PORT, 0);
        apiSettings.put(ApiConfig.FILES_DIR, dir.resolve("api-files").toString());

        // null: the keys on api-keys (and spend), read as User:api; ready once batches and keys are read
        try (ApiServices api = ApiServices.start(new ApiConfig(apiSettings), registry, null)) {
            long until = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while (!api.server().ready() && System.nanoTime() < until) {
                Thread.sleep(200);
            }
            assertThat(api.server().ready()).as("roocode-api ready as User:api").isTrue();
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> chat = http.send(
                    HttpRequest.newBuilder(URI.create(api.baseUrl() + "/chat/completions"))
                            .header("Authorization", "Bearer " + key)
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"gpt-4o-mini\","
                                    + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(chat.statusCode()).as(chat.body()).isEqualTo(200);
            assertThat(chat.body()).contains("\"choices\"");
            HttpResponse<String> models = http.send(
                    HttpRequest.newBuilder(URI.create(api.baseUrl() + "/models"))
                            .header("Authorization", "Bearer " + key)
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(models.statusCode()).as(models.body()).isEqualTo(200);
            assertThat(models.body()).contains("gpt-4o-mini");
        }
        // one step outside: the api may not write the keys it reads, nor read the shared results
        assertRefused(
                () -> write("api", TOPICS.apiKeys().name()), TOPICS.apiKeys().name());
        try (RoocodeClient asApi = new RoocodeClient(new ClientConfig(settings("api", USERS.get("api"))), registry)) {
            assertRefused(
                    () -> asApi.readResultsFromBeginning(TOPICS.results().name()),
                    TOPICS.results().name());
        }
    }

    @Test
    void shouldRefuseAWrongPasswordWithOneLine() throws Exception {
        Path wrong = propertiesFile("wrong.properties", settings("client", "not-the-password"));
        Cli.Run run = admin.run("init", "--acls", "--config", wrong.toString(), "--request-timeout", "30s");

        assertThat(run.exit()).as("%s", run).isEqualTo(1);
        assertThat(run.err().strip().lines()).as("%s", run).hasSize(1);
        assertThat(run.err()).contains("Authentication failed").doesNotContain("not-the-password");

        Map<String, Object> badClient = settings("client", "not-the-password");
        try (RoocodeClient refused = new RoocodeClient(new ClientConfig(badClient), registry)) {
            assertThatThrownBy(() -> refused.readResultsFromNow(TOPICS.results().name()))
                    .isInstanceOf(SaslAuthenticationException.class)
                    .satisfies(
                            e -> assertThat(e.getMessage()).doesNotContain("\n").doesNotContain("not-the-password"));
        }
    }

    private static void assertRefused(ThrowingRunnable step, String topic) {
        assertThatThrownBy(step::run)
                .isInstanceOf(TopicAuthorizationException.class)
                .satisfies(e -> assertThat(e.getMessage()).contains(topic).doesNotContain("\n"));
    }

    /** Sends one record to {@code topic} as {@code user}, with that role's own settings. */
    private static void write(String user, String topic) throws Exception {
        Map<String, Object> props = new HashMap<>(settings(user, USERS.get(user)));
        props.keySet().removeIf(k -> k.startsWith("schema.registry"));
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 30_000);
        try (KafkaProducer<String, byte[]> producer =
                new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, "k", new byte[] {0})).get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw (Exception) e.getCause();
        }
    }

    private static Map<String, List<Result>> submitAndCollect(List<Job> jobs) throws Exception {
        Map<String, List<Result>> results = new HashMap<>();
        try (ResultReader reader = client.readResultsFromNow(TOPICS.results().name())) {
            for (Job job : jobs) {
                client.submit(job);
            }
            client.flush();
            long until = System.nanoTime() + RESULT_TIMEOUT.toNanos();
            while (results.size() < jobs.size() && System.nanoTime() < until) {
                for (Result r : reader.poll(Duration.ofMillis(200))) {
                    results.computeIfAbsent(r.getRequestId(), k -> new ArrayList<>())
                            .add(r);
                }
            }
            // a moment more, so a duplicate would show
            for (Result r : reader.poll(Duration.ofSeconds(1))) {
                results.computeIfAbsent(r.getRequestId(), k -> new ArrayList<>())
                        .add(r);
            }
        }
        return results;
    }

    private static void assertOneSucceededResultEach(List<Job> jobs, Map<String, List<Result>> results) {
        assertThat(results.keySet())
                .containsExactlyInAnyOrderElementsOf(
                        jobs.stream().map(Job::getRequestId).toList());
        assertThat(results.values())
                .allSatisfy(r -> assertThat(r)
                        .singleElement()
                        .satisfies(
                                one -> assertThat(one.getStatus()).as("%s", one).isEqualTo(ResultStatus.SUCCEEDED)));
    }

    private static List<Job> jobs(int count) {
        String batch = "secure-" + UUID.randomUUID();
        List<Job> jobs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            jobs.add(Jobs.chat(batch + "/" + i, batch, "gpt-4o-mini"));
        }
        return jobs;
    }

    /** Tenant topics are the processor's namespace item's to create; here the admin makes them. */
    private static void createTenantTopics(String... tenants) throws Exception {
        List<NewTopic> topics = new ArrayList<>();
        for (String tenant : tenants) {
            topics.add(TOPICS.tenantJobs(tenant).newTopic(2, (short) 1));
            topics.add(TOPICS.tenantReplies(tenant).newTopic(1, (short) 1));
        }
        Map<String, Object> props = settings("admin", USERS.get("admin"));
        props.keySet().removeIf(k -> k.startsWith("schema.registry"));
        try (Admin adminClient = Admin.create(props)) {
            TopicAdmin.createAndAwait(adminClient, topics, Duration.ofSeconds(60));
        }
    }

    /** The settings every Roocode service and the CLI read: SASL_SSL as {@code user}, and the registry. */
    private static Map<String, Object> settings(String user, String password) {
        Map<String, Object> settings = new HashMap<>(kafka.saslSslClientProperties(user, password));
        settings.put(ClientConfig.SCHEMA_REGISTRY_URL, registryServer.url());
        return settings;
    }

    private static Path propertiesFile(String name, Map<String, Object> settings) throws IOException {
        Properties properties = new Properties();
        settings.forEach((k, v) -> properties.setProperty(k, v.toString()));
        Path file = dir.resolve(name);
        try (OutputStream out = Files.newOutputStream(file)) {
            properties.store(out, null);
        }
        return file;
    }

    private static void assertSucceeds(Cli.Run run) {
        assertThat(run.exit()).as("%s", run).isZero();
    }

    @FunctionalInterface
    private interface ThrowingRunnable {
        void run() throws Exception;
    }
}
