package dev.roocode.cli.route;

import dev.roocode.cli.common.OutputOptions;
import dev.roocode.cli.connection.Connection;
import dev.roocode.cli.connection.ConnectionOptions;
import dev.roocode.schemas.avro.RoutePolicy;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code roocode routes show MODEL}. */
@Command(
        name = "show",
        mixinStandardHelpOptions = true,
        description = {"Show the route policy of one logical model.", ""},
        footer = {"", "Examples:", "  roocode routes show chat-default", "  roocode routes show chat-default -o json"})
public final class RoutesShowCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "MODEL", description = "Logical model name.")
    String model;

    @Mixin
    ConnectionOptions connection;

    @Mixin
    OutputOptions output;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (Connection cluster = connection.connect()) {
            RoutePolicy route = RouteStore.get(cluster, model);
            if (output.text()) {
                RouteStore.details(out, route);
                out.flush();
            } else {
                output.print(out, RouteStore.toNode(route));
            }
            return 0;
        }
    }
}
