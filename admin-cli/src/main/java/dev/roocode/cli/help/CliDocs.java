package dev.roocode.cli.help;

import dev.roocode.cli.RoocodeCommand;
import dev.roocode.cli.common.CliContext;
import dev.roocode.cli.common.Prompter;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Help.Ansi;

/**
 * Generates docs/cli.md from the commands themselves: every command's {@code --help}, in command
 * order, so the reference cannot drift from the code ({@code CliDocsTest} fails when the committed
 * file is stale). Run {@code main} or the test with {@code -Droocode.docs.update=true} to rewrite it.
 */
public final class CliDocs {
    private static final int WIDTH = 110;

    private CliDocs() {}

    /** The whole reference as Markdown. Paths under the user's home are shown as {@code ~}. */
    public static String markdown() {
        String home = System.getProperty("user.home");
        System.setProperty("user.home", "~");
        try {
            CommandLine root = RoocodeCommand.commandLine(
                    new CliContext(Map.of(), new ByteArrayInputStream(new byte[0]), Prompter.NONE));
            StringBuilder md = new StringBuilder();
            md.append("# roocode command reference\n\n");
            md.append(
                    "Generated from the commands' own `--help` by `dev.roocode.cli.help.CliDocs`; do not edit by hand.\n");
            md.append(
                    "After changing a command: `mvn -B -pl admin-cli -am test -Dtest=CliDocsTest -Dsurefire.failIfNoSpecifiedTests=false"
                            + " -Droocode.docs.update=true`.\n\n");
            md.append(
                            "Every cluster command takes the connection options (`--profile`, `--config`, `--bootstrap-servers`, ")
                    .append(
                            "`--schema-registry-url`, `--topic-prefix`, `--request-timeout`); settings are layered: profile, then ")
                    .append(
                            "`--config` file, then `ROOCODE_*` environment variables, then flags. Errors are one line on stderr; ")
                    .append("exit code 1 is a failure, 2 bad input; `--verbose` adds the stack trace.\n\n");
            md.append("## Commands\n\n");
            toc(root, md, 0);
            md.append('\n');
            section(root, md);
            return md.toString();
        } finally {
            System.setProperty("user.home", home);
        }
    }

    private static void toc(CommandLine command, StringBuilder md, int depth) {
        for (CommandLine sub : command.getSubcommands().values()) {
            if (sub.getCommandSpec().usageMessage().hidden()
                    || sub.getCommandName().equals("help")) {
                continue;
            }
            String name = sub.getCommandSpec().qualifiedName();
            md.append("  ".repeat(depth))
                    .append("- [`")
                    .append(name)
                    .append("`](#")
                    .append(name.replace(' ', '-'))
                    .append(")\n");
            toc(sub, md, depth + 1);
        }
    }

    private static void section(CommandLine command, StringBuilder md) {
        String name = command.getCommandSpec().qualifiedName();
        md.append("## ").append(name).append("\n\n```\n");
        command.setUsageHelpWidth(WIDTH);
        md.append(command.getUsageMessage(Ansi.OFF).stripTrailing()).append("\n```\n\n");
        for (CommandLine sub : command.getSubcommands().values()) {
            if (!sub.getCommandSpec().usageMessage().hidden()
                    && !sub.getCommandName().equals("help")) {
                section(sub, md);
            }
        }
    }

    /** Writes the reference to the file given as the first argument (default docs/cli.md). */
    public static void main(String[] args) throws IOException {
        Path file = Path.of(args.length > 0 ? args[0] : "docs/cli.md");
        Files.writeString(file, markdown());
    }
}
