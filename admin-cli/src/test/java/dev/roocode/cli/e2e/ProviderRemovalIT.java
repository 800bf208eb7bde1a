package dev.roocode.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roocode.cli.embedded.EmbeddedStack;
import dev.roocode.cli.testing.Cli;
import dev.roocode.cli.testing.Cli.Run;
import dev.roocode.client.ClientConfig;
import dev.roocode.client.ResultReader;
import dev.roocode.client.RoocodeClient;
import dev.roocode.schemas.avro.AttemptRecord;
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
import dev.roocode.schemas.topic.TopicAdmin;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * #14 item 10: jobs queued for a provider that is removed or deactivated each get one Result, re-routed to
 * another candidate of their route when there is one, FAILED naming the provider when there is none, and the
 * provider gets no call for them. A provider with a window of one and a slow model keeps the jobs queued on its
 * dispatch topic while it serves the first.
 */
class ProviderRemovalIT {
    private static final int PARTITIONS = SharedStack.Kind.SIM_RETIRED.partitions;
    private static final String SLOW_MODEL = "sim-latency-3000";
    private static final Duration RESULT_TIMEOUT = Duration.ofSeconds(120);

    @RegisterExtension
    static final SharedStack SHARED = SharedStack.simRetired();

    @TempDir
    static Path configDir;

    static EmbeddedStack stack;
    static RoocodeClient client;
    static Cli cli;

    @BeforeAll
    static void startStack() throws Exception {
        stack = SHARED.stack();
        client = new RoocodeClient(new ClientConfig(stack.clientProperties()), stack.registry());
        cli = new Cli(configDir).cluster(stack.bootstrapServers(), stack.schemaRegistryUrl());
        // the stack's catch-all provider would be a free candidate for any model: retire it
        publish(provider(EmbeddedStack.SIMULATOR_PROVIDER, "*", "sim-model", 0, 16)
                .setStatus(ProviderStatus.INACTIVE)
                .build());
    }

    @AfterAll
    static void stopStack() {
        if (client != null) {
            client.close();
        }
        // the shared stack stops when the JVM's tests end
    }

    @Test
    void shouldRerouteTheJobsQueuedForARemovedProviderWithoutCallingIt() throws Exception {
        String model = "removal-chat";
        createDispatchTopics("doomed", "spare");
        publish(provider("doomed", model, SLOW_MODEL, 0.10, 1).build());
        publish(provider("spare", model, "sim-model", 3.00, 16).build());
        awaitServedBy("doomed", model);

        List<Job> jobs = submitAndAwaitTheFirstCall("removal", model, 6);
        Run remove = cli.run("providers", "remove", "doomed");
        assertThat(remove.exit()).as(remove.toString()).isZero();
        assertThat(remove.out())
                .as(remove.toString())
                .containsPattern("note: [0-9]+ jobs? w(as|ere) queued for doomed");
        Map<String, List<Result>> results = collect(jobs);

        assertThat(results.values())
                .as("Results per requestId")
                .allSatisfy(r -> assertThat(r).hasSize(1));
        List<Result> all = results.values().stream().map(r -> r.get(0)).toList();
        assertThat(all)
                .allSatisfy(r -> assertThat(r.getStatus())
                        .as(r.getRequestId() + " " + r.getError())
                        .isEqualTo(ResultStatus.SUCCEEDED));
        List<Result> rerouted =
                all.stream().filter(r -> r.getAttempts().size() > 1).toList();
        assertThat(rerouted)
                .as("jobs queued for doomed when it was removed")
                .isNotEmpty()
                .allSatisfy(r -> {
                    assertThat(r.getProvider()).isEqualTo("spare");
                    AttemptRecord first = r.getAttempts().get(0);
                    assertThat(first.getProvider()).isEqualTo("doomed");
                    assertThat(first.getCalls()).as("calls to doomed").isZero();
                    assertThat(first.getErrorClass()).isEqualTo(ErrorClass.NO_ROUTE);
                    assertThat(first.getMessage()).contains("provider doomed was removed");
                    assertThat(stack.simulator().callCount(r.getRequestId()))
                            .as("calls for " + r.getRequestId())
                            .isEqualTo(1);
                });
        assertThat(all)
                .filteredOn(r -> r.getAttempts().size() == 1)
                .as("jobs doomed took before its removal: called once, answered by it")
                .allSatisfy(r -> {
                    assertThat(r.getProvider()).isEqualTo("doomed");
                    assertThat(stack.simulator().callCount(r.getRequestId())).isEqualTo(1);
                });
    }

    @Test
    void shouldFailTheJobsQueuedForADeactivatedProviderWithNoOtherCandidateAndServeAgainOnceActive() throws Exception {
        String model = "lonely-chat";
        createDispatchTopics("lonely");
        publish(provider("lonely", model, SLOW_MODEL, 0.10, 1).build());
        awaitServedBy("lonely", model);

        List<Job> jobs = submitAndAwaitTheFirstCall("deactivation", model, 4);
        Run deactivate = cli.run("providers", "deactivate", "lonely");
        assertThat(deactivate.exit()).as(deactivate.toString()).isZero();
        Map<String, List<Result>> results = collect(jobs);

        assertThat(results.values())
                .as("Results per requestId")
                .allSatisfy(r -> assertThat(r).hasSize(1));
        List<Result> all = results.values().stream().map(r -> r.get(0)).toList();
        List<Result> failed =
                all.stream().filter(r -> r.getStatus() == ResultStatus.FAILED).toList();
        assertThat(failed)
                .as("jobs queued for lonely when it was deactivated")
                .isNotEmpty()
                .allSatisfy(r -> {
                    assertThat(r.getError().getErrorClass()).isEqualTo(ErrorClass.NO_ROUTE);
                    assertThat(r.getError().getMessage()).contains("provider lonely was deactivated");
                    assertThat(r.getError().getProvider()).isEqualTo("lonely");
                    assertThat(r.getAttempts())
                            .singleElement()
                            .satisfies(a -> assertThat(a.getCalls()).isZero());
                    assertThat(stack.simulator().callCount(r.getRequestId()))
                            .as("calls for " + r.getRequestId())
                            .isZero();
                });
        assertThat(all)
                .filteredOn(r -> r.getStatus() == ResultStatus.SUCCEEDED)
                .allSatisfy(r -> assertThat(r.getProvider()).isEqualTo("lonely"));

        Run activate = cli.run("providers", "activate", "lonely", "--force");
        assertThat(activate.exit()).as(activate.toString()).isZero();
        List<Job> later = submit("reactivated", model, 2);
        Map<String, List<Result>> served = collect(later);
        assertThat(served.values())
                .as("jobs sent after it is active again")
                .allSatisfy(r -> assertThat(r).singleElement().satisfies(result -> {
                    assertThat(result.getStatus())
                            .as(result.getRequestId() + " " + result.getError())
                            .isEqualTo(ResultStatus.SUCCEEDED);
                    assertThat(result.getProvider()).isEqualTo("lonely");
                }));
    }

    // --- helpers

    /** Submits {@code count} jobs and waits until the provider's one slot has called the first: the others are queued. */
    private static List<Job> submitAndAwaitTheFirstCall(String prefix, String model, int count) throws Exception {
        List<Job> jobs = submit(prefix, model, count);
        long deadline = System.nanoTime() + RESULT_TIMEOUT.toNanos();
        while (jobs.stream().allMatch(j -> stack.simulator().callCount(j.getRequestId()) == 0)) {
            assertThat(System.nanoTime())
                    .as("a first call within " + RESULT_TIMEOUT)
                    .isLessThan(deadline);
            Thread.sleep(50);
        }
        return jobs;
    }

    private static List<Job> submit(String prefix, String model, int count) throws Exception {
        String batch = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        List<Job> jobs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Job job = Jobs.chat(batch + "/" + i, batch, model);
            jobs.add(job);
            client.submit(job);
        }
        client.flush();
        return jobs;
    }

    private static ProviderConfig.Builder provider(
            String name, String model, String providerModel, double inputUsd, int concurrency) {
        return ProviderConfig.newBuilder()
                .setName(name)
                .setType("openai-compatible")
                .setStatus(ProviderStatus.ACTIVE)
                .setEndpoint(stack.simulator().url())
                .setCredential(
                        Credential.newBuilder().setKind(CredentialKind.NONE).build())
                .setOffers(List.of(ModelOffer.newBuilder()
                        .setModel(model)
                        .setProviderModel(providerModel)
                        .setKind(JobKind.CHAT)
                        .setInputUsdPerMTok(inputUsd)
                        .setOutputUsdPerMTok(inputUsd * 4)
                        .build()))
                .setLimits(ProviderLimits.newBuilder()
                        .setMaxConcurrency(concurrency)
                        .build())
                .setTimeoutMs(30_000)
                .setVersion(System.nanoTime());
    }

    private static void createDispatchTopics(String... providers) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", stack.bootstrapServers()))) {
            TopicAdmin.createAndAwait(
                    admin,
                    List.of(providers).stream()
                            .map(p -> stack.topics().dispatch(p).newTopic(PARTITIONS, (short) 1))
                            .toList(),
                    Duration.ofSeconds(60));
        }
    }

    private static void publish(ProviderConfig config) {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                Map.of("bootstrap.servers", stack.bootstrapServers(), "acks", "all"),
                new StringSerializer(),
                new ByteArraySerializer())) {
            String topic = stack.topics().providers().name();
            producer.send(new ProducerRecord<>(
                    topic,
                    config.getName(),
                    stack.topics().providers().valueSerde(stack.registry()).serialize(topic, config)));
        }
    }

    /** Sends probe jobs until one is answered by {@code provider}: the processor and connectors have its config. */
    private static void awaitServedBy(String provider, String model) throws Exception {
        long deadline = System.nanoTime() + RESULT_TIMEOUT.toNanos();
        try (ResultReader reader =
                client.readResultsFromNow(stack.topics().results().name())) {
            for (int i = 0; System.nanoTime() < deadline; i++) {
                client.submit(Jobs.chat("probe-" + UUID.randomUUID() + "/" + i, "probe", model))
                        .get();
                long until = System.nanoTime() + Duration.ofSeconds(5).toNanos();
                while (System.nanoTime() < until) {
                    for (Result r : reader.poll(Duration.ofMillis(200))) {
                        if (provider.equals(r.getProvider())) {
                            return;
                        }
                    }
                }
            }
        }
        throw new AssertionError("no probe answered by " + provider + " within " + RESULT_TIMEOUT);
    }

    /** The Results of {@code jobs}, read from the beginning of the results topic, then 2 s more for any duplicate. */
    private static Map<String, List<Result>> collect(List<Job> jobs) {
        Map<String, List<Result>> results = new HashMap<>();
        Set<String> ids = Set.copyOf(jobs.stream().map(Job::getRequestId).toList());
        try (ResultReader reader =
                client.readResultsFromBeginning(stack.topics().results().name())) {
            long deadline = System.nanoTime() + RESULT_TIMEOUT.toNanos();
            while (System.nanoTime() < deadline && results.size() < ids.size()) {
                poll(reader, ids, results);
            }
            long more = System.nanoTime() + Duration.ofSeconds(2).toNanos();
            while (System.nanoTime() < more) {
                poll(reader, ids, results);
            }
        }
        assertThat(results.keySet()).as("answered within " + RESULT_TIMEOUT).containsExactlyInAnyOrderElementsOf(ids);
        return results;
    }

    private static void poll(ResultReader reader, Set<String> ids, Map<String, List<Result>> results) {
        for (Result result : reader.poll(Duration.ofMillis(200))) {
            if (ids.contains(result.getRequestId())) {
                results.computeIfAbsent(result.getRequestId(), id -> new ArrayList<>())
                        .add(result);
            }
        }
    }
}
