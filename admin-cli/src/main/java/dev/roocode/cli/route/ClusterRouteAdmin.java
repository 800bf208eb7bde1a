package dev.roocode.cli.route;

import dev.roocode.api.admin.RouteAdmin;
import dev.roocode.cli.connection.Connection;
import dev.roocode.schemas.avro.RouteCandidate;
import dev.roocode.schemas.avro.RoutePolicy;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * {@link RouteAdmin} on a cluster: the console's route pages run {@link RouteOperations}, the code of {@code roocode
 * routes set}, with the form's fields as the command's flags, so an invalid edit gets the command's message.
 */
public final class ClusterRouteAdmin implements RouteAdmin {
    /** Runs an operation on a fresh connection, a CLI error becoming an ApiException with its message. */
    public interface OnCluster {
        <T> T run(Function<Connection, T> op);
    }

    private final OnCluster cluster;

    public ClusterRouteAdmin(OnCluster cluster) {
        this.cluster = cluster;
    }

    @Override
    public List<RouteView> list() {
        return cluster.run(c -> RouteOperations.all(c).values().stream()
                .map(ClusterRouteAdmin::view)
                .toList());
    }

    @Override
    public RouteView get(String model) {
        return cluster.run(c -> view(RouteOperations.get(c, model)));
    }

    @Override
    public String set(RouteForm form) {
        return cluster.run(c -> {
            RoutePolicy route = RouteOperations.fromFlags(
                    form.model(),
                    blankToNull(form.strategy()),
                    form.candidates(),
                    form.fallbacks(),
                    form.aliases(),
                    blankToNull(form.maxAttempts()),
                    blankToNull(form.perJob()),
                    blankToNull(form.perBatch()),
                    blankToNull(form.perTenant()),
                    form.fallbackOnRequestErrors());
            return RouteOperations.set(c, List.of(route)).get(0);
        });
    }

    static RouteView view(RoutePolicy r) {
        return new RouteView(
                r.getModel(),
                List.copyOf(r.getAliases()),
                r.getStrategy().toString().toLowerCase(Locale.ROOT),
                r.getCandidates().stream().map(ClusterRouteAdmin::candidate).toList(),
                List.copyOf(r.getFallbacks()),
                r.getMaxAttempts(),
                r.getMaxCostUsdPerJob(),
                r.getMaxCostUsdPerBatch(),
                r.getMaxCostUsdPerTenant(),
                r.getFallbackOnRequestErrors(),
                r.getVersion());
    }

    private static Candidate candidate(RouteCandidate c) {
        return new Candidate(c.getProvider(), c.getPriority(), c.getWeight());
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
