package dev.roocode.cli.route;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code roocode routes}: the verb parent of the route commands. */
@Command(
        name = "routes",
        mixinStandardHelpOptions = true,
        description = {
            "Route policies for logical models on the compacted routes topic: strategy (cost, priority, weighted,",
            "latency, explicit), candidate providers with priority and weight, fallbacks, attempts, budget caps and aliases.",
            ""
        },
        footer = {
            "",
            "Examples:",
            "  roocode routes set chat-default --strategy priority --candidate openai-main --candidate claude --alias default",
            "  roocode routes set gpt-4o-mini --strategy weighted --candidate openai-main:0:80 --candidate azure-eu:0:20",
            "  roocode routes set -f providers.yaml",
            "  roocode routes list"
        },
        subcommands = {
            RoutesListCommand.class,
            RoutesShowCommand.class,
            RoutesSetCommand.class,
            RoutesRemoveCommand.class
        })
public final class RoutesCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
