package dev.roocode.cli;

import dev.roocode.cli.batch.BatchesCommand;
import dev.roocode.cli.batch.QuoteCommand;
import dev.roocode.cli.batch.ResultsCommand;
import dev.roocode.cli.batch.SubmitCommand;
import dev.roocode.cli.common.CliContext;
import dev.roocode.cli.common.CliException;
import dev.roocode.cli.connection.LoginCommand;
import dev.roocode.cli.help.CompletionCommand;
import dev.roocode.cli.init.InitCommand;
import dev.roocode.cli.keys.KeysCommand;
import dev.roocode.cli.provider.ProvidersCommand;
import dev.roocode.cli.route.RoutesCommand;
import dev.roocode.cli.run.RunCommand;
import dev.roocode.cli.sandbox.SandboxCommand;
import dev.roocode.cli.top.TopCommand;
import dev.roocode.core.secret.SecretException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/** The top-level {@code roocode} command; each verb is a subcommand. */
@Command(
        name = "roocode",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {"Kafka-native gateway for batch and queued LLM work.", ""},
        footer = {
            "",
            "Examples:",
            "  roocode run examples/summarize.jsonl                     run a batch file on an embedded Roocode",
            "  roocode sandbox                                          keep an embedded Roocode running for other commands",
            "  roocode login -b localhost:9092 --schema-registry-url http://localhost:8081",
            "  roocode init --partitions 12 --replication-factor 3      create topics and register schemas",
            "  roocode providers add openai --name openai-main --api-key-env OPENAI_API_KEY",
            "  roocode submit jobs.jsonl --wait                         submit a file to the cluster and collect its results",
            "",
            "Run 'roocode <command> --help' for a command's options."
        },
        subcommands = {
            RunCommand.class,
            SandboxCommand.class,
            LoginCommand.class,
            InitCommand.class,
            ProvidersCommand.class,
            RoutesCommand.class,
            QuoteCommand.class,
            SubmitCommand.class,
            BatchesCommand.class,
            ResultsCommand.class,
            TopCommand.class,
            KeysCommand.class,
            CompletionCommand.class,
            CommandLine.HelpCommand.class
        })
public final class RoocodeCommand implements Runnable, CliContext.Holder {
    @Spec
    CommandSpec spec;

    @Option(
            names = "--verbose",
            scope = ScopeType.INHERIT,
            description = "Print stack traces on failure and more detail while working.")
    boolean verbose;

    private final CliContext context;

    public RoocodeCommand() {
        this(CliContext.system());
    }

    public RoocodeCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public CliContext context() {
        return context;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The configured command line on the real environment. */
    public static CommandLine commandLine() {
        return commandLine(CliContext.system());
    }

    /** The configured command line: one-line errors, exit codes 1 (failure) and 2 (usage). */
    public static CommandLine commandLine(CliContext context) {
        CommandLine commandLine = new CommandLine(new RoocodeCommand(context));
        reflowDescriptions(commandLine);
        commandLine.setParameterExceptionHandler((exception, args) -> {
            CommandLine cmd = exception.getCommandLine();
            PrintWriter err = cmd.getErr();
            err.println(cmd.getColorScheme().errorText("roocode: " + oneLine(exception)));
            err.println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help' for its options and examples.");
            err.flush();
            return CliException.USAGE;
        });
        commandLine.setExecutionExceptionHandler((exception, cmd, parseResult) -> {
            PrintWriter err = cmd.getErr();
            boolean verbose = parseResult.originalArgs().contains("--verbose");
            err.println(cmd.getColorScheme().errorText("roocode: " + oneLine(exception)));
            if (verbose) {
                exception.printStackTrace(err);
            } else if (!(exception instanceof CliException) && !(exception instanceof SecretException)) {
                err.println("(run with --verbose for details)");
            }
            err.flush();
            return exception instanceof CliException cli ? cli.exitCode() : CliException.FAILURE;
        });
        return commandLine;
    }

    /**
     * Descriptions are written as short source lines for readability; picocli would keep each line
     * break, so join each paragraph into one line that picocli wraps, with the first sentence on a
     * line of its own: picocli lists subcommands by their first description line.
     */
    private static void reflowDescriptions(CommandLine command) {
        CommandSpec spec = command.getCommandSpec();
        List<String> paragraphs = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : spec.usageMessage().description()) {
            if (line.isBlank()) {
                if (current.length() > 0) {
                    paragraphs.add(current.toString());
                    current.setLength(0);
                }
                paragraphs.add("");
            } else {
                current.append(current.length() == 0 ? "" : " ").append(line.trim());
            }
        }
        if (current.length() > 0) {
            paragraphs.add(current.toString());
        }
        if (!paragraphs.isEmpty()) {
            String first = paragraphs.get(0);
            int end = first.indexOf(". ");
            if (end > 0) {
                paragraphs.set(0, first.substring(0, end + 1));
                paragraphs.add(1, first.substring(end + 2));
            }
            spec.usageMessage().description(paragraphs.toArray(String[]::new));
        }
        command.getSubcommands().values().forEach(RoocodeCommand::reflowDescriptions);
    }

    static String oneLine(Throwable exception) {
        Throwable cause = exception;
        while (cause.getCause() != null && (cause.getMessage() == null || cause instanceof ExecutionException)) {
            cause = cause.getCause();
        }
        String message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
