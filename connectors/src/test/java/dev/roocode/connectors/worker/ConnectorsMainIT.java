package dev.roocode.connectors.worker;

import static dev.roocode.connectors.TestJobs.chatJob;
import static dev.roocode.connectors.TestJobs.dispatched;
import static dev.roocode.connectors.TestJobs.provider;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.roocode.core.service.ExitCodes;
import dev.roocode.core.service.ServiceHttp;
import dev.roocode.sandbox.junit.KafkaSandboxExtension;
import dev.roocode.sandbox.kafka.EmbeddedKafka;
import dev.roocode.sandbox.process.ServiceProcess;
import dev.roocode.sandbox.registry.EmbeddedSchemaRegistry;
import dev.roocode.sandbox.simulator.ProviderSimulator;
import dev.roocode.sandbox.simulator.SimulatorExtension;
import dev.roocode.schemas.avro.DispatchedJob;
import dev.roocode.schemas.avro.ProviderConfig;
import dev.roocode.schemas.avro.ProviderLimits;
import dev.roocode.schemas.registry.SchemaRegistryClient;
import dev.roocode.schemas.topic.TopicAdmin;
import dev.roocode.schemas.topic.TopicSpec;
import dev.roocode.schemas.topic.Topics;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@link ConnectorsMain} as a real process: health, the start-up line, a graceful SIGTERM with
 * calls in flight (each finishes once, nothing is called twice, the group is empty right after),
 * and the start-up failures an operator meets first.
 */
@ExtendWith({KafkaSandboxExtension.class, SimulatorExtension.class})
class ConnectorsMainIT {
    private static final String MAIN = ConnectorsMain.class.getName();
    private static final Duration START = Duration.ofSeconds(45);
    private static final String REGISTRY_SECRET = "it-registry-secret";
    private static final String JAAS_SECRET = "it-jaas-secret";

    private final EmbeddedKafka kafka;
    private final EmbeddedSchemaRegistry registryServer;
    private final SchemaRegistryClient registry;
    private final ProviderSimulator simulator;

    ConnectorsMainIT(
            EmbeddedKafka kafka,
            EmbeddedSchemaRegistry registryServer,
            SchemaRegistryClient registry,
            ProviderSimulator simulator) {
        this.kafka = kafka;
        this.registryServer = registryServer;
        this.registry = registry;
        this.simulator = simulator;
    }

    @Test
    void shouldFinishInFlightCallsCommitAndLeaveTheGroupOnSigterm() throws Exception {
        Topics topics = Topics.withPrefix("it-life-term.");
        createTopics(topics, "sim");
        publishProvider(topics, "sim");
        Map<String, String> settings = settings(topics);
        settings.put("basic.auth.user.info", "it-user:" + REGISTRY_SECRET);
        settings.put(
                "sasl.jaas.config",
                "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"u\" password=\""
                        + JAAS_SECRET + "\";");
        settings.put("worker.comit.interval.ms", "50"); // a typo: warned about once

        try (ServiceProcess service =
                ServiceProcess.start(MAIN, settings, Map.of("ROOCODE_WORKER_HTTP_THREADS", "3"))) {
            int port = service.httpPort(START);
            service.awaitStatus(port, ServiceHttp.READY, 200, START);
            assertThat(service.get(port, ServiceHttp.LIVE)).isEqualTo(200);

            String startup = service.awaitLine(l -> l.contains("roocode-connectors ") && l.contains("starting"), START);
            assertThat(startup)
                    .containsPattern("roocode-connectors \\d+\\.\\d+\\.\\d+\\S* starting")
                    .contains("service.properties overridden by ROOCODE_WORKER_HTTP_THREADS→worker.http.threads")
                    .contains("worker.http.threads=3")
                    .contains("bootstrap.servers=" + kafka.bootstrapServers())
                    .contains("basic.auth.user.info=[hidden]")
                    .contains("sasl.jaas.config=[hidden]")
                    .contains("http: http://127.0.0.1:" + port);
            assertThat(service.stdout().split("'worker.comit.interval.ms' was supplied but isn't a known config", -1))
                    .as("the unknown key is warned about once, not once per client")
                    .hasSize(2);

            List<String> ids = new ArrayList<>();
            try (KafkaProducer<String, byte[]> producer = producer()) {
                TopicSpec<DispatchedJob> dispatch = topics.dispatch("sim");
                for (int i = 0; i < 6; i++) {
                    String id = "term-" + i;
                    ids.add(id);
                    DispatchedJob job = dispatched(chatJob(id, "hi").build(), "sim", "sim-latency-4000");
                    producer.send(new ProducerRecord<>(
                            dispatch.name(), id, dispatch.valueSerde(registry).serialize(dispatch.name(), job)));
                }
            }
            await(() -> ids.stream().allMatch(id -> simulator.callCount(id) == 1), "every job's call to start");

            service.terminate();
            int code = service.awaitExit(Duration.ofSeconds(40));

            assertThat(code).as(service.output()).isEqualTo(ExitCodes.OK);
            assertThat(membersOf(ProviderWorker.groupId("sim")))
                    .as("the worker left its group on close")
                    .isZero();
            assertThat(outcomeKeys(topics)).containsExactlyInAnyOrderElementsOf(ids);
            assertThat(ids)
                    .allSatisfy(id -> assertThat(simulator.callCount(id))
                            .as("calls of %s", id)
                            .isEqualTo(1));
            assertThat(service.output())
                    .contains("stopping (SIGTERM)")
                    .contains("roocode-connectors stopped cleanly")
                    .doesNotContain(REGISTRY_SECRET)
                    .doesNotContain(JAAS_SECRET);
        }
    }

    @Test
    void shouldExit3NamingWhatItAbandonsOnASecondSignal() throws Exception {
        Topics topics = Topics.withPrefix("it-life-twice.");
        createTopics(topics, "twice");
        publishProvider(topics, "twice");
        try (ServiceProcess service = ServiceProcess.start(MAIN, settings(topics), Map.of())) {
            int port = service.httpPort(START);
            service.awaitStatus(port, ServiceHttp.READY, 200, START);
            try (KafkaProducer<String, byte[]> producer = producer()) {
                TopicSpec<DispatchedJob> dispatch = topics.dispatch("twice");
                DispatchedJob job = dispatched(chatJob("twice-0", "hi").build(), "twice", "sim-latency-8000");
                producer.send(new ProducerRecord<>(
                        dispatch.name(),
                        "twice-0",
                        dispatch.valueSerde(registry).serialize(dispatch.name(), job)));
            }
            await(() -> simulator.callCount("twice-0") == 1, "the call to start");

            service.terminate();
            service.awaitLine(l -> l.contains("stopping (SIGTERM)"), Duration.ofSeconds(10));
            service.terminate();

            assertThat(service.awaitExit(Duration.ofSeconds(20))).isEqualTo(ExitCodes.ABANDONED);
            assertThat(service.stdout()).contains("second signal: stopping at once; 1 in-flight call(s) abandoned");
        }
    }

    @Test
    void shouldExit3NamingTheUnfinishedCallsWhenTheShutdownTimeoutRunsOut() throws Exception {
        Topics topics = Topics.withPrefix("it-life-late.");
        createTopics(topics, "late");
        publishProvider(topics, "late");
        Map<String, String> settings = settings(topics);
        settings.put("shutdown.timeout.ms", "1000");
        try (ServiceProcess service = ServiceProcess.start(MAIN, settings, Map.of())) {
            int port = service.httpPort(START);
            service.awaitStatus(port, ServiceHttp.READY, 200, START);
            try (KafkaProducer<String, byte[]> producer = producer()) {
                TopicSpec<DispatchedJob> dispatch = topics.dispatch("late");
                DispatchedJob job = dispatched(chatJob("late-0", "hi").build(), "late", "sim-latency-8000");
                producer.send(new ProducerRecord<>(
                        dispatch.name(), "late-0", dispatch.valueSerde(registry).serialize(dispatch.name(), job)));
            }
            await(() -> simulator.callCount("late-0") == 1, "the call to start");

            service.terminate();

            assertThat(service.awaitExit(Duration.ofSeconds(30)))
                    .as(service.output())
                    .isEqualTo(ExitCodes.ABANDONED);
            assertThat(service.stdout())
                    .contains("roocode-connectors stopped after shutdown.timeout.ms=1000 ms with 1 call(s) unfinished");
            assertThat(membersOf(ProviderWorker.groupId("late")))
                    .as("it still left its group")
                    .isZero();
        }
    }

    @Test
    void shouldWarnPeriodicallyAndStayUnreadyWhileTheBrokerCannotBeReached() throws Exception {
        Map<String, String> settings = settings(Topics.withPrefix("it-life-nobroker."));
        String nowhere = "127.0.0.1:" + freePort();
        settings.put("bootstrap.servers", nowhere);
        try (ServiceProcess service = ServiceProcess.start(MAIN, settings, Map.of())) {
            int port = service.httpPort(START);
            String warning = service.awaitLine(l -> l.contains("cannot reach bootstrap servers"), START);

            assertThat(warning)
                    .containsPattern("WARN .*cannot reach bootstrap servers " + nowhere + " for \\d+ s, still trying");
            assertThat(service.get(port, ServiceHttp.READY)).isEqualTo(503);
            assertThat(service.get(port, ServiceHttp.LIVE)).isEqualTo(200);
            assertThat(service.output()).doesNotContain("\tat ");

            service.terminate();
            assertThat(service.awaitExit(Duration.ofSeconds(20))).isEqualTo(ExitCodes.OK);
        }
    }

    @Test
    void shouldWarnPeriodicallyNamingTheRegistryWithoutUserInfoWhileItCannotBeReached() throws Exception {
        Map<String, String> settings = settings(Topics.withPrefix("it-life-noregistry."));
        String url = "http://127.0.0.1:" + freePort();
        settings.put("schema.registry.url", url.replace("http://", "http://someone:" + REGISTRY_SECRET + "@"));
        try (ServiceProcess service = ServiceProcess.start(MAIN, settings, Map.of())) {
            int port = service.httpPort(START);
            String warning = service.awaitLine(l -> l.contains("cannot reach schema registry"), START);

            assertThat(warning)
                    .contains("cannot reach schema registry " + url + " for ")
                    .contains(" s, still trying");
            assertThat(service.get(port, ServiceHttp.READY)).isEqualTo(503);
            assertThat(service.output())
                    .doesNotContain("\tat ")
                    .doesNotContain(REGISTRY_SECRET)
                    .doesNotContain("someone");

            service.terminate();
            assertThat(service.awaitExit(Duration.ofSeconds(20))).isEqualTo(ExitCodes.OK);
        }
    }

    @Test
    void shouldExit2NamingTheRegistryWithoutUserInfoWhenItAnswers401() throws Exception {
        HttpServer refusing = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        refusing.createContext("/", exchange -> {
            exchange.sendResponseHeaders(401, -1);
            exchange.close();
        });
        refusing.start();
        try {
            Map<String, String> settings = settings(Topics.withPrefix("it-life-401."));
            String url = "http://127.0.0.1:" + refusing.getAddress().getPort();
            settings.put("schema.registry.url", url.replace("http://", "http://someone:" + REGISTRY_SECRET + "@"));
            try (ServiceProcess service = ServiceProcess.start(MAIN, settings, Map.of())) {
                assertThat(service.awaitExit(START)).as(service.output()).isEqualTo(ExitCodes.CONFIG);
                assertThat(service.stderr().lines())
                        .singleElement()
                        .asString()
                        .startsWith("schema registry " + url + " answered 401 Unauthorized");
                assertThat(service.output()).doesNotContain(REGISTRY_SECRET).doesNotContain("someone");
            }
        } finally {
            refusing.stop(0);
        }
    }

    @Test
    void shouldExit2NamingTheAddressWhenTheHttpPortIsInUse() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            Map<String, String> settings = settings(Topics.withPrefix("it-life-port."));
            settings.put("http.port", String.valueOf(taken.getLocalPort()));
            try (ServiceProcess service = ServiceProcess.start(MAIN, settings, Map.of())) {
                assertThat(service.awaitExit(START)).as(service.output()).isEqualTo(ExitCodes.CONFIG);
                assertThat(service.stderr())
                        .isEqualTo("cannot serve health and metrics on 127.0.0.1:" + taken.getLocalPort()
                                + ": the port is already in use (set http.port)\n");
            }
        }
    }

    private Map<String, String> settings(Topics topics) {
        Map<String, String> settings = new HashMap<>();
        settings.put("bootstrap.servers", kafka.bootstrapServers());
        settings.put("schema.registry.url", registryServer.url());
        settings.put("topic.prefix", topics.prefix());
        settings.put("http.host", "127.0.0.1");
        settings.put("http.port", "0");
        settings.put("shutdown.timeout.ms", "20000");
        return settings;
    }

    private void createTopics(Topics topics, String provider) throws Exception {
        List<NewTopic> requests = new ArrayList<>();
        for (TopicSpec<?> spec : topics.fixed()) {
            requests.add(spec.newTopic(spec.coPartitioned() ? 2 : 1, (short) 1));
        }
        requests.add(topics.dispatch(provider).newTopic(2, (short) 1));
        try (Admin admin = admin()) {
            TopicAdmin.createAndAwait(admin, requests, Duration.ofSeconds(30));
        }
    }

    private void publishProvider(Topics topics, String name) throws Exception {
        ProviderConfig config = provider(name, simulator.url())
                .setVersion(1)
                .setTimeoutMs(20_000)
                .setLimits(ProviderLimits.newBuilder().setMaxConcurrency(8).build())
                .build();
        String topic = topics.providers().name();
        try (KafkaProducer<String, byte[]> producer = producer()) {
            producer.send(new ProducerRecord<>(
                            topic, name, topics.providers().valueSerde(registry).serialize(topic, config)))
                    .get();
        }
    }

    private int membersOf(String group) throws Exception {
        try (Admin admin = admin()) {
            return admin.describeConsumerGroups(List.of(group))
                    .describedGroups()
                    .get(group)
                    .get()
                    .members()
                    .size();
        }
    }

    /** The requestIds of every record on outcomes and fallback, duplicates kept. */
    private List<String> outcomeKeys(Topics topics) {
        List<String> keys = new ArrayList<>();
        Map<String, Object> props = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        try (KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic :
                    List.of(topics.outcomes().name(), topics.fallback().name())) {
                consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> keys.add(r.key()));
            }
        }
        return keys;
    }

    private Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()));
    }

    private KafkaProducer<String, byte[]> producer() {
        return new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                new StringSerializer(),
                new ByteArraySerializer());
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > until) {
                throw new AssertionError(what + ": not within 30 s");
            }
            Thread.sleep(50);
        }
    }
}
