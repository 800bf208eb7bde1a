package dev.roocode.cli.batch;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code roocode results}: the verb parent of the result commands. */
@Command(
        name = "results",
        mixinStandardHelpOptions = true,
        description = {"Results from the compacted results topic, as OpenAI batch output lines.", ""},
        footer = {
            "",
            "Examples:",
            "  roocode results get batch_3f2a.../line-17",
            "  roocode results export batch_3f2a... --out results.jsonl"
        },
        subcommands = {ResultsGetCommand.class, ResultsExportCommand.class})
public final class ResultsCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
