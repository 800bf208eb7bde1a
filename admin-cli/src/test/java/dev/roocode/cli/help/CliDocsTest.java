package dev.roocode.cli.help;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roocode.cli.testing.Cli;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** docs/cli.md is generated from the commands; this test fails when it is stale (and rewrites it with -Droocode.docs.update=true). */
class CliDocsTest {
    private static final Path DOCS = Path.of("..", "docs", "cli.md");

    @TempDir
    Path dir;

    @Test
    void shouldMatchTheCommittedReference() throws Exception {
        String generated = CliDocs.markdown();
        if (Boolean.getBoolean("roocode.docs.update")) {
            Files.writeString(DOCS, generated, StandardCharsets.UTF_8);
        }
        String committed = Files.exists(DOCS) ? Files.readString(DOCS, StandardCharsets.UTF_8) : "";

        assertThat(committed)
                .as(
                        "docs/cli.md is stale: run mvn -B -pl admin-cli -am test -Dtest=CliDocsTest -Dsurefire.failIfNoSpecifiedTests=false -Droocode.docs.update=true")
                .isEqualTo(generated);
    }

    @Test
    void shouldGiveEveryCommandADescriptionAndExamples() {
        CommandLine root = dev.roocode.cli.RoocodeCommand.commandLine();
        assertDocumented(root);
    }

    private static void assertDocumented(CommandLine command) {
        for (CommandLine sub : command.getSubcommands().values()) {
            if (sub.getCommandName().equals("help")) {
                continue;
            }
            String help = sub.getUsageMessage(CommandLine.Help.Ansi.OFF);
            assertThat(sub.getCommandSpec().usageMessage().description())
                    .as(sub.getCommandSpec().qualifiedName() + " description")
                    .isNotEmpty();
            assertThat(help)
                    .as(sub.getCommandSpec().qualifiedName() + " --help")
                    .contains("Examples:");
            assertDocumented(sub);
        }
    }

    @Test
    void shouldPrintABashCompletionScript() {
        Cli.Run run = new Cli(dir).run("completion");

        assertThat(run.exit()).as(run.toString()).isZero();
        assertThat(run.out())
                .contains("complete -F _complete_roocode")
                .contains("providers")
                .contains("--api-key-stdin");
    }

    @Test
    void shouldAnswerAnUnknownCommandWithOneLineAndExitCode2() {
        Cli.Run run = new Cli(dir).run("providrs", "list");

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).startsWith("roocode: Unmatched argument").contains("Try 'roocode --help'");
    }
}
