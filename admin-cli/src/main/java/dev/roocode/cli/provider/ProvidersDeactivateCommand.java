package dev.roocode.cli.provider;

import dev.roocode.cli.connection.Connection;
import dev.roocode.cli.connection.ConnectionOptions;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code roocode providers deactivate NAME}: the provider stops taking traffic; its configuration stays. */
@Command(
        name = "deactivate",
        mixinStandardHelpOptions = true,
        description = {
            "Make a provider INACTIVE: its worker stops and the router no longer chooses it. Jobs already on its",
            "dispatch topic are not sent to it: the connectors re-route each to another provider of its route, or fail it",
            "with an error naming the provider; says how many there were. Activate it again to serve new jobs.",
            ""
        },
        footer = {"", "Examples:", "  roocode providers deactivate openai-main"})
public final class ProvidersDeactivateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NAME", description = "Provider name.")
    String name;

    @Mixin
    ConnectionOptions connection;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (Connection cluster = connection.connect()) {
            ProviderOperations.deactivate(cluster, name).forEach(out::println);
            out.flush();
            return 0;
        }
    }
}
