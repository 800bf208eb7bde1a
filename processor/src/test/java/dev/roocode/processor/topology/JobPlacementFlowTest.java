package dev.roocode.processor.topology;

import static dev.roocode.processor.topology.Fixtures.chatJob;
import static dev.roocode.processor.topology.Fixtures.provider;
import static dev.roocode.processor.topology.Fixtures.succeeded;
import static org.assertj.core.api.Assertions.assertThat;

import dev.roocode.processor.intake.JobPlacement;
import dev.roocode.processor.router.Deferral;
import dev.roocode.schemas.avro.DeadLetter;
import dev.roocode.schemas.avro.DispatchedJob;
import dev.roocode.schemas.avro.ErrorClass;
import dev.roocode.schemas.avro.ProviderStatus;
import dev.roocode.schemas.avro.Result;
import dev.roocode.schemas.avro.ResultStatus;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Jobs that a client's partitioner put on another partition than their requestId's (the driver puts
 * every record on partition 0 of a jobs topic the intake takes for 4 partitions) reach the intake
 * through the jobs-by-request-id topic; jobs already in place do not touch it.
 */
class JobPlacementFlowTest {
    private static final int PARTITIONS = 4;
    private static final String HOP_TOPIC =
            "roocode-processor-test-" + RoocodeTopology.JOBS_REPARTITION + "-repartition";

    private TopologyHarness harness;

    @BeforeEach
    void start() {
        harness = new TopologyHarness(3, Deferral.DEFAULT, Duration.ofDays(7), PARTITIONS);
        harness.addProviders(provider("cheap", 0.15, ProviderStatus.ACTIVE));
    }

    @AfterEach
    void stop() {
        harness.close();
    }

    @Test
    void shouldPartitionRequestIdsAsTheJavaProducersDefaultPartitionerDoes() {
        for (int i = 0; i < 1000; i++) {
            byte[] key = ("batch-7/line-" + i).getBytes(StandardCharsets.UTF_8);
            assertThat(JobPlacement.partitionOf(key, PARTITIONS))
                    .as("key %d", i)
                    .isEqualTo(BuiltInPartitioner.partitionForKey(key, PARTITIONS));
        }
    }

    @Test
    void shouldRouteAJobOnAnotherPartitionThanItsRequestIdsThroughTheHopTopic() {
        String id = idOnPartition(2);
        harness.submit(chatJob(id, "b1"));

        assertThat(harness.driver.producedTopicNames()).contains(HOP_TOPIC);
        assertThat(harness.read("roocode.dispatch.cheap", DispatchedJob.class))
                .extracting(d -> d.getJob().getRequestId())
                .containsExactly(id);
    }

    @Test
    void shouldKeepAJobOnItsRequestIdsPartitionOffTheHopTopic() {
        String id = idOnPartition(0);
        harness.submit(chatJob(id, "b1"));

        assertThat(harness.read("roocode.dispatch.cheap", DispatchedJob.class))
                .extracting(d -> d.getJob().getRequestId())
                .containsExactly(id);
        assertThat(harness.driver.producedTopicNames()).doesNotContain(HOP_TOPIC);
    }

    @Test
    void shouldDeadLetterAMovedPoisonRecordWithItsJobsTopicPartitionAndOffsetAndNotAnswerAFinishedRequestAgain() {
        String finished = idOnPartition(3);
        harness.submit(chatJob(finished, "b1"));
        DispatchedJob dispatched =
                harness.read("roocode.dispatch.cheap", DispatchedJob.class).get(0);
        harness.pipe(harness.topics.outcomes().name(), finished, succeeded(dispatched));
        assertThat(harness.read("roocode.results", Result.class))
                .singleElement()
                .satisfies(r -> assertThat(r.getStatus()).isEqualTo(ResultStatus.SUCCEEDED));

        String fresh = idOnPartition(1);
        var jobs = harness.driver.createInputTopic(
                harness.topics.jobs().name(), new StringSerializer(), new ByteArraySerializer());
        jobs.pipeInput(finished, "not avro at all".getBytes(StandardCharsets.UTF_8)); // offset 1 of the jobs topic
        jobs.pipeInput(fresh, "not avro either".getBytes(StandardCharsets.UTF_8)); // offset 2

        List<DeadLetter> letters = harness.read("roocode.dlq", DeadLetter.class);
        assertThat(letters)
                .extracting(
                        DeadLetter::getRequestId,
                        DeadLetter::getSourceTopic,
                        DeadLetter::getPartition,
                        DeadLetter::getOffset)
                .containsExactly(
                        Tuple.tuple(finished, "roocode.jobs", 0, 1L), Tuple.tuple(fresh, "roocode.jobs", 0, 2L));
        assertThat(harness.read("roocode.results", Result.class))
                .as("only the request without a Result is answered")
                .singleElement()
                .satisfies(r -> {
                    assertThat(r.getRequestId()).isEqualTo(fresh);
                    assertThat(r.getError().getErrorClass()).isEqualTo(ErrorClass.INVALID_JOB);
                });
    }

    /** A requestId whose partition among {@value #PARTITIONS} is {@code partition}. */
    private static String idOnPartition(int partition) {
        for (int i = 0; ; i++) {
            String id = "r-" + i;
            if (JobPlacement.partitionOf(id.getBytes(StandardCharsets.UTF_8), PARTITIONS) == partition) {
                return id;
            }
        }
    }
}
