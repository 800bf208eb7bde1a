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

/** {@code roocode providers remove NAME}: a tombstone on the providers topic; its worker stops. */
@Command(
        name = "remove",
        mixinStandardHelpOptions = true,
        description = {
            "Remove a provider (a tombstone on the compacted providers topic): its worker stops and the router no longer",
            "chooses it. Jobs already on its dispatch topic are not sent to it: the connectors re-route each to another",
            "provider of its route, or fail it with an error naming the provider. Says how many there were, and which routes",
            "still name it. The dispatch topic is kept.",
            ""
        },
        footer = {"", "Examples:", "  roocode providers remove openai-old"})
public final class ProvidersRemoveCommand implements Callable<Integer> {
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
            ProviderOperations.remove(cluster, name).forEach(out::println);
            out.flush();
            return 0;
        }
    }
}
