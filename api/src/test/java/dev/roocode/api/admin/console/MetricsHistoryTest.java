package dev.roocode.api.admin.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roocode.api.admin.console.MetricsHistory.Point;
import dev.roocode.schemas.avro.ProviderState;
import dev.roocode.schemas.avro.SpendTotal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MetricsHistoryTest {
    private static final long T0 = 1_800_000_000_000L;

    private static ProviderState report(String provider, long windowStart, long at, long requests, long tokens) {
        return ProviderState.newBuilder()
                .setProvider(provider)
                .setWindowStart(Instant.ofEpochMilli(windowStart))
                .setUpdatedAt(Instant.ofEpochMilli(at))
                .setRequestsInWindow(requests)
                .setTokensInWindow(tokens)
                .setLatencyEwmaMs(120.5)
                .setErrorRate(0.25)
                .setBacklog(7)
                .build();
    }

    private static SpendTotal spend(String scope, double cost, long at) {
        return SpendTotal.newBuilder()
                .setScope(scope)
                .setCostUsd(cost)
                .setInFlightUsd(0.5)
                .setInputTokens(10)
                .setOutputTokens(20)
                .setUpdatedAt(Instant.ofEpochMilli(at))
                .build();
    }

    @Test
    void shouldTurnAWindowsCountsIntoRatesPerSecondOfTheWindowSoFar() {
        MetricsHistory h = new MetricsHistory();
        h.onHealth(report("sim", T0, T0 + 20_000, 40, 1000));
        Point p = h.providers().get("sim").get(0);
        assertThat(p.reqPerSec()).isEqualTo(2.0);
        assertThat(p.tokensPerSec()).isEqualTo(50.0);
        assertThat(p.latencyMs()).isEqualTo(120.5);
        assertThat(p.errorRate()).isEqualTo(0.25);
        assertThat(p.backlog()).isEqualTo(7);
        assertThat(p.rateLimited()).isZero();
        assertThat(p.p50Ms()).as("an older worker reports none").isNull();
        assertThat(p.p99Ms()).isNull();
    }

    @Test
    void shouldMarkAReportRateLimitedOnlyWhileItsBackOffLasts() {
        MetricsHistory h = new MetricsHistory();
        ProviderState limited = report("sim", T0, T0 + 1000, 1, 1);
        limited.setRateLimitedUntil(Instant.ofEpochMilli(T0 + 5000));
        ProviderState over = report("sim", T0, T0 + 6000, 1, 1);
        over.setRateLimitedUntil(Instant.ofEpochMilli(T0 + 5000));
        h.onHealth(limited);
        h.onHealth(over);
        assertThat(h.providers().get("sim")).extracting(Point::rateLimited).containsExactly(1, 0);
    }

    @Test
    void shouldKeepOnlyTheLastHourAndAtMostTheRingsSize() {
        MetricsHistory h = new MetricsHistory();
        h.onHealth(report("a", T0, T0, 1, 1));
        h.onHealth(report("a", T0, T0 + 3_600_001, 1, 1));
        assertThat(h.providers().get("a")).extracting(Point::t).containsExactly(T0 + 3_600_001);
        for (int i = 0; i < MetricsHistory.MAX_POINTS + 50; i++) {
            h.onHealth(report("b", T0, T0 + i * 1000L, 1, 1));
        }
        List<Point> b = h.providers().get("b");
        assertThat(b).hasSize(MetricsHistory.MAX_POINTS);
        assertThat(b.get(b.size() - 1).t()).isEqualTo(T0 + (MetricsHistory.MAX_POINTS + 49) * 1000L);
    }

    @Test
    void shouldIgnoreAReportOlderThanTheLastOneKept() {
        MetricsHistory h = new MetricsHistory();
        h.onHealth(report("a", T0, T0 + 5000, 1, 1));
        h.onHealth(report("a", T0, T0 + 1000, 1, 1));
        assertThat(h.providers().get("a")).extracting(Point::t).containsExactly(T0 + 5000);
    }

    @Test
    void shouldTurnTheGrowthOfTheTenantsSpendIntoDollarsPerHour() {
        MetricsHistory h = new MetricsHistory();
        h.onSpend("tenant:acme", spend("tenant:acme", 1.0, T0));
        h.onSpend("batch:b1", spend("batch:b1", 99.0, T0 + 1000));
        h.onSpend("tenant:acme", spend("tenant:acme", 1.5, T0 + 60_000));
        assertThat(h.spendPerHour()).singleElement().satisfies(p -> {
            assertThat(p.t()).isEqualTo(T0 + 60_000);
            assertThat(p.usdPerHour()).isCloseTo(30.0, org.assertj.core.data.Offset.offset(1e-9));
        });
        assertThat(h.tenants()).singleElement().satisfies(t -> {
            assertThat(t.tenant()).isEqualTo("acme");
            assertThat(t.costUsd()).isEqualTo(1.5);
        });
        h.onSpend("tenant:acme", null);
        assertThat(h.tenants()).isEmpty();
    }

    @Test
    void shouldKeepTheLatencyPercentilesAWorkerReportsAndChartThemAsTwoSeries() {
        MetricsHistory h = new MetricsHistory();
        h.onHealth(report("sim", T0, T0 + 10_000, 1, 1));
        ProviderState measured = report("sim", T0, T0 + 20_000, 1, 1);
        measured.setLatencyP50Ms(40.0);
        measured.setLatencyP99Ms(900.0);
        h.onHealth(measured);

        @SuppressWarnings("unchecked")
        Map<String, Object> sim = (Map<String, Object>)
                ((Map<String, Object>) ChartPages.data(h, false).get("providers")).get("sim");
        assertThat((List<Double>) sim.get("latencyP50Ms")).containsExactly(null, 40.0);
        assertThat((List<Double>) sim.get("latencyP99Ms")).containsExactly(null, 900.0);
        assertThat(ChartPages.charts(List.of("sim")).html())
                .contains("data-series=\"latencyP50Ms,latencyP99Ms\" data-label=\"latency p50 / p99 (ms)\"");
    }

    @Test
    void shouldTurnTheGrowthOfEachProvidersSpendIntoItsOwnDollarsPerHour() {
        MetricsHistory h = new MetricsHistory();
        h.onSpend("provider:sim", spend("provider:sim", 1.0, T0));
        h.onSpend("provider:other", spend("provider:other", 5.0, T0));
        h.onSpend("provider:sim", spend("provider:sim", 1.5, T0 + 60_000));
        h.onSpend("provider:sim", spend("provider:sim", 1.4, T0 + 30_000)); // older than the last: ignored

        assertThat(h.providerSpendPerHour()).containsOnlyKeys("sim");
        assertThat(h.providerSpendPerHour().get("sim")).singleElement().satisfies(p -> {
            assertThat(p.t()).isEqualTo(T0 + 60_000);
            assertThat(p.usdPerHour()).isCloseTo(30.0, org.assertj.core.data.Offset.offset(1e-9));
        });
        assertThat(h.spendPerHour()).as("not counted as a tenant's").isEmpty();
        assertThat(h.tenants()).isEmpty();

        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> data =
                (Map<String, Map<String, Object>>) ChartPages.data(h, false).get("providerSpend");
        assertThat(data.get("sim")).containsEntry("usdPerHour", List.of(30.0));
        assertThat(ChartPages.charts(List.of("sim")).html())
                .contains("data-provider=\"sim\" data-series=\"usdPerHour\"");
    }

    @Test
    void shouldKeepEachBatchsLatestSpendTotalForItsPage() {
        MetricsHistory h = new MetricsHistory();
        h.onSpend("batch:b1", spend("batch:b1", 0.25, T0));
        h.onSpend("batch:b1", spend("batch:b1", 0.75, T0 + 1000));

        assertThat(h.batch("b1")).isEqualTo(new MetricsHistory.BatchSpend(0.75, 0.5, 10, 20));
        assertThat(h.batch("b2")).isNull();
        assertThat(h.tenants()).isEmpty();
        h.onSpend("batch:b1", null);
        assertThat(h.batch("b1")).isNull();
    }

    @Test
    void shouldCallTheClusterUnreachableOnlyAfterNoContactForAWhile() {
        MetricsHistory h = new MetricsHistory();
        assertThat(h.unreachable(T0)).isFalse();
        h.started(T0);
        assertThat(h.unreachable(T0 + 10_000)).isFalse();
        assertThat(h.unreachable(T0 + 16_000)).isTrue();
        h.contact(T0 + 16_000);
        assertThat(h.unreachable(T0 + 20_000)).isFalse();
        assertThat(h.unreachable(T0 + 32_000)).isTrue();
    }
}
