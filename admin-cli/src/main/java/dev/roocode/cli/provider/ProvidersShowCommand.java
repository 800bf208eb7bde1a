package dev.roocode.cli.provider;

import dev.roocode.cli.common.OutputOptions;
import dev.roocode.cli.connection.Connection;
import dev.roocode.cli.connection.ConnectionOptions;
import dev.roocode.schemas.avro.ProviderConfig;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code roocode providers show NAME}. */
@Command(
        name = "show",
        mixinStandardHelpOptions = true,
        description = {
            "Show one provider. The key appears only as its fingerprint; -o yaml prints the providers-file form,",
            "which 'providers update NAME -f' takes back (an encrypted key is left out and kept).",
            ""
        },
        footer = {
            "",
            "Examples:",
            "  roocode providers show openai-main",
            "  roocode providers show openai-main -o yaml > openai-main.yaml"
        })
public final class ProvidersShowCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NAME", description = "Provider name.")
    String name;

    @Mixin
    ConnectionOptions connection;

    @Mixin
    OutputOptions output;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (Connection cluster = connection.connect()) {
            ProviderConfig provider = ProviderStore.get(cluster, name);
            if (output.text()) {
                ProviderView.details(out, provider, WorkerStatus.all(cluster).get(name));
                out.flush();
            } else {
                output.print(out, ProviderView.toFileNode(provider));
            }
            return 0;
        }
    }
}
