package dev.roocode.processor.topology;

import static dev.roocode.processor.topology.Fixtures.chatJob;
import static dev.roocode.processor.topology.Fixtures.provider;
import static dev.roocode.processor.topology.Fixtures.succeeded;
import static org.assertj.core.api.Assertions.assertThat;

import dev.roocode.processor.requests.JobOrigin;
import dev.roocode.processor.router.Deferral;
import dev.roocode.schemas.avro.DeadLetter;
import dev.roocode.schemas.avro.DispatchedJob;
import dev.roocode.schemas.avro.ErrorClass;
import dev.roocode.schemas.avro.Job;
import dev.roocode.schemas.avro.ProviderStatus;
import dev.roocode.schemas.avro.Result;
import dev.roocode.schemas.avro.ResultStatus;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Jobs written to a tenant's jobs topic ({@code roocode.tenant.<t>.jobs}) are that tenant's, whatever they
 * say: they reply in its namespace, and a job reaching for another tenant is refused on its own replies
 * topic and dead-lettered. The shared jobs topic may not name a tenant's reply topic.
 */
class TenantFlowTest {
    private static final String BLUE_JOBS = "roocode.tenant.blue.jobs";
    private static final String BLUE_REPLIES = "roocode.tenant.blue.replies";
    private static final String RED_REPLIES = "roocode.tenant.red.replies";

    private TopologyHarness harness;

    @BeforeEach
    void start() {
        harness = new TopologyHarness(3, Deferral.DEFAULT, Duration.ofDays(7), 2);
        harness.existingTopics.add(BLUE_REPLIES);
        harness.existingTopics.add(RED_REPLIES);
        harness.addProviders(provider("cheap", 0.15, ProviderStatus.ACTIVE));
    }

    @AfterEach
    void stop() {
        harness.close();
    }

    @Test
    void shouldAnswerATenantsJobOnItsRepliesTopicAndOnNoOther() {
        harness.pipe(BLUE_JOBS, "t1", chatJob("t1", "b1"));

        DispatchedJob dispatched =
                harness.read("roocode.dispatch.cheap", DispatchedJob.class).get(0);
        assertThat(dispatched.getJob().getTenant()).isEqualTo("blue");
        assertThat(dispatched.getJob().getReplyTo()).isEqualTo(BLUE_REPLIES);
        harness.pipe(harness.topics.outcomes().name(), "t1", succeeded(dispatched));

        assertThat(harness.read(BLUE_REPLIES, Result.class))
                .singleElement()
                .satisfies(r -> assertThat(r.getStatus()).isEqualTo(ResultStatus.SUCCEEDED));
        assertThat(harness.read("roocode.results", Result.class)).isEmpty();
    }

    @Test
    void shouldRefuseATenantsJobNamingAnotherTenantsReplyTopicOnItsOwnRepliesTopicWithADeadLetter() {
        Job job = chatJob("t2", "b1");
        job.setReplyTo(RED_REPLIES);
        harness.pipe(BLUE_JOBS, "t2", job);

        assertThat(harness.read(BLUE_REPLIES, Result.class)).singleElement().satisfies(r -> {
            assertThat(r.getStatus()).isEqualTo(ResultStatus.FAILED);
            assertThat(r.getError().getErrorClass()).isEqualTo(ErrorClass.INVALID_JOB);
            assertThat(r.getError().getMessage()).contains(RED_REPLIES);
        });
        assertThat(harness.read("roocode.dlq", DeadLetter.class))
                .singleElement()
                .satisfies(d -> {
                    assertThat(d.getRequestId()).isEqualTo("t2");
                    assertThat(d.getSourceTopic()).isEqualTo(BLUE_JOBS);
                    assertThat(d.getReason()).contains(RED_REPLIES);
                });
        assertThat(harness.read(RED_REPLIES, Result.class)).isEmpty();
        assertThat(harness.read("roocode.dispatch.cheap", DispatchedJob.class)).isEmpty();
    }

    @Test
    void shouldRefuseATenantsJobNamingAnotherTenant() {
        Job job = chatJob("t3", "b1");
        job.setTenant("red");
        harness.pipe(BLUE_JOBS, "t3", job);

        assertThat(harness.read(BLUE_REPLIES, Result.class))
                .singleElement()
                .satisfies(r -> assertThat(r.getError().getMessage()).contains("'red'"));
        assertThat(harness.read("roocode.dlq", DeadLetter.class)).hasSize(1);
        assertThat(harness.read(RED_REPLIES, Result.class)).isEmpty();
        assertThat(harness.read("roocode.dispatch.cheap", DispatchedJob.class)).isEmpty();
    }

    @Test
    void shouldKeepATenantsJobItsOwnWhateverOriginHeaderItsClientForged() {
        Job job = chatJob("t4", "b1");
        job.setReplyTo(RED_REPLIES);
        RecordHeaders forged = new RecordHeaders();
        forged.add(JobOrigin.ORIGIN_TOPIC, "roocode.tenant.red.jobs".getBytes(StandardCharsets.UTF_8));
        harness.driver
                .createInputTopic(BLUE_JOBS, new StringSerializer(), new ByteArraySerializer())
                .pipeInput(new TestRecord<>("t4", harness.bytes(BLUE_JOBS, job), forged));

        assertThat(harness.read(BLUE_REPLIES, Result.class)).hasSize(1);
        assertThat(harness.read(RED_REPLIES, Result.class)).isEmpty();
        assertThat(harness.read("roocode.dlq", DeadLetter.class))
                .singleElement()
                .satisfies(d -> assertThat(d.getSourceTopic()).isEqualTo(BLUE_JOBS));
    }

    @Test
    void shouldRefuseASharedTopicJobNamingATenantsReplyTopic() {
        Job job = chatJob("s1", "b1");
        job.setReplyTo(RED_REPLIES);
        harness.submit(job);

        assertThat(harness.read("roocode.results", Result.class))
                .singleElement()
                .satisfies(r -> assertThat(r.getError().getMessage()).contains("tenant namespace"));
        assertThat(harness.read("roocode.dlq", DeadLetter.class))
                .singleElement()
                .satisfies(d -> assertThat(d.getSourceTopic()).isEqualTo("roocode.jobs"));
        assertThat(harness.read(RED_REPLIES, Result.class)).isEmpty();
    }

    @Test
    void shouldAnswerARequestIdSubmittedOnTheSharedAndATenantTopicOnce() {
        harness.submit(chatJob("both", "b1"));
        harness.pipe(BLUE_JOBS, "both", chatJob("both", "b1"));

        assertThat(harness.read("roocode.dispatch.cheap", DispatchedJob.class))
                .singleElement()
                .satisfies(d -> assertThat(d.getJob().getReplyTo()).isNull());
    }

    @Test
    void shouldAnswerAnUnreadableTenantRecordOnThatTenantsRepliesTopic() {
        harness.driver
                .createInputTopic(BLUE_JOBS, new StringSerializer(), new ByteArraySerializer())
                .pipeInput("t5", "not avro".getBytes(StandardCharsets.UTF_8));

        assertThat(harness.read(BLUE_REPLIES, Result.class))
                .singleElement()
                .satisfies(r -> assertThat(r.getRequestId()).isEqualTo("t5"));
        assertThat(harness.read("roocode.results", Result.class)).isEmpty();
    }
}
