package dev.roocode.cli.provider;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.roocode.cli.common.CliContext;
import dev.roocode.cli.common.CliException;
import dev.roocode.cli.connection.Connection;
import dev.roocode.cli.connection.ConnectionOptions;
import dev.roocode.schemas.avro.CredentialKind;
import dev.roocode.schemas.avro.ProviderConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code roocode providers update NAME}: changes fields (flags or a file); keeps status, bumps the version. */
@Command(
        name = "update",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Change a provider: the given flags replace those fields (--model replaces the model list), or -f replaces",
            "the whole configuration. Status and, unless a key option is given, the credential are kept. The version goes up,",
            "so running workers restart with the new settings; the last test result is cleared.",
            ""
        },
        footer = {
            "",
            "Examples:",
            "  roocode providers update openai-main --rpm 5000 --tpm 2000000",
            "  roocode providers update openai-main --api-key-stdin < new-key.txt",
            "  roocode providers show openai-main -o yaml > p.yaml && vi p.yaml && roocode providers update openai-main -f p.yaml"
        })
public final class ProvidersUpdateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NAME", description = "Provider name.")
    String name;

    @Option(
            names = {"-f", "--file"},
            paramLabel = "provider.yaml",
            description = "The new configuration (one provider).")
    Path file;

    @Mixin
    ProviderOptions fields;

    @Mixin
    KeyOptions key;

    @Mixin
    ConnectionOptions connection;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        CliContext context = CliContext.of(spec);
        try (Connection cluster = connection.connect()) {
            ProviderConfig existing = ProviderStore.get(cluster, name);
            ProviderConfig base = existing;
            if (file != null) {
                ProviderFile.Contents contents = ProviderFile.read(file);
                if (contents.providers().size() != 1
                        || !contents.providers().get(0).getName().equals(name)) {
                    throw CliException.usage(file + ": must hold exactly provider '" + name + "'");
                }
                base = contents.providers().get(0);
                if (!base.getType().equals(existing.getType())) {
                    throw CliException.usage(file + ": the type cannot change (" + existing.getType() + " -> "
                            + base.getType() + "); add a new provider instead");
                }
            }
            ObjectNode node = ProviderView.toFileNode(base);
            fields.applyTo(node);
            ProviderConfig updated = ProviderFile.provider(new Fields(
                    file == null ? "command line" : file.getFileName().toString(), "", node));
            KeyOptions.Chosen chosen = key.choose(context, name, false);
            String fingerprint = existing.getSettings().get(ProviderView.FINGERPRINT);
            if (chosen != null) {
                updated.setCredential(chosen.credential());
                fingerprint = chosen.fingerprint();
            } else if (base.getCredential().getKind() != CredentialKind.NONE
                    && updated.getCredential().getKind() == CredentialKind.NONE) {
                updated.setCredential(base.getCredential());
            } else if (file == null) {
                updated.setCredential(existing.getCredential());
            }
            if (!updated.getCredential().equals(existing.getCredential()) && chosen == null) {
                fingerprint = null;
            }
            ProviderOperations.update(cluster, existing, updated, fingerprint).forEach(out::println);
            out.println("Run 'roocode providers test " + name + "' to check the new settings.");
            out.flush();
            return 0;
        }
    }
}
