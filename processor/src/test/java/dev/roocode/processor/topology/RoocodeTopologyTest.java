package dev.roocode.processor.topology;

import static dev.roocode.processor.topology.Fixtures.chatJob;
import static dev.roocode.processor.topology.Fixtures.provider;
import static org.assertj.core.api.Assertions.assertThat;

import dev.roocode.schemas.avro.BatchStatus;
import dev.roocode.schemas.avro.DeadLetter;
import dev.roocode.schemas.avro.DispatchedJob;
import dev.roocode.schemas.avro.ErrorClass;
import dev.roocode.schemas.avro.Job;
import dev.roocode.schemas.avro.JobKind;
import dev.roocode.schemas.avro.ProviderStatus;
import dev.roocode.schemas.avro.Result;
import dev.roocode.schemas.avro.ResultStatus;
import dev.roocode.schemas.topic.Topics;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.assertj.core.data.Offset;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RoocodeTopologyTest {
    private TopologyHarness harness;
    private Topics topics;
    private TopologyTestDriver driver;
    private TestInputTopic<String, byte[]> jobs;
    private TestInputTopic<String, byte[]> outcomes;
    private TestInputTopic<String, byte[]> fallback;

    @BeforeEach
    void start() {
        harness = new TopologyHarness(3);
        harness.existingTopics.add("roocode.replies.team-a");
        topics = harness.topics;
        driver = harness.driver;
        jobs = input(topics.jobs().name());
        outcomes = input(topics.outcomes().name());
        fallback = input(topics.fallback().name());
        harness.addProviders(
                provider("cheap", 0.15, ProviderStatus.ACTIVE),
                provider("pricey", 2.50, ProviderStatus.ACTIVE),
                provider("off", 0.01, ProviderStatus.INACTIVE));
    }

    @AfterEach
    void stop() {
        harness.close();
    }

    @Test
    void shouldDispatchJobToCheapestActiveProvider() {
        submit(chatJob("r1", "b1"));

        List<DispatchedJob> cheap = read("roocode.dispatch.cheap", DispatchedJob.class);
        assertThat(cheap).singleElement().satisfies(d -> {
            assertThat(d.getJob().getRequestId()).isEqualTo("r1");
            assertThat(d.getAssignment().getProviderModel()).isEqualTo("cheap-mini");
            assertThat(d.getAssignment().getAttempt()).isEqualTo(1);
        });
        assertThat(read("roocode.dispatch.pricey", DispatchedJob.class)).isEmpty();
        assertThat(read("roocode.dispatch.off", DispatchedJob.class)).isEmpty();
    }

    @Test
    void shouldNotDispatchResubmittedRequestIdAgain() {
        submit(chatJob("r1", "b1"));
        DispatchedJob dispatched =
                read("roocode.dispatch.cheap", DispatchedJob.class).get(0);
        submit(chatJob("r1", "b1"));
        assertThat(read("roocode.dispatch.cheap", DispatchedJob.class)).isEmpty();

        outcomes.pipeInput("r1", bytes(topics.outcomes().name(), Fixtures.succeeded(dispatched)));
        submit(chatJob("r1", "b1"));
        assertThat(read("roocode.dispatch.cheap", DispatchedJob.class)).isEmpty();
        assertThat(read("roocode.results", Result.class)).hasSize(1);
    }

    @Test
    void shouldWriteOneSucceededResultWithCostWhenOutcomeRepeats() {
        submit(chatJob("r1", "b1"));
        DispatchedJob dispatched =
                read("roocode.dispatch.cheap", DispatchedJob.class).get(0);

        outcomes.pipeInput("r1", bytes(topics.outcomes().name(), Fixtures.succeeded(dispatched)));
        outcomes.pipeInput("r1", bytes(topics.outcomes().name(), Fixtures.succeeded(dispatched)));

        assertThat(read("roocode.results", Result.class)).singleElement().satisfies(result -> {
            assertThat(result.getStatus()).isEqualTo(ResultStatus.SUCCEEDED);
            assertThat(result.getProvider()).isEqualTo("cheap");
            assertThat(result.getOutput().getChoices().get(0).getMessage().getContent())
                    .isEqualTo("A cat sat.");
            // 1000 in × 0.15 + 500 out × 0.60 per million tokens
            assertThat(result.getCostUsd()).isCloseTo(0.00045, Offset.offset(1e-12));
            assertThat(result.getMetadata()).containsEntry("custom_id", "r1");
            assertThat(result.getAttempts()).hasSize(1);
        });
    }

    @Test
    void shouldRerouteFailedAttemptToProviderNotYetTried() {
        submit(chatJob("r1", "b1"));
        DispatchedJob first =
                read("roocode.dispatch.cheap", DispatchedJob.class).get(0);

        fallback.pipeInput(
                "r1", bytes(topics.fallback().name(), Fixtures.failed(first, ErrorClass.PROVIDER_UNAVAILABLE, 503)));

        assertThat(read("roocode.dispatch.pricey", DispatchedJob.class))
                .singleElement()
                .satisfies(second -> {
                    assertThat(second.getAssignment().getAttempt()).isEqualTo(2);
                    assertThat(second.getHistory())
                            .extracting(a -> a.getProvider())
                            .containsExactly("cheap");
                });
        assertThat(read("roocode.results", Result.class)).isEmpty();
    }

    @Test
    void shouldRerouteAnAnswerThatDidNotAnswerTheRequestToAnotherProvider() {
        submit(chatJob("r1", "b1"));
        DispatchedJob first =
                read("roocode.dispatch.cheap", DispatchedJob.class).get(0);

        // e.g. an embeddings answer with a vector missing: the worker reports INVALID_RESPONSE, retryable elsewhere
        fallback.pipeInput(
                "r1", bytes(topics.fallback().name(), Fixtures.failed(first, ErrorClass.INVALID_RESPONSE, 200)));

        assertThat(read("roocode.dispatch.pricey", DispatchedJob.class))
                .singleElement()
                .satisfies(second -> assertThat(second.getHistory())
                        .extracting(a -> a.getErrorClass())
                        .containsExactly(ErrorClass.INVALID_RESPONSE));
        assertThat(read("roocode.results", Result.class)).isEmpty();
    }

    @Test
    void shouldFailListingEveryAttemptWhenNoProviderIsLeft() {
        submit(chatJob("r1", "b1"));
        DispatchedJob first =
                read("roocode.dispatch.cheap", DispatchedJob.class).get(0);
        fallback.pipeInput(
                "r1", bytes(topics.fallback().name(), Fixtures.failed(first, ErrorClass.PROVIDER_UNAVAILABLE, 503)));
        DispatchedJob second =
                read("roocode.dispatch.pricey", DispatchedJob.class).get(0);

        fallback.pipeInput(
                "r1", bytes(topics.fallback().name(), Fixtures.failed(second, ErrorClass.RATE_LIMITED, 429)));
        fallback.pipeInput(
                "r1", bytes(topics.fallback().name(), Fixtures.failed(second, ErrorClass.RATE_LIMITED, 429)));

        assertThat(read("roocode.results", Result.class)).singleElement().satisfies(result -> {
            assertThat(result.getStatus()).isEqualTo(ResultStatus.FAILED);
            assertThat(result.getError().getErrorClass()).isEqualTo(ErrorClass.RATE_LIMITED);
            assertThat(result.getError().getMessage()).contains("no other provider");
            assertThat(result.getAttempts()).extracting(a -> a.getProvider()).containsExactly("cheap", "pricey");
        });
    }

    @Test
    void shouldNotFallBackWhenRequestItselfIsBad() {
        submit(chatJob("r1", "b1"));
        DispatchedJob first =
                read("roocode.dispatch.cheap", DispatchedJob.class).get(0);

        fallback.pipeInput("r1", bytes(topics.fallback().name(), Fixtures.failed(first, ErrorClass.BAD_REQUEST, 400)));

        assertThat(read("roocode.dispatch.pricey", DispatchedJob.class)).isEmpty();
        assertThat(read("roocode.results", Result.class))
                .singleElement()
                .satisfies(r -> assertThat(r.getError().getErrorClass()).isEqualTo(ErrorClass.BAD_REQUEST));
    }

    @Test
    void shouldFailWithNoRouteNamingWhyEachProviderWasExcluded() {
        Job job = chatJob("r1", "b1");
        job.setModel("claude-unknown");
        submit(job);

        assertThat(read("roocode.results", Result.class)).singleElement().satisfies(result -> {
            assertThat(result.getError().getErrorClass()).isEqualTo(ErrorClass.NO_ROUTE);
            assertThat(result.getError().getMessage())
                    .contains("cheap: no CHAT offer for claude-unknown")
                    .contains("off: INACTIVE");
        });
    }

    @Test
    void shouldFailEmbeddingJobWithoutInputAsInvalid() {
        Job job = chatJob("r1", "b1");
        job.setKind(JobKind.EMBEDDING);
        submit(job);

        assertThat(read("roocode.results", Result.class))
                .singleElement()
                .satisfies(r -> assertThat(r.getError().getMessage()).isEqualTo("EMBEDDING job has no input"));
    }

    @Test
    void shouldAnswerOnAllowedReplyTopicAndRejectOthers() {
        Job allowed = chatJob("r1", "b1");
        allowed.setReplyTo("roocode.replies.team-a");
        Job refused = chatJob("r2", "b1");
        refused.setReplyTo("payments.events");
        submit(allowed);
        submit(refused);
        DispatchedJob dispatched =
                read("roocode.dispatch.cheap", DispatchedJob.class).get(0);
        outcomes.pipeInput("r1", bytes(topics.outcomes().name(), Fixtures.succeeded(dispatched)));

        assertThat(read("roocode.replies.team-a", Result.class))
                .extracting(Result::getRequestId)
                .containsExactly("r1");
        assertThat(read("roocode.results", Result.class)).singleElement().satisfies(r -> {
            assertThat(r.getRequestId()).isEqualTo("r2");
            assertThat(r.getError().getErrorClass()).isEqualTo(ErrorClass.INVALID_JOB);
            assertThat(r.getError().getMessage()).contains("payments.events");
        });
    }

    @Test
    void shouldDeadLetterPoisonRecordsAndAnswerUsableRequestIds() {
        jobs.pipeInput("p1", "definitely not avro".getBytes(StandardCharsets.UTF_8));
        jobs.pipeInput("p2", new byte[] {0, 0, 0, 0x7f, 0x12, 1, 2, 3});
        jobs.pipeInput(new TestRecord<>((String) null, bytes(topics.jobs().name(), chatJob("r9", "b1"))));
        submit(chatJob("r1", "b1"));

        List<DeadLetter> letters = read("roocode.dlq", DeadLetter.class);
        assertThat(letters).extracting(DeadLetter::getRequestId).containsExactly("p1", "p2", null);
        assertThat(letters.get(0).getReason()).contains("unknown magic byte");
        assertThat(letters.get(1).getReason()).contains("unknown schema id");
        assertThat(letters.get(0).getValue().array()).isEqualTo("definitely not avro".getBytes(StandardCharsets.UTF_8));
        assertThat(letters.get(0).getOffset()).isEqualTo(0);
        assertThat(read("roocode.results", Result.class))
                .extracting(Result::getRequestId, r -> r.getError().getErrorClass())
                .containsExactly(Tuple.tuple("p1", ErrorClass.INVALID_JOB), Tuple.tuple("p2", ErrorClass.INVALID_JOB));
        assertThat(read("roocode.dispatch.cheap", DispatchedJob.class))
                .extracting(d -> d.getJob().getRequestId())
                .containsExactly("r1");
    }

    @Test
    void shouldAccountBatchProgressFromResults() {
        submit(chatJob("r1", "b1"));
        submit(chatJob("r2", "b1"));
        List<DispatchedJob> dispatched = read("roocode.dispatch.cheap", DispatchedJob.class);
        outcomes.pipeInput("r1", bytes(topics.outcomes().name(), Fixtures.succeeded(dispatched.get(0))));
        fallback.pipeInput(
                "r2",
                bytes(topics.fallback().name(), Fixtures.failed(dispatched.get(1), ErrorClass.CONTENT_POLICY, 400)));
        driver.advanceWallClockTime(DeltaBuffer.FLUSH_INTERVAL); // the task's batch sums go out

        List<BatchStatus> statuses = read("roocode.batches", BatchStatus.class);
        assertThat(statuses).last().satisfies(s -> {
            assertThat(s.getSucceeded()).isEqualTo(1);
            assertThat(s.getFailed()).isEqualTo(1);
            assertThat(s.getInputTokens()).isEqualTo(1000);
        });
    }

    @Test
    void shouldCountABatchsResultsPerProviderThatServedThem() {
        submit(chatJob("r1", "b1"));
        submit(chatJob("r2", "b1"));
        Job unroutable = chatJob("r3", "b1");
        unroutable.setModel("claude-unknown");
        submit(unroutable);
        List<DispatchedJob> dispatched = read("roocode.dispatch.cheap", DispatchedJob.class);
        outcomes.pipeInput("r1", bytes(topics.outcomes().name(), Fixtures.succeeded(dispatched.get(0))));
        fallback.pipeInput(
                "r2",
                bytes(
                        topics.fallback().name(),
                        Fixtures.failed(dispatched.get(1), ErrorClass.PROVIDER_UNAVAILABLE, 503)));
        DispatchedJob rerouted =
                read("roocode.dispatch.pricey", DispatchedJob.class).get(0);
        outcomes.pipeInput("r2", bytes(topics.outcomes().name(), Fixtures.succeeded(rerouted)));
        driver.advanceWallClockTime(DeltaBuffer.FLUSH_INTERVAL);

        assertThat(read("roocode.batches", BatchStatus.class)).last().satisfies(s -> {
            assertThat(s.getSucceeded()).isEqualTo(2);
            assertThat(s.getFailed()).isEqualTo(1);
            assertThat(s.getByProvider()).containsExactlyInAnyOrderEntriesOf(Map.of("cheap", 1L, "pricey", 1L));
        });
    }

    private void submit(Job job) {
        harness.submit(job);
    }

    private TestInputTopic<String, byte[]> input(String topic) {
        return driver.createInputTopic(topic, new StringSerializer(), new ByteArraySerializer());
    }

    private <V extends SpecificRecord> byte[] bytes(String topic, V value) {
        return harness.bytes(topic, value);
    }

    private <V extends SpecificRecord> List<V> read(String topic, Class<V> type) {
        return harness.read(topic, type);
    }
}
