package dev.roocode.cli.batch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roocode.cli.testing.Cli;
import dev.roocode.schemas.batch.BatchLineCodec;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code roocode submit} refusing what it cannot submit before it reaches the cluster: the environment
 * points at a port where nothing listens, so a command that went on would fail otherwise.
 */
class SubmitCommandTest {
    private static final String GOOD = "{\"custom_id\":\"a\",\"method\":\"POST\",\"url\":\"/chat/completions\","
            + "\"body\":{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}}\n";

    @TempDir
    Path dir;

    private Cli.Run submit(String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "submit";
        System.arraycopy(args, 0, all, 1, args.length);
        return new Cli(dir.resolve("config"))
                .cluster("127.0.0.1:1", "http://127.0.0.1:1")
                .run(all);
    }

    private static void assertRefused(Cli.Run run, String message) {
        assertThat(run.exit()).as("%s", run).isEqualTo(2);
        assertThat(run.err()).as("%s", run).contains("roocode: " + message).doesNotContain("Exception");
        assertThat(run.out()).as("%s", run).doesNotContain("Submitted");
    }

    @Test
    void shouldNameEveryLineUrlItSubmitsInItsHelp() {
        Cli.Run help = submit("--help");

        assertThat(help.exit()).as("%s", help).isZero();
        assertThat(help.out())
                .contains(BatchLineCodec.CHAT_URL, BatchLineCodec.EMBEDDINGS_URL, BatchLineCodec.RESPONSES_URL)
                .contains("without /v1");
    }

    @Test
    void shouldRefuseAnEmptyFileInsteadOfSubmittingABatchOfNoJobs() throws Exception {
        Path empty = Files.writeString(dir.resolve("empty.jsonl"), "\n\n");

        assertRefused(submit(empty.toString()), empty + " is empty");
        assertThat(dir.resolve("config")).doesNotExist();
    }

    @Test
    void shouldRefuseAFileWithNoLineThatCanRunNamingTheLine() throws Exception {
        Path input = Files.writeString(dir.resolve("tab.jsonl"), GOOD.replace("\"a\"", "\"a\\tb\""));

        assertRefused(
                submit(input.toString()),
                input + ": no line can run; line 1: custom_id has a control character (a tab) at position 2");
    }

    @Test
    void shouldCheckTheLineLimitWithTheBatchIdItWillHave() throws Exception {
        Path input = Files.writeString(dir.resolve("big.jsonl"), GOOD);

        assertRefused(
                submit(input.toString(), "--max-line-bytes", "50"),
                input + ": no line can run; line 1: line is " + (GOOD.length() - 1)
                        + " bytes, longer than the limit of 50");
        assertRefused(submit(input.toString(), "--max-line-bytes", "0"), "--max-line-bytes must be at least 1 (got 0)");
    }

    @Test
    void shouldCheckTheWaitOptionsBeforeReachingTheCluster() throws Exception {
        Path input = Files.writeString(dir.resolve("in.jsonl"), GOOD);
        Path out = dir.resolve("missing").resolve("out.jsonl");

        assertRefused(submit(input.toString(), "--wait", "--timeout", "0s"), "--timeout must be more than 0 (got 0s)");
        assertRefused(
                submit(input.toString(), "--wait", "--out", out.toString()), "--out " + out + ": no such directory");
        assertRefused(submit(dir.toString()), dir + " is a directory, not a batch file");
    }

    @Test
    void shouldSayADirectoryIsADirectoryToQuoteToo() {
        Cli.Run quote = new Cli(dir.resolve("config"))
                .cluster("127.0.0.1:1", "http://127.0.0.1:1")
                .run("quote", dir.toString());

        assertRefused(quote, dir + " is a directory, not a batch file");
    }

    @Test
    void shouldRefuseATenantNameThatWouldReachOutOfItsNamespaceBeforeTheCluster() throws Exception {
        Path input = Files.writeString(dir.resolve("jobs.jsonl"), GOOD);

        assertRefused(
                submit(input.toString(), "--tenant", "blue.replies"),
                "--tenant 'blue.replies': a tenant name is 1 to 64 letters, digits, _ or -");
    }
}
