package dev.roocode.cli.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.roocode.api.admin.RouteAdmin.Candidate;
import dev.roocode.api.admin.RouteAdmin.RouteForm;
import dev.roocode.api.admin.RouteAdmin.RouteView;
import dev.roocode.cli.common.CliException;
import dev.roocode.schemas.avro.RoutePolicy;
import dev.roocode.schemas.avro.RoutingStrategy;
import java.util.List;
import org.junit.jupiter.api.Test;

class RouteOperationsTest {
    @Test
    void shouldBuildARouteFromTheFlagsAsTyped() {
        RoutePolicy route = RouteOperations.fromFlags(new RouteForm(
                "chat",
                "weighted",
                List.of("a:0:80", "b:1:20"),
                List.of("c"),
                List.of("small"),
                "2",
                "0.002",
                null,
                "10",
                true));

        assertThat(route.getStrategy()).isEqualTo(RoutingStrategy.WEIGHTED);
        assertThat(route.getCandidates())
                .extracting(c -> c.getProvider() + ":" + c.getPriority() + ":" + c.getWeight())
                .containsExactly("a:0:80", "b:1:20");
        assertThat(route.getFallbacks()).containsExactly("c");
        assertThat(route.getAliases()).containsExactly("small");
        assertThat(route.getMaxAttempts()).isEqualTo(2);
        assertThat(route.getMaxCostUsdPerJob()).isEqualTo(0.002);
        assertThat(route.getMaxCostUsdPerBatch()).isNull();
        assertThat(route.getMaxCostUsdPerTenant()).isEqualTo(10.0);
        assertThat(route.getFallbackOnRequestErrors()).isTrue();
    }

    @Test
    void shouldGiveTheCommandsMessagesForInvalidFlags() {
        assertThatThrownBy(() -> flags("nope", List.of("a"), null))
                .isInstanceOf(CliException.class)
                .hasMessageContaining(
                        "strategy must be one of cost, explicit, priority, weighted, latency; was 'nope'");
        assertThatThrownBy(() -> flags(null, List.of("a:1:2:3"), null))
                .isInstanceOf(CliException.class)
                .hasMessage("--candidate a:1:2:3: use PROVIDER[:PRIORITY[:WEIGHT]]");
        assertThatThrownBy(() -> flags(null, List.of("a"), "0"))
                .isInstanceOf(CliException.class)
                .hasMessageEndingWith("maxAttempts must be at least 1");
        assertThatThrownBy(() -> flags(null, List.of("a:x"), null))
                .isInstanceOf(CliException.class)
                .hasMessageContaining("priority");
    }

    @Test
    void shouldReadTheConsolesBlankFieldsAsFlagsNotGiven() {
        RoutePolicy blank = RouteOperations.fromFlags(
                new RouteForm("chat", " ", List.of("a"), List.of(), List.of(), "", " ", "", "  ", false));

        assertThat(blank).isEqualTo(flags(null, List.of("a"), null));
        assertThat(blank.getStrategy()).isEqualTo(RoutingStrategy.COST);
        assertThat(blank.getMaxAttempts()).isEqualTo(3);
        assertThat(blank.getMaxCostUsdPerJob()).isNull();
    }

    @Test
    void shouldShowARouteToTheConsoleWithEveryField() {
        RoutePolicy route = RouteOperations.fromFlags(new RouteForm(
                "chat", "priority", List.of("a", "b:5"), List.of("c"), List.of(), "4", null, "1.5", null, false));

        RouteView view = ClusterRouteAdmin.view(route);

        assertThat(view.strategy()).isEqualTo("priority");
        assertThat(view.candidates()).containsExactly(new Candidate("a", 0, 1), new Candidate("b", 5, 1));
        assertThat(view.fallbacks()).containsExactly("c");
        assertThat(view.maxAttempts()).isEqualTo(4);
        assertThat(view.perBatch()).isEqualTo(1.5);
        assertThat(view.perJob()).isNull();
        assertThat(view.fallbackOnRequestErrors()).isFalse();
    }

    private static RoutePolicy flags(String strategy, List<String> candidates, String maxAttempts) {
        return RouteOperations.fromFlags(new RouteForm(
                "chat", strategy, candidates, List.of(), List.of(), maxAttempts, null, null, null, false));
    }
}
