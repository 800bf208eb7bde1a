package dev.roocode.cli.route;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.roocode.cli.common.OutputOptions;
import dev.roocode.cli.connection.Connection;
import dev.roocode.cli.connection.ConnectionOptions;
import dev.roocode.schemas.avro.RoutePolicy;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code roocode routes list}. */
@Command(
        name = "list",
        mixinStandardHelpOptions = true,
        description = {"List the route policies.", ""},
        footer = {"", "Examples:", "  roocode routes list", "  roocode routes list -o yaml"})
public final class RoutesListCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ConnectionOptions connection;

    @Mixin
    OutputOptions output;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (Connection cluster = connection.connect()) {
            Map<String, RoutePolicy> routes = RouteStore.all(cluster);
            if (!output.text()) {
                ArrayNode list = OutputOptions.json().createArrayNode();
                routes.values().forEach(r -> list.add(RouteStore.toNode(r)));
                output.print(out, OutputOptions.json().createObjectNode().set("routes", list));
                return 0;
            }
            if (routes.isEmpty()) {
                out.println(
                        "No routes: jobs go to the cheapest ACTIVE provider offering their model. Add one with 'roocode routes set MODEL ...'.");
            } else {
                out.printf("%-24s %-9s %-8s %s%n", "MODEL", "STRATEGY", "ATTEMPTS", "CANDIDATES");
                routes.values()
                        .forEach(r -> out.printf(
                                "%-24s %-9s %-8d %s%n",
                                r.getModel(), r.getStrategy(), r.getMaxAttempts(), RouteStore.candidates(r)));
            }
            out.flush();
            return 0;
        }
    }
}
