package dev.roocode.cli.route;

import dev.roocode.cli.connection.Connection;
import dev.roocode.cli.connection.ConnectionOptions;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code roocode routes remove MODEL}: a tombstone; the model falls back to default routing. */
@Command(
        name = "remove",
        mixinStandardHelpOptions = true,
        description = {
            "Remove the route policy of a model (a tombstone): its jobs go to the cheapest ACTIVE provider offering it.",
            ""
        },
        footer = {"", "Examples:", "  roocode routes remove chat-default"})
public final class RoutesRemoveCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "MODEL", description = "Logical model name.")
    String model;

    @Mixin
    ConnectionOptions connection;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (Connection cluster = connection.connect()) {
            RouteStore.get(cluster, model);
            cluster.write(cluster.topics().routes(), model, null);
            out.println("Removed route " + model);
            out.flush();
            return 0;
        }
    }
}
