package dev.roocode.cli.provider;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.roocode.cli.common.OutputOptions;
import dev.roocode.cli.connection.Connection;
import dev.roocode.cli.connection.ConnectionOptions;
import dev.roocode.core.provider.ProviderTypes;
import dev.roocode.schemas.avro.ProviderConfig;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code roocode providers list}. */
@Command(
        name = "list",
        mixinStandardHelpOptions = true,
        description = {
            "List the configured providers with type, status, models, endpoint, last test result and what the connectors",
            "workers report (running, credential rejected at ..., cannot start: ..., or - when none has yet).",
            ""
        },
        footer = {"", "Examples:", "  roocode providers list", "  roocode providers list -o yaml > all-providers.yaml"})
public final class ProvidersListCommand implements Callable<Integer> {
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
            List<ProviderConfig> providers =
                    new ArrayList<>(ProviderStore.all(cluster).values());
            if (output.text()) {
                if (providers.isEmpty()) {
                    out.println("No providers yet; add one with 'roocode providers add <type>' (types: "
                            + String.join(", ", ProviderTypes.ids()) + ").");
                } else {
                    ProviderView.table(out, providers, WorkerStatus.all(cluster));
                }
                out.flush();
            } else {
                ArrayNode list = OutputOptions.json().createArrayNode();
                providers.forEach(p -> list.add(ProviderView.toFileNode(p)));
                output.print(out, OutputOptions.json().createObjectNode().set("providers", list));
            }
            return 0;
        }
    }
}
