package dev.roocode.processor.router;

import static dev.roocode.processor.router.RouterFixtures.NOW;
import static dev.roocode.processor.router.RouterFixtures.job;
import static dev.roocode.processor.router.RouterFixtures.limited;
import static dev.roocode.processor.router.RouterFixtures.provider;
import static org.assertj.core.api.Assertions.assertThat;

import dev.roocode.schemas.avro.Job;
import dev.roocode.schemas.avro.ProviderState;
import dev.roocode.schemas.avro.RoutePolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class QuotePlannerTest {

    @Test
    void shouldSpillFromTheCheapestProviderOnceItsTpmCannotMakeTheDeadline() {
        // each job is 9 prompt + 100 output tokens; cheap's 10,900 TPM takes 100 of them per minute
        QuotePlanner planner = new QuotePlanner(
                List.of(limited(provider("cheap", 0.1), null, 10_900L), provider("dear", 1.0)),
                Map.of(),
                PolicyLookup.NONE,
                3);
        List<Job> jobs = new ArrayList<>();
        for (int i = 0; i < 250; i++) {
            Job job = job("r" + i);
            job.getRouting().setDeadline(NOW.plus(Duration.ofMinutes(2)));
            jobs.add(job);
        }

        Quote quote = planner.plan(jobs, NOW);

        assertThat(quote.jobsByProvider()).containsEntry("cheap", 200L).containsEntry("dear", 50L);
        assertThat(quote.lastFinish())
                .hasValueSatisfying(f -> assertThat(f).isBeforeOrEqualTo(NOW.plus(Duration.ofMinutes(2))));
        assertThat(quote.totalEstimatedCostUsd())
                .isEqualTo(200 * (9 * 0.1 + 100 * 0.4) / 1e6 + 50 * (9 * 1.0 + 100 * 4.0) / 1e6, Offset.offset(1e-12));
    }

    @Test
    void shouldStartFromThePublishedBacklog() {
        ProviderState busy = ProviderState.newBuilder()
                .setProvider("cheap")
                .setWindowStart(NOW)
                .setBacklog(1000)
                .setBacklogTokens(10_900_000)
                .setUpdatedAt(NOW)
                .build();
        QuotePlanner planner = new QuotePlanner(
                List.of(limited(provider("cheap", 0.1), null, 10_900L), provider("dear", 1.0)),
                Map.of("cheap", busy),
                PolicyLookup.NONE,
                3);
        Job job = job("r1");
        job.getRouting().setDeadline(NOW.plus(Duration.ofHours(1)));

        assertThat(planner.plan(List.of(job), NOW).jobsByProvider()).containsOnlyKeys("dear");
    }

    @Test
    void shouldApplyBatchCapsWithinThePlan() {
        RoutePolicy capped = RoutePolicy.newBuilder()
                .setModel("*")
                .setMaxCostUsdPerBatch(0.0001)
                .build();
        QuotePlanner planner =
                new QuotePlanner(List.of(provider("cheap", 0.1)), Map.of(), PolicyLookup.of(List.of(capped)), 3);
        List<Job> jobs = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Job job = job("r" + i);
            job.setBatchId("b1");
            jobs.add(job);
        }
        Quote quote = planner.plan(jobs, NOW);
        assertThat(quote.jobsByProvider()).containsEntry("cheap", 2L);
        assertThat(quote.rejected()).hasSize(3);
    }

    @Test
    void shouldPlanBatchWhereDeadlinesAllowItBesideTheAllRealtimePlan() {
        QuotePlanner planner = new QuotePlanner(
                List.of(BatchRoutingTest.withBatch(provider("cheap", 0.1)), provider("dear", 1.0)),
                Map.of(),
                PolicyLookup.NONE,
                3);
        List<Job> jobs = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            Job job = job("r" + i);
            // 8 due in two days, 2 in ten minutes
            job.getRouting().setDeadline(NOW.plus(i < 8 ? Duration.ofDays(2) : Duration.ofMinutes(10)));
            jobs.add(job);
        }

        Quote batch = planner.plan(jobs, NOW);
        Quote realtime = planner.planRealtime(jobs, NOW);

        double one = (9 * 0.1 + 100 * 0.4) / 1e6;
        assertThat(planner.offersBatch()).isTrue();
        assertThat(batch.jobsByProvider()).containsEntry("cheap:batch", 8L).containsEntry("cheap", 2L);
        assertThat(batch.batchJobs()).isEqualTo(8);
        assertThat(batch.totalEstimatedCostUsd()).isEqualTo(8 * one * 0.5 + 2 * one, Offset.offset(1e-12));
        assertThat(batch.lastFinish()).contains(NOW.plus(Duration.ofHours(24)));
        assertThat(realtime.jobsByProvider()).containsOnly(Map.entry("cheap", 10L));
        assertThat(realtime.totalEstimatedCostUsd()).isEqualTo(10 * one, Offset.offset(1e-12));
    }
}
