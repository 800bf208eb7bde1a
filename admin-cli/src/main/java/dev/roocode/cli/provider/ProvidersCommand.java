package dev.roocode.cli.provider;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code roocode providers}: the verb parent of the provider commands. */
@Command(
        name = "providers",
        mixinStandardHelpOptions = true,
        description = {
            "Configure LLM providers on the compacted providers topic. A new provider is a DRAFT: test it, then",
            "activate it, and the connectors start its worker. Keys are stored encrypted (ROOCODE_MASTER_KEY) or as",
            "references to an environment variable or file, and shown only as fingerprints.",
            ""
        },
        footer = {
            "",
            "Examples:",
            "  roocode providers add openai --name openai-main --api-key-env OPENAI_API_KEY --model gpt-4o-mini,in=0.15,out=0.60",
            "  roocode providers add -f examples/providers/anthropic.yaml",
            "  roocode providers test openai-main",
            "  roocode providers activate openai-main",
            "  roocode providers list"
        },
        subcommands = {
            ProvidersListCommand.class,
            ProvidersAddCommand.class,
            ProvidersShowCommand.class,
            ProvidersUpdateCommand.class,
            ProvidersRemoveCommand.class,
            ProvidersTestCommand.class,
            ProvidersActivateCommand.class,
            ProvidersDeactivateCommand.class
        })
public final class ProvidersCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
