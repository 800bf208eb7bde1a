package dev.roocode.cli.batch;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code roocode batches}: the verb parent of the batch commands. */
@Command(
        name = "batches",
        mixinStandardHelpOptions = true,
        description = {
            "Batches as the processor counts them on the compacted batches topic: total, succeeded, failed, tokens, cost.",
            ""
        },
        footer = {
            "",
            "Examples:",
            "  roocode batches list",
            "  roocode batches show batch_3f2a...",
            "  roocode batches cancel batch_3f2a..."
        },
        subcommands = {BatchesListCommand.class, BatchesShowCommand.class, BatchesCancelCommand.class})
public final class BatchesCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
