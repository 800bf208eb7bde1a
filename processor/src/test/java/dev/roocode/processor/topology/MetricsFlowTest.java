package dev.roocode.processor.topology;

import static dev.roocode.processor.topology.Fixtures.chatJob;
import static dev.roocode.processor.topology.Fixtures.provider;
import static org.assertj.core.api.Assertions.assertThat;

import dev.roocode.processor.metrics.ProcessorMetrics;
import dev.roocode.schemas.avro.DispatchedJob;
import dev.roocode.schemas.avro.ErrorClass;
import dev.roocode.schemas.avro.Job;
import dev.roocode.schemas.avro.ProviderStatus;
import dev.roocode.schemas.avro.Result;
import dev.roocode.schemas.avro.ResultStatus;
import dev.roocode.schemas.avro.RoutePolicy;
import dev.roocode.schemas.metrics.TenantLabels;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.search.Search;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.List;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The processor's meters, recorded by the whole topology: what they count must be what the topics carry. */
class MetricsFlowTest {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private TopologyHarness harness;

    @BeforeEach
    void start() {
        harness = new TopologyHarness(3, new ProcessorMetrics(registry, new TenantLabels(2)));
        harness.addProviders(
                provider("cheap", 0.15, ProviderStatus.ACTIVE), provider("mid", 1.0, ProviderStatus.ACTIVE));
    }

    @AfterEach
    void stop() {
        harness.close();
        registry.close();
    }

    @Test
    void shouldCountTokensAndCostOnceFromTheResultWhateverTheAttemptsAndResubmissions() {
        Job job = chatJob("r1", "b1");
        job.setTenant("acme");
        harness.submit(job);
        DispatchedJob first = dispatched("cheap").get(0);
        harness.pipe(
                harness.topics.fallback().name(), "r1", Fixtures.failed(first, ErrorClass.PROVIDER_UNAVAILABLE, 503));
        DispatchedJob second = dispatched("mid").get(0);
        harness.pipe(harness.topics.outcomes().name(), "r1", Fixtures.succeeded(second));
        // a duplicate outcome and a resubmission change nothing: one Result per requestId
        harness.pipe(harness.topics.outcomes().name(), "r1", Fixtures.succeeded(second));
        harness.submit(job);

        List<Result> written = results();
        assertThat(written).hasSize(1);
        Result result = written.get(0);
        assertThat(result.getStatus()).isEqualTo(ResultStatus.SUCCEEDED);
        assertThat(sum(registry.find("roocode.tokens").tag("direction", "in")))
                .isEqualTo(result.getOutput().getUsage().getInputTokens());
        assertThat(sum(registry.find("roocode.tokens").tag("direction", "out")))
                .isEqualTo(result.getOutput().getUsage().getOutputTokens());
        assertThat(sum(registry.find("roocode.cost.usd"))).isEqualTo(result.getCostUsd());
        assertThat(registry.find("roocode.cost.usd")
                        .tags("provider", "mid", "model", "mid-mini", "tenant", "acme")
                        .counter())
                .isNotNull();
        assertThat(sum(registry.find("roocode.results")
                        .tags("status", "SUCCEEDED", "provider", "mid", "tenant", "acme")))
                .isEqualTo(1);
        assertThat(sum(registry.find("roocode.results"))).isEqualTo(1);
        assertThat(sum(registry.find("roocode.jobs.accepted").tag("tenant", "acme")))
                .isEqualTo(1);
        assertThat(sum(registry.find("roocode.jobs.routed").tag("provider", "cheap")))
                .isEqualTo(1);
        assertThat(sum(registry.find("roocode.jobs.routed").tag("provider", "mid")))
                .isEqualTo(1);
        assertThat(registry.scrape())
                .contains("roocode_tokens_total{")
                .contains("roocode_cost_usd_total{")
                .contains("roocode_results_total{")
                .contains("roocode_jobs_routed_total{");
    }

    @Test
    void shouldCountRejectionsByReasonAndDeadLettersByClass() {
        harness.addPolicy(RoutePolicy.newBuilder()
                .setModel("*")
                .setMaxCostUsdPerBatch(0.0)
                .build());
        harness.submit(chatJob("r1", "b1"));
        Job invalid = chatJob("r2", "b1");
        invalid.setModel("");
        harness.submit(invalid);
        harness.driver
                .createInputTopic(harness.topics.jobs().name(), new StringSerializer(), new ByteArraySerializer())
                .pipeInput("r3", null);

        assertThat(results()).hasSize(3);
        assertThat(sum(registry.find("roocode.jobs.rejected").tag("reason", "BUDGET_EXCEEDED")))
                .isEqualTo(1);
        assertThat(sum(registry.find("roocode.jobs.rejected").tag("reason", "INVALID")))
                .isEqualTo(2);
        assertThat(sum(registry.find("roocode.dead.letters").tag("reason", "INVALID_JOB")))
                .isEqualTo(1);
        assertThat(sum(registry.find("roocode.results").tags("status", "FAILED", "provider", "none")))
                .isEqualTo(3);
        assertThat(registry.find("roocode.tokens").counters())
                .as("failed Results spent nothing")
                .isEmpty();
    }

    @Test
    void shouldFoldTenantsPastTheCapIntoOther() {
        for (String tenant : List.of("a", "b", "c", "d")) {
            Job job = chatJob("r-" + tenant, "b1");
            job.setTenant(tenant);
            harness.submit(job);
        }

        assertThat(registry.find("roocode.jobs.accepted").counters())
                .extracting(c -> c.getId().getTag("tenant"))
                .containsExactlyInAnyOrder("a", "b", "other");
        assertThat(sum(registry.find("roocode.jobs.accepted").tag("tenant", "other")))
                .isEqualTo(2);
    }

    private static double sum(Search search) {
        return search.counters().stream().mapToDouble(Counter::count).sum();
    }

    private List<DispatchedJob> dispatched(String provider) {
        return harness.read("roocode.dispatch." + provider, DispatchedJob.class);
    }

    private List<Result> results() {
        return harness.read("roocode.results", Result.class);
    }
}
