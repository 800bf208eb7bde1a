package dev.roocode.cli.route;

import dev.roocode.api.admin.RouteAdmin;
import dev.roocode.api.http.ApiException;
import dev.roocode.cli.batch.QuoteCommand;
import dev.roocode.cli.common.CliException;
import dev.roocode.cli.common.DurationConverter;
import dev.roocode.cli.connection.Connection;
import dev.roocode.schemas.avro.RouteCandidate;
import dev.roocode.schemas.avro.RoutePolicy;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
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
            RoutePolicy route = RouteOperations.fromFlags(form);
            return RouteOperations.set(c, List.of(route)).get(0);
        });
    }

    @Override
    public Quote quote(Path file, String name, String deadline) {
        Duration within = deadline == null || deadline.isBlank() ? null : duration(deadline.trim());
        return cluster.run(c -> {
            StringWriter text = new StringWriter();
            PrintWriter out = new PrintWriter(text);
            String problem = null;
            try {
                QuoteCommand.quote(out, c, file, name, within);
            } catch (CliException e) {
                if (e.exitCode() == CliException.USAGE) {
                    throw e;
                }
                problem = e.getMessage();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            out.flush();
            return new Quote(text.toString(), problem);
        });
    }

    /** A deadline as {@code --deadline} takes it, with its message when it is not one. */
    private static Duration duration(String text) {
        try {
            return new DurationConverter().convert(text);
        } catch (RuntimeException e) {
            throw ApiException.invalidRequest(
                    "deadline", null, "Invalid value for option '--deadline': " + e.getMessage());
        }
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
}
