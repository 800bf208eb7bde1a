package dev.roocode.processor.topology;

import static dev.roocode.processor.topology.Fixtures.chatJob;
import static dev.roocode.processor.topology.Fixtures.failed;
import static dev.roocode.processor.topology.Fixtures.provider;
import static dev.roocode.processor.topology.Fixtures.succeeded;
import static org.assertj.core.api.Assertions.assertThat;

import dev.roocode.core.trace.TraceParent;
import dev.roocode.processor.intake.JobPlacement;
import dev.roocode.processor.router.Deferral;
import dev.roocode.schemas.avro.DispatchedJob;
import dev.roocode.schemas.avro.ErrorClass;
import dev.roocode.schemas.avro.Job;
import dev.roocode.schemas.avro.ProviderStatus;
import dev.roocode.schemas.trace.TraceHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A job's {@code traceparent} header goes on through the processor: onto its dispatch record (also after the
 * repartition hop), and from the workers' outcome and fallback records onto its re-dispatch and its Result, each hop
 * with the same trace id and a span id of its own. A job without one, or with a malformed one, starts a fresh trace.
 */
class TraceFlowTest {
    private static final int PARTITIONS = 4;
    private static final TraceParent CLIENT =
            TraceParent.parse("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");

    private TopologyHarness harness;

    @BeforeEach
    void start() {
        harness = new TopologyHarness(3, Deferral.DEFAULT, Duration.ofDays(7), PARTITIONS);
        harness.addProviders(
                provider("cheap", 0.15, ProviderStatus.ACTIVE), provider("dear", 5.0, ProviderStatus.ACTIVE));
    }

    @AfterEach
    void stop() {
        harness.close();
    }

    @Test
    void shouldCarryTheJobsTraceIdOntoItsDispatchRecordWithANewSpanId() {
        String id = idOnPartition(0);
        pipe(harness.topics.jobs().name(), id, chatJob(id, "b1"), TraceHeaders.of(CLIENT));

        TraceParent dispatched = onlyTrace("roocode.dispatch.cheap");
        assertThat(dispatched.traceId()).isEqualTo(CLIENT.traceId());
        assertThat(dispatched.parentId()).isNotEqualTo(CLIENT.parentId());
    }

    @Test
    void shouldKeepTheTraceAcrossTheRepartitionHopOfAMisplacedJob() {
        String id = idOnPartition(2);
        pipe(harness.topics.jobs().name(), id, chatJob(id, "b1"), TraceHeaders.of(CLIENT));

        assertThat(onlyTrace("roocode.dispatch.cheap").traceId()).isEqualTo(CLIENT.traceId());
    }

    @Test
    void shouldStartAFreshTraceForAJobWithoutOrWithAMalformedTraceparent() {
        String without = idOnPartition(0);
        String malformed = without + "-x";
        Headers bad = new RecordHeaders();
        bad.add(TraceParent.HEADER, "00-nonsense".getBytes(StandardCharsets.UTF_8));
        pipe(harness.topics.jobs().name(), without, chatJob(without, "b1"), new RecordHeaders());
        pipe(harness.topics.jobs().name(), malformed, chatJob(malformed, "b1"), bad);

        List<TestRecord<String, byte[]>> records = records("roocode.dispatch.cheap");
        assertThat(records)
                .hasSize(2)
                .allSatisfy(r -> assertThat(TraceHeaders.read(r.headers()))
                        .as("a valid traceparent on %s", r.key())
                        .isNotNull());
        assertThat(TraceHeaders.read(records.get(0).headers()).traceId())
                .isNotEqualTo(TraceHeaders.read(records.get(1).headers()).traceId());
    }

    @Test
    void shouldCarryTheTraceOfAnOutcomeOntoTheResult() {
        String id = idOnPartition(0);
        Job job = chatJob(id, "b1");
        pipe(harness.topics.jobs().name(), id, job, TraceHeaders.of(CLIENT));
        DispatchedJob dispatched =
                harness.read("roocode.dispatch.cheap", DispatchedJob.class).get(0);
        TraceParent worker = CLIENT.child();

        pipe(harness.topics.outcomes().name(), id, succeeded(dispatched), TraceHeaders.of(worker));

        TraceParent result = onlyTrace("roocode.results");
        assertThat(result.traceId()).isEqualTo(CLIENT.traceId());
        assertThat(result.parentId()).isNotIn(CLIENT.parentId(), worker.parentId());
    }

    @Test
    void shouldCarryTheTraceOfAFailedAttemptOntoTheFallbackDispatch() {
        String id = idOnPartition(0);
        pipe(harness.topics.jobs().name(), id, chatJob(id, "b1"), TraceHeaders.of(CLIENT));
        DispatchedJob dispatched =
                harness.read("roocode.dispatch.cheap", DispatchedJob.class).get(0);

        pipe(
                harness.topics.fallback().name(),
                id,
                failed(dispatched, ErrorClass.PROVIDER_UNAVAILABLE, 503),
                TraceHeaders.of(CLIENT.child()));

        assertThat(onlyTrace("roocode.dispatch.dear").traceId()).isEqualTo(CLIENT.traceId());
    }

    private void pipe(String topic, String key, SpecificRecord value, Headers headers) {
        harness.driver
                .createInputTopic(topic, new StringSerializer(), new ByteArraySerializer())
                .pipeInput(new TestRecord<>(key, harness.bytes(topic, value), headers));
    }

    private List<TestRecord<String, byte[]>> records(String topic) {
        return harness.driver
                .createOutputTopic(topic, new StringDeserializer(), new ByteArrayDeserializer())
                .readRecordsToList();
    }

    private TraceParent onlyTrace(String topic) {
        List<TestRecord<String, byte[]>> records = records(topic);
        assertThat(records).as("records on %s", topic).hasSize(1);
        TraceParent trace = TraceHeaders.read(records.get(0).headers());
        assertThat(trace).as("traceparent on %s", topic).isNotNull();
        return trace;
    }

    /** A requestId whose partition among {@value #PARTITIONS} is {@code partition}. */
    private static String idOnPartition(int partition) {
        for (int i = 0; ; i++) {
            String id = "t-" + i;
            if (JobPlacement.partitionOf(id.getBytes(StandardCharsets.UTF_8), PARTITIONS) == partition) {
                return id;
            }
        }
    }
}
