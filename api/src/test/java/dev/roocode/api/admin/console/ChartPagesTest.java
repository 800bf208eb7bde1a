package dev.roocode.api.admin.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roocode.api.admin.console.MetricsHistory.TenantSpend;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChartPagesTest {
    @Test
    void shouldBarSpentPlusInFlightAgainstTheTenantsKeyBudget() {
        String html = ChartPages.overview(
                        List.of(new TenantSpend("acme", 3.0, 1.0, 10, 20)),
                        Map.of("acme", 8.0, "globex", 2.0),
                        Map.of("chat", 4.5))
                .html();
        assertThat(html)
                .contains("<tr data-tenant=\"acme\"><td>acme</td><td class=\"spent\">$3.0000</td><td>$1.0000</td>")
                .contains("<progress max=\"8.0000\" value=\"4.0000\"></progress> <span class=\"pct\">50%</span>")
                // a budgeted tenant that spent nothing yet is listed too
                .contains("<tr data-tenant=\"globex\"><td>globex</td><td class=\"spent\">$0.0000</td>")
                .contains("<li>chat: $4.5000 per tenant</li>");
    }

    @Test
    void shouldSayWhenTheServiceKnowsNoKeyBudgetsAndCapTheBarAtTheBudget() {
        String html = ChartPages.overview(
                        List.of(new TenantSpend("acme", 12.0, 0, 1, 1)), Map.of("acme", 10.0), Map.of())
                .html();
        assertThat(html).contains("value=\"10.0000\"").contains("120%");
        String none = ChartPages.overview(List.of(new TenantSpend("acme", 1.0, 0, 1, 1)), null, Map.of())
                .html();
        assertThat(none)
                .contains("This service does not read the cluster&#39;s keys")
                .contains("no budget")
                .doesNotContain("<progress");
    }

    @Test
    void shouldEscapeProviderNamesOnTheChartsPageAndHoldNoInlineScript() {
        String html = ChartPages.charts(List.of("<script>x</script>")).html();
        assertThat(html)
                .contains("data-provider=\"&lt;script&gt;x&lt;/script&gt;\"")
                .doesNotContain("<script>x");
        assertThat(html.replace("<script src=\"/console/assets/uPlot.iife.min.js\"></script>", "")
                        .replace("<script src=\"/console/assets/charts.js\"></script>", ""))
                .doesNotContain("<script")
                .doesNotContain("style=");
    }
}
