package dev.roocode.processor.topology;

import static dev.roocode.processor.topology.Fixtures.T0;
import static dev.roocode.processor.topology.Fixtures.chatJob;
import static dev.roocode.processor.topology.Fixtures.provider;
import static org.assertj.core.api.Assertions.assertThat;

import dev.roocode.core.trace.LogFields;
import dev.roocode.core.trace.TraceParent;
import dev.roocode.processor.deferral.OutageWait;
import dev.roocode.processor.deferral.OutageWaits;
import dev.roocode.processor.router.Deferral;
import dev.roocode.schemas.avro.BatchCancellation;
import dev.roocode.schemas.avro.BreakerState;
import dev.roocode.schemas.avro.CircuitBreakerPolicy;
import dev.roocode.schemas.avro.DispatchedJob;
import dev.roocode.schemas.avro.ErrorClass;
import dev.roocode.schemas.avro.Job;
import dev.roocode.schemas.avro.ProviderConfig;
import dev.roocode.schemas.avro.ProviderLimits;
import dev.roocode.schemas.avro.ProviderState;
import dev.roocode.schemas.avro.ProviderStatus;
import dev.roocode.schemas.trace.TraceHeaders;
import java.time.Duration;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/**
 * A job the router holds (deferred for cheaper room, or waiting out its provider's outage) keeps its trace: the
 * dispatch a punctuator releases it with carries the job's trace id, with a span id of its own; a job parked before
 * traces were kept (a store entry of the older format) is released with a fresh trace. The punctuator leaves no MDC
 * field of the job behind on the stream thread.
 */
class ParkedTraceFlowTest {
    private static final TraceParent CLIENT =
            TraceParent.parse("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
    private static final Duration PASS = Duration.ofMillis(200);

    private TopologyHarness harness;

    @AfterEach
    void stop() {
        MDC.clear();
        harness.close();
    }

    @Test
    void shouldKeepTheTraceIdOfADeferredJobOnItsReleasedDispatch() {
        startDeferral();
        for (int i = 0; i < 5; i++) {
            harness.submit(chatJob("filler" + i, "b1")); // no deadline: straight to cheap, filling its horizon
        }
        assertThat(records("roocode.dispatch.cheap")).hasSize(5);
        pipe(harness.topics.jobs().name(), "r1", due(chatJob("r1", "b1"), Duration.ofMinutes(10)), CLIENT);
        assertThat(records("roocode.dispatch.cheap")).as("parked for cheap").isEmpty();

        harness.publishState(ProviderState.newBuilder()
                .setProvider("cheap")
                .setWindowStart(T0)
                .setBacklog(0)
                .setUpdatedAt(T0)
                .build());
        harness.driver.advanceWallClockTime(PASS);

        TraceParent released = onlyTrace("roocode.dispatch.cheap");
        assertThat(released.traceId()).isEqualTo(CLIENT.traceId());
        assertThat(released.parentId()).isNotEqualTo(CLIENT.parentId());
    }

    @Test
    void shouldKeepTheTraceIdOnTheCancelledResultOfADeferredJob() {
        startDeferral();
        for (int i = 0; i < 5; i++) {
            harness.submit(chatJob("filler" + i, "b0"));
        }
        pipe(harness.topics.jobs().name(), "r1", due(chatJob("r1", "b1"), Duration.ofMinutes(10)), CLIENT);
        assertThat(records("roocode.dispatch.cheap")).hasSize(5);

        harness.pipe(
                "roocode.batch-cancellations",
                "b1",
                BatchCancellation.newBuilder()
                        .setBatchId("b1")
                        .setCancelledAt(T0)
                        .build());
        harness.driver.advanceWallClockTime(Duration.ofSeconds(1));

        assertThat(onlyTrace("roocode.results").traceId()).isEqualTo(CLIENT.traceId());
    }

    @Test
    void shouldKeepTheTraceIdOfAJobThatWaitedOutItsProvidersOutage() {
        startSolo();
        pipe(harness.topics.jobs().name(), "r1", due(chatJob("r1", "b1"), Duration.ofMinutes(10)), CLIENT);
        DispatchedJob first =
                harness.read("roocode.dispatch.solo", DispatchedJob.class).get(0);
        breaker(BreakerState.OPEN);
        TraceParent worker = CLIENT.child();
        pipe(
                harness.topics.fallback().name(),
                "r1",
                Fixtures.failed(first, ErrorClass.PROVIDER_UNAVAILABLE, 503),
                worker);
        harness.driver.advanceWallClockTime(Duration.ofSeconds(1));
        assertThat(records("roocode.dispatch.solo"))
                .as("waits while the breaker is open")
                .isEmpty();

        breaker(BreakerState.CLOSED);
        harness.driver.advanceWallClockTime(Duration.ofSeconds(1));

        TraceParent released = onlyTrace("roocode.dispatch.solo");
        assertThat(released.traceId()).isEqualTo(CLIENT.traceId());
        assertThat(released.parentId()).isNotIn(CLIENT.parentId(), worker.parentId());
    }

    @Test
    void shouldLeaveNoLogFieldOfAReleasedJobOnTheStreamThread() {
        startSolo();
        breaker(BreakerState.OPEN);
        pipe(harness.topics.jobs().name(), "r1", due(chatJob("r1", "b1"), Duration.ofMinutes(10)), CLIENT);
        breaker(BreakerState.CLOSED);

        harness.driver.advanceWallClockTime(Duration.ofSeconds(1)); // the punctuator dispatches r1 to solo

        assertThat(records("roocode.dispatch.solo")).hasSize(1);
        assertThat(MDC.get(LogFields.PROVIDER))
                .as("the punctuator runs on the stream thread, whose next lines are not r1's")
                .isNull();
        assertThat(MDC.get(LogFields.REQUEST_ID)).isNull();
        assertThat(MDC.get(LogFields.TRACE_ID)).isNull();
    }

    @Test
    void shouldKeepTheTraceIdOfANewJobParkedBecauseItsOnlyProvidersCircuitWasOpen() {
        startSolo();
        breaker(BreakerState.OPEN);
        pipe(harness.topics.jobs().name(), "r1", due(chatJob("r1", "b1"), Duration.ofMinutes(10)), CLIENT);
        harness.driver.advanceWallClockTime(Duration.ofSeconds(1));
        assertThat(records("roocode.dispatch.solo")).isEmpty();

        breaker(BreakerState.CLOSED);
        harness.driver.advanceWallClockTime(Duration.ofSeconds(1));

        assertThat(onlyTrace("roocode.dispatch.solo").traceId()).isEqualTo(CLIENT.traceId());
    }

    @Test
    void shouldKeepTheTraceIdOnTheResultOfAJobWhoseDeadlinePassedWhileParked() {
        startSolo();
        breaker(BreakerState.OPEN);
        pipe(harness.topics.jobs().name(), "r1", due(chatJob("r1", "b1"), Duration.ofMinutes(1)), CLIENT);

        harness.driver.advanceWallClockTime(Duration.ofSeconds(61));

        assertThat(onlyTrace("roocode.results").traceId()).isEqualTo(CLIENT.traceId());
    }

    @Test
    void shouldReleaseAJobParkedInTheOlderStoreFormatWithAFreshTrace() {
        startSolo();
        pipe(harness.topics.jobs().name(), "r1", due(chatJob("r1", "b1"), Duration.ofMinutes(10)), CLIENT);
        DispatchedJob first =
                harness.read("roocode.dispatch.solo", DispatchedJob.class).get(0);
        breaker(BreakerState.OPEN);
        // as a processor before traces were kept wrote it (and a changelog restores it): limit/requestId, same value
        KeyValueStore<String, OutageWait> waits = harness.driver.getKeyValueStore(OutageWaits.STORE);
        long limitMs = T0.plus(Duration.ofMinutes(10)).toEpochMilli();
        waits.put(
                String.format("%016d/%s", limitMs, "r1"),
                new OutageWait(T0.toEpochMilli(), Fixtures.failed(first, ErrorClass.PROVIDER_UNAVAILABLE, 503)));
        harness.driver.advanceWallClockTime(Duration.ofSeconds(1));
        assertThat(records("roocode.dispatch.solo")).isEmpty();

        breaker(BreakerState.CLOSED);
        harness.driver.advanceWallClockTime(Duration.ofSeconds(1));

        TraceParent released = onlyTrace("roocode.dispatch.solo");
        assertThat(released.traceId())
                .as("a fresh trace: the old entry kept none")
                .isNotEqualTo(CLIENT.traceId());
        try (var left = waits.all()) {
            assertThat(left.hasNext())
                    .as("the old entry was released and deleted")
                    .isFalse();
        }
    }

    private void startDeferral() {
        harness = new TopologyHarness(3, new Deferral(Duration.ofSeconds(5), PASS, Duration.ofSeconds(2)));
        ProviderConfig limited = provider("cheap", 0.15, ProviderStatus.ACTIVE);
        limited.setLimits(ProviderLimits.newBuilder().setRpm(60L).build());
        harness.addProviders(limited, provider("pricey", 2.50, ProviderStatus.ACTIVE));
    }

    private void startSolo() {
        harness = new TopologyHarness(3, Deferral.NEVER);
        ProviderConfig solo = provider("solo", 0.15, ProviderStatus.ACTIVE);
        solo.setBreaker(CircuitBreakerPolicy.newBuilder()
                .setWaitInOpenMs(30_000)
                .setHalfOpenCalls(1)
                .build());
        harness.addProviders(solo);
    }

    private void breaker(BreakerState state) {
        harness.publishHealth(ProviderState.newBuilder()
                .setProvider("solo")
                .setWindowStart(T0)
                .setBreaker(state)
                .setUpdatedAt(T0)
                .build());
    }

    private static Job due(Job job, Duration in) {
        job.getRouting().setDeadline(T0.plus(in));
        return job;
    }

    private void pipe(String topic, String key, SpecificRecord value, TraceParent trace) {
        Headers headers = TraceHeaders.of(trace);
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
}
