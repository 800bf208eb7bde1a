package dev.roocode.processor.topology;

import static dev.roocode.processor.topology.Fixtures.chatJob;
import static dev.roocode.processor.topology.Fixtures.provider;
import static org.assertj.core.api.Assertions.assertThat;

import dev.roocode.schemas.avro.DispatchedJob;
import dev.roocode.schemas.avro.ErrorClass;
import dev.roocode.schemas.avro.Job;
import dev.roocode.schemas.avro.ProviderStatus;
import dev.roocode.schemas.avro.Result;
import dev.roocode.schemas.avro.RoutePolicy;
import dev.roocode.schemas.avro.SpendTotal;
import dev.roocode.schemas.serde.AvroSerde;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Budget caps per job, batch and tenant, and deadlines, through the whole topology. */
class BudgetFlowTest {
    private TopologyHarness harness;

    @BeforeEach
    void start() {
        harness = new TopologyHarness(3);
        harness.addProviders(
                provider("cheap", 0.15, ProviderStatus.ACTIVE), provider("pricey", 2.50, ProviderStatus.ACTIVE));
    }

    @AfterEach
    void stop() {
        harness.close();
    }

    @Test
    void shouldRejectAJobOverItsOwnCapWithoutCallingAProvider() {
        Job job = chatJob("r1", "b1");
        job.getRouting().setMaxCostUsd(1e-6);

        harness.submit(job);

        assertThat(dispatched("cheap")).isEmpty();
        assertThat(results()).singleElement().satisfies(r -> {
            assertThat(r.getError().getErrorClass()).isEqualTo(ErrorClass.BUDGET_EXCEEDED);
            assertThat(r.getError().getMessage())
                    .contains("over the job's cost cap of $0.000001", "cheap: estimated $");
            assertThat(r.getAttempts()).isEmpty();
        });
    }

    @Test
    void shouldRejectJobsOfABatchOnceItsActualSpendReachesThePolicyCap() {
        harness.addPolicy(RoutePolicy.newBuilder()
                .setModel("*")
                .setMaxCostUsdPerBatch(0.0004)
                .build());
        harness.submit(chatJob("r1", "b1"));
        harness.pipe(
                harness.topics.outcomes().name(),
                "r1",
                Fixtures.succeeded(dispatched("cheap").get(0))); // actual $0.00045
        harness.flushDeltas();

        harness.submit(chatJob("r2", "b1"));
        harness.submit(chatJob("r3", "b2"));

        assertThat(dispatched("cheap"))
                .extracting(d -> d.getJob().getRequestId())
                .containsExactly("r3");
        assertThat(results())
                .filteredOn(r -> r.getRequestId().equals("r2"))
                .singleElement()
                .satisfies(r -> {
                    assertThat(r.getError().getErrorClass()).isEqualTo(ErrorClass.BUDGET_EXCEEDED);
                    assertThat(r.getError().getMessage())
                            .startsWith("batch b1 has committed $0.000450 of its $0.000400 cap");
                });
        assertThat(harness.readKeyValues(harness.topics.spend().name(), SpendTotal.class))
                .anySatisfy(kv -> assertThat(kv.key).isEqualTo("batch:b1"));
    }

    @Test
    void shouldCountJobsInFlightAgainstTheBatchCapSoABurstCannotOvershootIt() {
        harness.addPolicy(RoutePolicy.newBuilder()
                .setModel("*")
                .setMaxCostUsdPerBatch(0.0001)
                .build());
        for (int i = 0; i < 5; i++) {
            harness.submit(chatJob("r" + i, "b1"));
        }
        List<DispatchedJob> sent = dispatched("cheap");
        double committed = sent.stream()
                .mapToDouble(d -> d.getAssignment().getEstimatedCostUsd())
                .sum();
        assertThat(sent).hasSizeBetween(1, 4);
        assertThat(committed).isLessThanOrEqualTo(0.0001);
        assertThat(results())
                .hasSize(5 - sent.size())
                .allSatisfy(r -> assertThat(r.getError().getErrorClass()).isEqualTo(ErrorClass.BUDGET_EXCEEDED));
    }

    @Test
    void shouldCapATenantAcrossBatches() {
        harness.addPolicy(RoutePolicy.newBuilder()
                .setModel("*")
                .setMaxCostUsdPerTenant(0.0004)
                .build());
        Job first = chatJob("r1", "b1");
        first.setTenant("acme");
        harness.submit(first);
        harness.pipe(
                harness.topics.outcomes().name(),
                "r1",
                Fixtures.succeeded(dispatched("cheap").get(0)));
        harness.flushDeltas();
        Job second = chatJob("r2", "b2");
        second.setTenant("acme");

        harness.submit(second);

        assertThat(results())
                .filteredOn(r -> r.getRequestId().equals("r2"))
                .singleElement()
                .satisfies(r -> assertThat(r.getError().getMessage()).startsWith("tenant acme has committed"));
    }

    @Test
    void shouldPublishEachScopesTotalStampedWithTheTimeOfItsLastDelta() {
        Job job = chatJob("r1", "b1");
        job.setTenant("acme");
        // the processors stamp what they write with the wall clock; the totals carry that time
        harness.driver.advanceWallClockTime(Duration.ofSeconds(5));
        harness.submit(job);
        harness.driver.advanceWallClockTime(Duration.ofSeconds(2)); // the dispatch's sums go out
        harness.pipe(
                harness.topics.outcomes().name(),
                "r1",
                Fixtures.succeeded(dispatched("cheap").get(0)));
        harness.flushDeltas();

        List<TestRecord<String, SpendTotal>> totals = harness.driver
                .createOutputTopic(
                        harness.topics.spend().name(),
                        new StringDeserializer(),
                        new AvroSerde<>(SpendTotal.class, harness.registry).deserializer())
                .readRecordsToList();
        assertThat(totals)
                .extracting(TestRecord::key)
                .containsExactly(
                        "batch:b1", "tenant:acme", "provider:cheap", "batch:b1", "tenant:acme", "provider:cheap");
        assertThat(totals)
                .extracting(r -> r.value().getUpdatedAt())
                .containsExactly(
                        Fixtures.T0.plusSeconds(5),
                        Fixtures.T0.plusSeconds(5),
                        Fixtures.T0.plusSeconds(5),
                        Fixtures.T0.plusSeconds(7),
                        Fixtures.T0.plusSeconds(7),
                        Fixtures.T0.plusSeconds(7));
        assertThat(totals.get(4).value().getAttempts()).isEqualTo(1);
        assertThat(totals.get(4).value().getInFlight()).isZero();
        // the provider's total is the same attempt's money, counted once more under its provider
        assertThat(totals.get(5).value().getCostUsd())
                .isEqualTo(totals.get(4).value().getCostUsd());
    }

    @Test
    void shouldFailAJobWhoseDeadlinePassedBeforeDispatch() {
        Job job = chatJob("r1", "b1");
        job.getRouting().setDeadline(Fixtures.T0.minusSeconds(1));

        harness.submit(job);

        assertThat(dispatched("cheap")).isEmpty();
        assertThat(results())
                .singleElement()
                .satisfies(r -> assertThat(r.getError().getErrorClass()).isEqualTo(ErrorClass.DEADLINE_EXCEEDED));
    }

    private List<DispatchedJob> dispatched(String provider) {
        return harness.read("roocode.dispatch." + provider, DispatchedJob.class);
    }

    private List<Result> results() {
        return harness.read("roocode.results", Result.class);
    }
}
