package dev.roocode.cli.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The dashboard and the alert rules in deploy/ read only metrics the services export. */
class MonitoringConfigTest {
    static final Path DEPLOY = Path.of("..", "deploy");
    private static Set<String> exported;

    @BeforeAll
    static void collect() {
        exported = ExportedMetrics.names();
    }

    @Test
    void shouldFindTheContractNamesInTheRunningRegistry() {
        assertThat(exported)
                .contains(
                        "roocode_jobs_accepted_total",
                        "roocode_results_total",
                        "roocode_tokens_total",
                        "roocode_cost_usd_total",
                        "roocode_provider_calls_total",
                        "roocode_provider_call_duration_seconds_bucket",
                        "roocode_provider_pacing_wait_seconds_total",
                        "roocode_provider_breaker_state",
                        "roocode_dispatch_lag",
                        "jvm_memory_used_bytes");
    }

    @Test
    void shouldNameOnlyExportedMetricsInEveryDashboardPanel() throws IOException {
        JsonNode dashboard = new ObjectMapper()
                .readTree(DEPLOY.resolve("grafana/roocode.json").toFile());
        List<String> checked = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            assertThat(panel.path("targets")).as(panel.path("title").asText()).isNotEmpty();
            for (JsonNode target : panel.path("targets")) {
                String expr = target.path("expr").asText();
                Set<String> names = PromQl.metricNames(expr);
                assertThat(names)
                        .as("panel '%s': %s", panel.path("title").asText(), expr)
                        .isNotEmpty();
                assertThat(exported)
                        .as("panel '%s': %s", panel.path("title").asText(), expr)
                        .containsAll(names);
                checked.add(expr);
            }
        }
        assertThat(checked).hasSizeGreaterThan(15);
    }

    @Test
    void shouldNameOnlyExportedMetricsInEveryAlertRule() throws IOException {
        JsonNode rules = new YAMLMapper()
                .readTree(DEPLOY.resolve("prometheus/alerts.yml").toFile());
        int checked = 0;
        for (JsonNode group : rules.path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                String expr = rule.path("expr").asText();
                Set<String> names = PromQl.metricNames(expr);
                assertThat(names).as(rule.path("alert").asText()).isNotEmpty();
                assertThat(exported)
                        .as("%s: %s", rule.path("alert").asText(), expr)
                        .containsAll(names);
                checked++;
            }
        }
        assertThat(checked).isGreaterThanOrEqualTo(8);
    }

    @Test
    void shouldReadMetricNamesAndNotFunctionsLabelsOrRanges() {
        assertThat(PromQl.metricNames(
                        "histogram_quantile(0.99, sum by (provider, le) (rate(a_bucket{x=\"y{z}\"}[5m] offset 1h)))"
                                + " > 2 * up and on (job) b_total"))
                .containsExactlyInAnyOrder("a_bucket", "up", "b_total");
    }
}
