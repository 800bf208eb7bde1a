package dev.roocode.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roocode.cli.embedded.EmbeddedStack;
import dev.roocode.client.ClientConfig;
import dev.roocode.client.ResultReader;
import dev.roocode.client.RoocodeClient;
import dev.roocode.schemas.avro.BatchEndpoint;
import dev.roocode.schemas.avro.Credential;
import dev.roocode.schemas.avro.CredentialKind;
import dev.roocode.schemas.avro.Job;
import dev.roocode.schemas.avro.JobKind;
import dev.roocode.schemas.avro.ModelOffer;
import dev.roocode.schemas.avro.ProviderConfig;
import dev.roocode.schemas.avro.ProviderLimits;
import dev.roocode.schemas.avro.ProviderStatus;
import dev.roocode.schemas.avro.Result;
import dev.roocode.schemas.avro.ResultStatus;
import dev.roocode.schemas.topic.TopicAdmin;
import java.time.Duration;
import java.time.Instant;
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
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * #20: jobs whose deadline leaves room go through the simulator's OpenAI batch API — router, the connectors'
 * batcher with the real OpenAI batch client, finalizer — and each gets one Result served by {@code <provider>:batch}
 * at the discounted price; no provider batch is created twice.
 */
class BatchOffloadIT {
    private static final String PROVIDER = "offload";
    private static final String MODEL = "offload-chat";
    private static final double INPUT_USD = 2.0;
    private static final double OUTPUT_USD = 8.0;
    private static final Duration RESULT_TIMEOUT = Duration.ofSeconds(180);

    @RegisterExtension
    static final SharedStack SHARED = SharedStack.simRetired();

    static EmbeddedStack stack;
    static RoocodeClient client;

    @BeforeAll
    static void startStack() throws Exception {
        stack = SHARED.stack();
        client = new RoocodeClient(new ClientConfig(stack.clientProperties()), stack.registry());
        // the stack's catch-all provider would be a free candidate for any model: retire it
        publish(ProviderConfig.newBuilder()
                .setName(EmbeddedStack.SIMULATOR_PROVIDER)
                .setType("openai-compatible")
                .setStatus(ProviderStatus.INACTIVE)
                .setEndpoint(stack.simulator().url())
                .setCredential(
                        Credential.newBuilder().setKind(CredentialKind.NONE).build())
                .setVersion(System.nanoTime())
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
    void shouldServeJobsWhoseDeadlineAllowsItThroughTheProvidersBatchApiAtTheDiscount() throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", stack.bootstrapServers()))) {
            TopicAdmin.createAndAwait(
                    admin,
                    List.of(
                            stack.topics().dispatch(PROVIDER).newTopic(2, (short) 1),
                            stack.topics().batchDispatch(PROVIDER).newTopic(1, (short) 1)),
                    Duration.ofSeconds(60));
        }
        publish(ProviderConfig.newBuilder()
                .setName(PROVIDER)
                .setType("openai")
                .setStatus(ProviderStatus.ACTIVE)
                .setEndpoint(stack.simulator().url())
                .setCredential(
                        Credential.newBuilder().setKind(CredentialKind.NONE).build())
                .setOffers(List.of(ModelOffer.newBuilder()
                        .setModel(MODEL)
                        .setProviderModel("sim-model")
                        .setKind(JobKind.CHAT)
                        .setInputUsdPerMTok(INPUT_USD)
                        .setOutputUsdPerMTok(OUTPUT_USD)
                        .build()))
                .setLimits(ProviderLimits.newBuilder().setMaxConcurrency(8).build())
                .setBatch(BatchEndpoint.newBuilder()
                        .setDiscount(0.5)
                        .setTurnaroundMs(Duration.ofMinutes(1).toMillis())
                        .setMaxLines(20)
                        .setMaxAgeMs(1_000)
                        .build())
                .setTimeoutMs(30_000)
                .setVersion(System.nanoTime())
                .build());
        Thread.sleep(5_000); // the processor and the connectors read the provider and see its batch topic

        String batch = "offload-" + UUID.randomUUID().toString().substring(0, 8);
        List<Job> jobs = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            Job job = Jobs.chat(batch + "/" + i, batch, MODEL);
            job.getRouting().setDeadline(Instant.now().plus(Duration.ofHours(3)));
            jobs.add(job);
            client.submit(job);
        }
        client.flush();

        Map<String, List<Result>> results = collect(jobs);

        assertThat(results).hasSize(jobs.size());
        assertThat(results.values()).allSatisfy(r -> assertThat(r).hasSize(1));
        assertThat(results.values()).allSatisfy(r -> {
            Result result = r.get(0);
            assertThat(result.getStatus())
                    .as(result.getRequestId() + " " + result.getError())
                    .isEqualTo(ResultStatus.SUCCEEDED);
            assertThat(result.getProvider()).isEqualTo(PROVIDER + ":batch");
            double full = (result.getOutput().getUsage().getInputTokens() * INPUT_USD
                            + result.getOutput().getUsage().getOutputTokens() * OUTPUT_USD)
                    / 1e6;
            assertThat(result.getCostUsd()).isCloseTo(full * 0.5, Offset.offset(1e-9));
        });
        assertThat(stack.simulator().batches().creations()).isPositive();
        assertThat(stack.simulator().batches().duplicateCreations()).isZero();
        assertThat(jobs)
                .allSatisfy(j -> assertThat(stack.simulator().callCount(j.getRequestId()))
                        .as("no realtime call")
                        .isZero());
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
