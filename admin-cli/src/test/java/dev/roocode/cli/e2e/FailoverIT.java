package dev.roocode.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roocode.cli.embedded.EmbeddedStack;
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
import dev.roocode.schemas.avro.RetryPolicy;
import dev.roocode.schemas.topic.TopicAdmin;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Failover on the whole pipeline: three providers registered through the providers topic, all pointing at
 * the one simulator under distinct model names and priced apart, so the COST strategy sends everything to
 * the cheapest. Mid-run that provider starts failing (a new config version maps its offer to {@code sim-down});
 * traffic moves to the other two and no job is lost.
 */
class FailoverIT {
    private static final int PARTITIONS = SharedStack.Kind.SIM_RETIRED.partitions;
    private static final String MODEL = "failover-chat";
    private static final String CHEAP = "alpha";
    private static final String MID = "beta";
    private static final String DEAR = "gamma";
    private static final Duration RESULT_TIMEOUT = Duration.ofSeconds(120);

    @RegisterExtension
    static final SharedStack SHARED = SharedStack.simRetired();

    static EmbeddedStack stack;
    static RoocodeClient client;

    @BeforeAll
    static void startStack() throws Exception {
        stack = SHARED.stack();
        client = new RoocodeClient(new ClientConfig(stack.clientProperties()), stack.registry());
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", stack.bootstrapServers()))) {
            TopicAdmin.createAndAwait(
                    admin,
                    List.of(CHEAP, MID, DEAR).stream()
                            .map(p -> stack.topics().dispatch(p).newTopic(PARTITIONS, (short) 1))
                            .toList(),
                    Duration.ofSeconds(60));
        }
        // the stack's catch-all provider would be the cheapest (free) candidate for any model: retire it
        publish(provider(EmbeddedStack.SIMULATOR_PROVIDER, "*", 0, 0)
                .setStatus(ProviderStatus.INACTIVE)
                .build());
        publish(provider(CHEAP, "sim-latency-30", 0.10, 0.40).build());
        publish(provider(MID, "sim-latency-31", 0.50, 1.50).build());
        publish(provider(DEAR, "sim-latency-32", 3.00, 12.00).build());
        awaitServedBy(CHEAP, MODEL);
    }

    @AfterAll
    static void stopStack() {
        if (client != null) {
            client.close();
        }
        // the shared stack stops when the JVM's tests end
    }

    @Test
    void shouldMoveTrafficToTheOtherProvidersWhenTheCheapestStartsFailing() throws Exception {
        String batch = "failover-" + UUID.randomUUID().toString().substring(0, 8);
        int count = 900;
        int switchAt = 450;
        long[] sentAt = new long[count];
        long switchedAt = 0;
        List<Job> jobs = new ArrayList<>();
        try (ResultReader reader =
                client.readResultsFromNow(stack.topics().results().name())) {
            // paced, so jobs keep being routed (and dispatched with their provider model) after the switch
            List<CompletableFuture<Void>> sends = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                if (i == switchAt) {
                    publish(provider(CHEAP, "sim-down", 0.10, 0.40).build());
                    switchedAt = System.currentTimeMillis();
                }
                Job job = Jobs.chat(batch + "/" + i, batch, MODEL);
                jobs.add(job);
                sentAt[i] = System.currentTimeMillis();
                sends.add(client.submit(job));
                if (i % 10 == 9) {
                    client.flush();
                    Thread.sleep(50);
                }
            }
            client.flush();
            CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).get();
            Map<String, List<Result>> results = collect(reader, jobs);

            assertThat(results.keySet()).as("distinct requestIds answered").hasSize(count);
            assertThat(results.values())
                    .as("Results per requestId")
                    .allSatisfy(r -> assertThat(r).hasSize(1));
            assertThat(results.values())
                    .allSatisfy(r -> assertThat(r.get(0).getStatus())
                            .as(r.get(0).getRequestId())
                            .isEqualTo(ResultStatus.SUCCEEDED));

            // a second after the new version, the failing provider answers nothing more. (Jobs sent shortly
            // before it may be routed after it: the processor can lag on a busy machine.)
            List<Result> after = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                if (sentAt[i] >= switchedAt + 1000) {
                    after.add(results.get(jobs.get(i).getRequestId()).get(0));
                }
            }
            assertThat(jobs.subList(0, 50))
                    .as("the first jobs, long before the switch, went to the cheapest")
                    .allSatisfy(
                            j -> assertThat(results.get(j.getRequestId()).get(0).getProvider())
                                    .isEqualTo(CHEAP));
            assertThat(after)
                    .as("Results of jobs sent after the switch")
                    .hasSizeGreaterThan(200)
                    .allSatisfy(r -> assertThat(r.getProvider()).isIn(MID, DEAR));

            // jobs that fell back list the failed attempt on the cheapest provider before the one that answered
            List<Result> fellBack = results.values().stream()
                    .map(r -> r.get(0))
                    .filter(r -> r.getAttempts().size() > 1)
                    .toList();
            assertThat(fellBack).as("Results that fell back").isNotEmpty().allSatisfy(r -> {
                List<AttemptRecord> attempts = r.getAttempts();
                AttemptRecord failed = attempts.get(0);
                assertThat(failed.getProvider()).isEqualTo(CHEAP);
                // a 503 from the provider, or no call at all once the worker's circuit for it is open
                assertThat(failed.getErrorClass())
                        .as("error class of the failed attempt")
                        .isEqualTo(ErrorClass.PROVIDER_UNAVAILABLE);
                assertThat(failed.getHttpStatus()).isIn(503, null);
                if (failed.getCalls() > 0) {
                    assertThat(failed.getProviderModel())
                            .as("a called failed attempt went to the failing model")
                            .isEqualTo("sim-down");
                } else {
                    // dispatched just before the switch (old model), then refused by the already open circuit
                    assertThat(failed.getProviderModel()).isIn("sim-down", "sim-latency-30");
                }
                AttemptRecord last = attempts.get(attempts.size() - 1);
                assertThat(last.getProvider()).isEqualTo(r.getProvider()).isIn(MID, DEAR);
                assertThat(last.getErrorClass()).isNull();
            });
            assertThat(results.values())
                    .map(r -> r.get(0))
                    .filteredOn(r -> CHEAP.equals(r.getProvider()))
                    .allSatisfy(r -> assertThat(r.getAttempts())
                            .singleElement()
                            .satisfies(a -> assertThat(a.getProviderModel()).isEqualTo("sim-latency-30")));
            assertThat(Set.copyOf(after.stream().map(Result::getProvider).toList()))
                    .contains(MID);
        }
    }

    /**
     * One provider only, down for about ten seconds mid-batch (its offer mapped to {@code sim-down}, then
     * back): every job whose deadline outlasts the outage waits for it in the processor and succeeds, none
     * fails with "no other provider to fall back to" (#14 item 5).
     */
    @Test
    void shouldWaitOutAnOutageOfTheOnlyProviderAndFailNoJob() throws Exception {
        String solo = "solo";
        String model = "outage-chat";
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", stack.bootstrapServers()))) {
            TopicAdmin.createAndAwait(
                    admin,
                    List.of(stack.topics().dispatch(solo).newTopic(PARTITIONS, (short) 1)),
                    Duration.ofSeconds(60));
        }
        publish(soloProvider(solo, model, "sim-latency-20"));
        awaitServedBy(solo, model);
        String batch = "outage-" + UUID.randomUUID().toString().substring(0, 8);
        int count = 150;
        Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
        List<Job> jobs = new ArrayList<>();
        try (ResultReader reader =
                client.readResultsFromNow(stack.topics().results().name())) {
            List<CompletableFuture<Void>> sends = new ArrayList<>();
            long downAt = 0;
            boolean restored = false;
            for (int i = 0; i < count; i++) {
                if (i == 40) {
                    publish(soloProvider(solo, model, "sim-down"));
                    downAt = System.currentTimeMillis();
                }
                if (i >= 40 && !restored) {
                    // the jobs sent during the outage: spread over it, so they meet an open breaker
                    Thread.sleep(100);
                }
                if (i == 110) {
                    Thread.sleep(Math.max(0, downAt + 10_000 - System.currentTimeMillis()));
                    publish(soloProvider(solo, model, "sim-latency-20"));
                    restored = true;
                }
                Job job = Jobs.chat(batch + "/" + i, batch, model);
                job.getRouting().setDeadline(deadline);
                jobs.add(job);
                sends.add(client.submit(job));
                if (i % 10 == 9) {
                    client.flush();
                }
            }
            client.flush();
            CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).get();
            Map<String, List<Result>> results = collect(reader, jobs);

            assertThat(results.values())
                    .as("Results per requestId")
                    .allSatisfy(r -> assertThat(r).hasSize(1));
            assertThat(results.values())
                    .map(r -> r.get(0))
                    .allSatisfy(r -> assertThat(r.getStatus())
                            .as(r.getRequestId() + ": "
                                    + (r.getError() == null ? "" : r.getError().getMessage()))
                            .isEqualTo(ResultStatus.SUCCEEDED));
            List<Result> waited = results.values().stream()
                    .map(r -> r.get(0))
                    .filter(r -> r.getAttempts().size() > 1)
                    .toList();
            assertThat(waited)
                    .as("jobs that met the outage and were sent again to the same provider")
                    .isNotEmpty()
                    .allSatisfy(r -> {
                        assertThat(r.getAttempts())
                                .extracting(AttemptRecord::getProvider)
                                .containsOnly(solo);
                        assertThat(r.getAttempts().get(0).getErrorClass()).isEqualTo(ErrorClass.PROVIDER_UNAVAILABLE);
                    });
        }
    }

    private static ProviderConfig soloProvider(String name, String model, String providerModel) {
        return provider(name, providerModel, 0.10, 0.40)
                .setOffers(List.of(ModelOffer.newBuilder()
                        .setModel(model)
                        .setProviderModel(providerModel)
                        .setKind(JobKind.CHAT)
                        .setInputUsdPerMTok(0.10)
                        .setOutputUsdPerMTok(0.40)
                        .build()))
                .setBreaker(dev.roocode.schemas.avro.CircuitBreakerPolicy.newBuilder()
                        .setSlidingWindowSize(10)
                        .setMinimumCalls(5)
                        .setWaitInOpenMs(2_000)
                        .setHalfOpenCalls(2)
                        .build())
                .build();
    }

    // --- helpers

    private static ProviderConfig.Builder provider(
            String name, String providerModel, double inputUsd, double outputUsd) {
        return ProviderConfig.newBuilder()
                .setName(name)
                .setType("openai-compatible")
                .setStatus(ProviderStatus.ACTIVE)
                .setEndpoint(stack.simulator().url())
                .setCredential(
                        Credential.newBuilder().setKind(CredentialKind.NONE).build())
                .setOffers(List.of(ModelOffer.newBuilder()
                        .setModel(name.equals(EmbeddedStack.SIMULATOR_PROVIDER) ? "*" : MODEL)
                        .setProviderModel(providerModel)
                        .setKind(JobKind.CHAT)
                        .setInputUsdPerMTok(inputUsd)
                        .setOutputUsdPerMTok(outputUsd)
                        .build()))
                .setLimits(ProviderLimits.newBuilder().setMaxConcurrency(16).build())
                // one quick retry: a provider that is down should cost little time before the fallback
                .setRetry(RetryPolicy.newBuilder()
                        .setMaxAttempts(2)
                        .setInitialBackoffMs(20)
                        .setMaxBackoffMs(100)
                        .setMultiplier(2.0)
                        .build())
                .setTimeoutMs(30_000)
                .setVersion(System.nanoTime());
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

    /** Sends probe jobs until one is answered by {@code provider}: the processor and connectors have the configs. */
    private static void awaitServedBy(String provider, String model) throws Exception {
        long deadline = System.nanoTime() + RESULT_TIMEOUT.toNanos();
        try (ResultReader reader =
                client.readResultsFromNow(stack.topics().results().name())) {
            for (int i = 0; System.nanoTime() < deadline; i++) {
                client.submit(Jobs.chat("probe-" + UUID.randomUUID() + "/" + i, "probe", model))
                        .get();
                long until = System.nanoTime() + Duration.ofSeconds(2).toNanos();
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

    private static Map<String, List<Result>> collect(ResultReader reader, List<Job> jobs) {
        Map<String, List<Result>> results = new HashMap<>();
        Set<String> ids = Set.copyOf(jobs.stream().map(Job::getRequestId).toList());
        long deadline = System.nanoTime() + RESULT_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline && results.size() < ids.size()) {
            poll(reader, ids, results);
        }
        // keep listening a little: a duplicate Result would arrive now, if ever
        long more = System.nanoTime() + Duration.ofSeconds(2).toNanos();
        while (System.nanoTime() < more) {
            poll(reader, ids, results);
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
