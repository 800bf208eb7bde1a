package dev.roocode.cli.top;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Rates and quantiles from two scrapes of exposition text written as the services export it (the metric names of
 * docs/operations.md), checked against the arithmetic done by hand in each test.
 */
class ProviderRatesTest {
    private static final Instant T0 = Instant.parse("2026-12-07T03:00:00Z");
    private static final String CONNECTORS = "http://conn:7072/metrics";
    private static final String PROCESSOR = "http://proc:7071/metrics";

    /** The connectors' endpoint at T0: openai has made 100 calls (4 errors), anthropic 10. */
    private static final String CONNECTORS_BEFORE = """
            # HELP roocode_provider_calls_total Provider calls
            # TYPE roocode_provider_calls_total counter
            roocode_provider_calls_total{error_class="none",model="gpt-4o-mini",outcome="success",provider="openai"} 96.0
            roocode_provider_calls_total{error_class="PROVIDER_UNAVAILABLE",model="gpt-4o-mini",outcome="error",provider="openai"} 4.0
            roocode_provider_calls_total{error_class="none",model="claude",outcome="success",provider="anthropic"} 10.0
            # TYPE roocode_provider_call_duration_seconds histogram
            roocode_provider_call_duration_seconds_bucket{model="gpt-4o-mini",provider="openai",le="0.1"} 50.0
            roocode_provider_call_duration_seconds_bucket{model="gpt-4o-mini",provider="openai",le="0.5"} 90.0
            roocode_provider_call_duration_seconds_bucket{model="gpt-4o-mini",provider="openai",le="1.0"} 100.0
            roocode_provider_call_duration_seconds_bucket{model="gpt-4o-mini",provider="openai",le="+Inf"} 100.0
            roocode_provider_call_duration_seconds_count{model="gpt-4o-mini",provider="openai"} 100.0
            roocode_provider_call_duration_seconds_sum{model="gpt-4o-mini",provider="openai"} 21.5
            roocode_provider_rate_limited_total{provider="openai"} 2.0
            roocode_provider_retries_total{provider="openai"} 5.0
            roocode_provider_tokens_total{direction="in",model="gpt-4o-mini",provider="openai"} 10000.0
            roocode_provider_tokens_total{direction="out",model="gpt-4o-mini",provider="openai"} 2000.0
            roocode_provider_breaker_state{provider="openai",state="closed"} 1.0
            roocode_provider_breaker_state{provider="openai",state="open"} 0.0
            roocode_provider_breaker_state{provider="openai",state="half_open"} 0.0
            roocode_provider_inflight{provider="openai"} 3.0
            roocode_dispatch_lag{partition="0",provider="openai"} 40.0
            roocode_dispatch_lag{partition="1",provider="openai"} 2.0
            """;

    /**
     * 10 s later: openai 50 more calls (of which 10 errors); 40 of them within 0.1 s, 5 more within 0.5 s, 5 more
     * within 1 s; 20 more 429s; 6,000 more tokens; the breaker now open; anthropic's counters reset (a restart).
     */
    private static final String CONNECTORS_AFTER = """
            roocode_provider_calls_total{error_class="none",model="gpt-4o-mini",outcome="success",provider="openai"} 136.0
            roocode_provider_calls_total{error_class="PROVIDER_UNAVAILABLE",model="gpt-4o-mini",outcome="error",provider="openai"} 14.0
            roocode_provider_calls_total{error_class="none",model="claude",outcome="success",provider="anthropic"} 3.0
            roocode_provider_call_duration_seconds_bucket{model="gpt-4o-mini",provider="openai",le="0.1"} 90.0
            roocode_provider_call_duration_seconds_bucket{model="gpt-4o-mini",provider="openai",le="0.5"} 135.0
            roocode_provider_call_duration_seconds_bucket{model="gpt-4o-mini",provider="openai",le="1.0"} 150.0
            roocode_provider_call_duration_seconds_bucket{model="gpt-4o-mini",provider="openai",le="+Inf"} 150.0
            roocode_provider_rate_limited_total{provider="openai"} 22.0
            roocode_provider_retries_total{provider="openai"} 15.0
            roocode_provider_tokens_total{direction="in",model="gpt-4o-mini",provider="openai"} 15000.0
            roocode_provider_tokens_total{direction="out",model="gpt-4o-mini",provider="openai"} 3000.0
            roocode_provider_breaker_state{provider="openai",state="closed"} 0.0
            roocode_provider_breaker_state{provider="openai",state="open"} 1.0
            roocode_provider_breaker_state{provider="openai",state="half_open"} 0.0
            roocode_provider_inflight{provider="openai"} 7.0
            roocode_dispatch_lag{partition="0",provider="openai"} 55.0
            roocode_dispatch_lag{partition="1",provider="openai"} 5.0
            """;

    private static final String PROCESSOR_BEFORE = """
            roocode_cost_usd_total{model="gpt-4o-mini",provider="openai",tenant="acme"} 1.25
            """;
    /** 20 s later (the processor is scraped over its own interval): $0.10 more for openai. */
    private static final String PROCESSOR_AFTER = """
            roocode_cost_usd_total{model="gpt-4o-mini",provider="openai",tenant="acme"} 1.35
            roocode_jobs_routed_total{model="gpt-4o-mini",provider="openai"} 3.0
            """;

    @Test
    void shouldComputeRatesErrorShareAndGaugesFromTwoScrapes() {
        List<ProviderRow> rows = ProviderRates.compute(
                List.of(Scrape.of(CONNECTORS, T0, CONNECTORS_BEFORE), Scrape.of(PROCESSOR, T0, PROCESSOR_BEFORE)),
                List.of(
                        Scrape.of(CONNECTORS, T0.plusSeconds(10), CONNECTORS_AFTER),
                        Scrape.of(PROCESSOR, T0.plusSeconds(20), PROCESSOR_AFTER)));

        assertThat(rows).extracting(ProviderRow::provider).containsExactly("anthropic", "openai");
        ProviderRow openai = rows.get(1);
        assertThat(openai.requestsPerSecond()).isCloseTo(5.0, within(1e-9)); // 50 calls / 10 s
        assertThat(openai.errorPercent()).isCloseTo(20.0, within(1e-9)); // 10 of 50
        assertThat(openai.rateLimitedPerSecond()).isCloseTo(2.0, within(1e-9)); // 20 / 10 s
        assertThat(openai.retriesPerSecond()).isCloseTo(1.0, within(1e-9));
        assertThat(openai.tokensPerSecond()).isCloseTo(600.0, within(1e-9)); // 6,000 / 10 s
        assertThat(openai.costUsdPerHour()).isCloseTo(18.0, within(1e-9)); // $0.10 / 20 s * 3600
        assertThat(openai.breaker()).isEqualTo("open");
        assertThat(openai.inflight()).isEqualTo(7);
        assertThat(openai.backlog()).isEqualTo(60);
        assertThat(openai.maxPartitionLag()).isEqualTo(55);
        // bucket increases 40 (≤0.1), 45 (≤0.5), 50 (≤1): p50 rank 25 in the first bucket, 0.1 * 25/40;
        // p99 rank 49.5 in the third, 0.5 + 0.5 * (49.5 - 45) / 5
        assertThat(openai.p50Seconds()).isCloseTo(0.0625, within(1e-9));
        assertThat(openai.p99Seconds()).isCloseTo(0.95, within(1e-9));
        ProviderRow anthropic = rows.get(0);
        assertThat(anthropic.requestsPerSecond())
                .as("a counter that went down was reset: its whole value is the increase")
                .isCloseTo(0.3, within(1e-9));
        assertThat(anthropic.p50Seconds()).as("no histogram, no quantile").isNull();
        assertThat(anthropic.breaker()).isEqualTo("-");
    }

    @Test
    void shouldLeaveOutAnEndpointThatDidNotAnswerInEitherScrape() {
        List<ProviderRow> rows = ProviderRates.compute(
                List.of(
                        Scrape.failed(CONNECTORS, T0, "connection refused"),
                        Scrape.of(PROCESSOR, T0, PROCESSOR_BEFORE)),
                List.of(
                        Scrape.of(CONNECTORS, T0.plusSeconds(10), CONNECTORS_AFTER),
                        Scrape.of(PROCESSOR, T0.plusSeconds(20), PROCESSOR_AFTER)));

        assertThat(rows).singleElement().satisfies(row -> {
            assertThat(row.provider()).isEqualTo("openai");
            assertThat(row.requestsPerSecond()).isZero();
            assertThat(row.costUsdPerHour()).isCloseTo(18.0, within(1e-9));
            assertThat(row.errorPercent()).isNull();
        });
    }

    @Test
    void shouldPlaceAQuantileInTheInfBucketAtTheHighestFiniteBound() {
        TreeMap<Double, Double> buckets = new TreeMap<>();
        buckets.put(1.0, 1.0);
        buckets.put(Double.POSITIVE_INFINITY, 10.0);

        assertThat(ProviderRates.quantile(0.99, buckets)).isEqualTo(1.0);
        assertThat(ProviderRates.quantile(0.5, new TreeMap<>())).isNull();
    }

    @Test
    void shouldSkipCommentsAndUnreadableLinesAndUnescapeLabelValues() {
        List<Exposition.Sample> samples = Exposition.parse("""
                # TYPE x counter
                x_total{a="q\\"uote",b="back\\\\slash"} 3.0 1700000000000
                garbage line without value{
                y NaN
                z +Inf
                """);

        assertThat(samples).hasSize(3);
        assertThat(samples.get(0).labels()).containsEntry("a", "q\"uote").containsEntry("b", "back\\slash");
        assertThat(samples.get(0).value()).isEqualTo(3.0);
        assertThat(samples.get(1).value()).isNaN();
        assertThat(samples.get(2).value()).isInfinite();
    }

    @Test
    void shouldRenderATableWithOneLinePerProviderAndJsonWithEveryField() {
        ProviderRow row = new ProviderRow("openai", 5, 0.0625, 0.95, 20.0, 2, 1, "open", 600, 18, 7, 60, 55);
        Duration interval = Duration.ofSeconds(10);

        String table = TopView.table(List.of(row), T0, interval);
        String json = TopView.json(List.of(row), T0, interval).toString();

        assertThat(table.lines().toList().get(2)).startsWith("PROVIDER").contains("P99", "BREAKER", "$/H", "MAXLAG");
        assertThat(table.lines().toList().get(3).split("\\s+"))
                .containsExactly(
                        "openai", "5.0", "63ms", "950ms", "20.0", "2.0", "open", "600", "18.0000", "7", "60", "55");
        assertThat(json)
                .contains("\"provider\":\"openai\"", "\"p99Seconds\":0.95", "\"breaker\":\"open\"", "\"backlog\":60");
        assertThat(TopView.table(List.of(), T0, interval)).contains("(no provider metrics yet)");
    }
}
