package dev.roocode.cli;

import dev.roocode.cli.run.RunCommand;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The top-level {@code roocode} command; each verb is a subcommand. */
@Command(name = "roocode",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {"Kafka-native gateway for batch and queued LLM work.", ""},
        footer = {"", "Examples:",
                "  roocode run examples/summarize.jsonl          run a batch file on an embedded Roocode",
                "  roocode run big.jsonl --out big.out.jsonl      choose where results go",
                "", "Run 'roocode <command> --help' for a command's options."},
        subcommands = {RunCommand.class, CommandLine.HelpCommand.class})
public final class RoocodeCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The configured command line: one-line errors, exit codes 1 (failure) and 2 (usage). */
    public static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new RoocodeCommand());
        commandLine.setExecutionExceptionHandler((exception, cmd, parseResult) -> {
            PrintWriter err = cmd.getErr();
            boolean verbose = parseResult.originalArgs().contains("--verbose");
            err.println(cmd.getColorScheme().errorText("roocode: " + oneLine(exception)));
            if (verbose) {
                exception.printStackTrace(err);
            } else {
                err.println("(run with --verbose for details)");
            }
            err.flush();
            return 1;
        });
        return commandLine;
    }

    static String oneLine(Throwable exception) {
        Throwable cause = exception;
        while (cause.getCause() != null && (cause.getMessage() == null || cause instanceof java.util.concurrent.ExecutionException)) {
            cause = cause.getCause();
        }
        String message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
