package dev.roocode.api.admin.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roocode.api.admin.RouteAdmin.Candidate;
import dev.roocode.api.admin.RouteAdmin.RouteView;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RoutePagesTest {
    private static final RouteView ROUTE = new RouteView(
            "chat",
            List.of("small"),
            "weighted",
            List.of(new Candidate("a", 0, 80), new Candidate("b", 1, 20)),
            List.of("c", "d"),
            2,
            0.002,
            null,
            10.0,
            true,
            3);

    @Test
    void shouldFillTheFormInTheWordsOfRoutesSetsFlags() {
        Map<String, String> values = RoutePages.values(ROUTE);

        assertThat(values)
                .containsEntry("candidates", "a:0:80\nb:1:20")
                .containsEntry("fallbacks", "c\nd")
                .containsEntry("aliases", "small")
                .containsEntry("maxAttempts", "2")
                .containsEntry("perJob", "0.002")
                .containsEntry("perBatch", "")
                .containsEntry("fallbackOnRequestErrors", "on");
        String form = RoutePages.form(session(), true, values).html();
        assertThat(form)
                .contains("<option value=\"weighted\" selected>weighted</option>")
                .contains("<option value=\"cost\">cost</option>")
                .contains("name=\"model\" value=\"chat\"")
                .contains(">a:0:80\nb:1:20</textarea>")
                .contains("type=\"checkbox\" checked");
    }

    @Test
    void shouldShowWhatWasTypedAsTextAfterARefusal() {
        String form = RoutePages.form(
                        session(), false, Map.of("model", "\"><script>x</script>", "candidates", "</textarea><b>"))
                .html();

        assertThat(form)
                .contains("value=\"&quot;&gt;&lt;script&gt;x&lt;/script&gt;\"")
                .contains("&lt;/textarea&gt;&lt;b&gt;</textarea>")
                .doesNotContain("<script>");
    }

    @Test
    void shouldSummariseCandidatesAndBudgets() {
        assertThat(RoutePages.candidates(ROUTE.candidates())).isEqualTo("a (0, 80), b (1, 20)");
        assertThat(RoutePages.candidates(List.of())).isEqualTo("any provider offering the model");
        assertThat(RoutePages.budgets(ROUTE)).isEqualTo("$0.0020 / - / $10.0000");
        assertThat(RoutePages.list(List.of(ROUTE)).html()).contains("c → d").contains("fall back");
        assertThat(Console.lines(" a \n\n b\r\n")).containsExactly("a", "b");
    }

    private static Sessions.Session session() {
        return new Sessions(Clock.systemUTC()).anonymous();
    }
}
