package dev.roocode.cli.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roocode.cli.testing.Cli;
import dev.roocode.schemas.batch.BatchLineCodec;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code roocode run} refusing what it cannot run before it starts anything: each case is one line on
 * stderr with exit code 2, no "Starting" line and no data folder (no broker is available here, so a
 * command that went on would fail otherwise, and slowly).
 */
class RunCommandTest {
    private static final String GOOD = "{\"custom_id\":\"a\",\"method\":\"POST\",\"url\":\"/v1/chat/completions\","
            + "\"body\":{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}}\n";

    @TempDir
    Path dir;

    private Cli.Run run(String... args) {
        String[] all = new String[args.length + 2];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--data-dir";
        all[args.length + 1] = dir.resolve("data").toString();
        return new Cli(dir.resolve("config")).run(all);
    }

    private void assertRefused(Cli.Run run, String message) {
        assertThat(run.exit()).as("%s", run).isEqualTo(2);
        assertThat(run.err())
                .as("%s", run)
                .contains("roocode: " + message)
                .doesNotContain("Exception")
                .doesNotContain("\tat ");
        assertThat(run.err().lines().filter(l -> l.startsWith("roocode:")))
                .as("%s", run)
                .hasSize(1);
        assertThat(run.out()).as("%s", run).doesNotContain("Starting");
        assertThat(dir.resolve("data")).doesNotExist();
    }

    @Test
    void shouldNameEveryLineUrlItRunsInItsHelp() {
        Cli.Run help = run("run", "--help");

        assertThat(help.exit()).as("%s", help).isZero();
        assertThat(help.out())
                .contains(BatchLineCodec.CHAT_URL, BatchLineCodec.EMBEDDINGS_URL, BatchLineCodec.RESPONSES_URL)
                .contains("without /v1");
    }

    @Test
    void shouldRefuseAMetricsPortOutOfRangeBeforeStarting() throws Exception {
        Path input = Files.writeString(dir.resolve("in.jsonl"), GOOD);

        assertRefused(
                run("run", input.toString(), "--metrics-port", "70000"),
                "--metrics-port must be between 0 and 65535, not 70000");
    }

    @Test
    void shouldSayInOneLineThatTheMetricsPortIsInUseAndStartNothing() throws Exception {
        Path input = Files.writeString(dir.resolve("in.jsonl"), GOOD);
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();

            Cli.Run run = run("run", input.toString(), "--metrics-port", Integer.toString(port));

            assertThat(run.exit()).as("%s", run).isEqualTo(1);
            assertThat(run.err().lines().filter(l -> !l.isBlank()))
                    .as("%s", run)
                    .singleElement()
                    .asString()
                    .contains("cannot serve metrics on 127.0.0.1:" + port
                            + ": the port is already in use; choose another with --metrics-port")
                    .doesNotContain("Exception");
            assertThat(run.out()).as("%s", run).doesNotContain("Ready");
            assertThat(dir.resolve("data").resolve("kafka"))
                    .as("no broker started")
                    .doesNotExist();
        }
    }

    @Test
    void shouldRefuseAnOutputFileInAMissingDirectoryBeforeStarting() throws Exception {
        Path input = Files.writeString(dir.resolve("in.jsonl"), GOOD);
        Path out = dir.resolve("no-such-dir").resolve("out.jsonl");

        assertRefused(
                run("run", input.toString(), "--out", out.toString()),
                "--out " + out + ": no such directory " + dir.resolve("no-such-dir"));
    }

    @Test
    void shouldRefuseAnOutputFileThatIsADirectoryOrTheInput() throws Exception {
        Path input = Files.writeString(dir.resolve("in.jsonl"), GOOD);

        assertRefused(
                run("run", input.toString(), "--out", dir.toString()), "--out " + dir + " is a directory; name a file");
        assertRefused(run("run", input.toString(), "--out", input.toString()), "--out " + input + " is the input file");
    }

    @Test
    void shouldRefuseATimeoutThatIsZeroOrNegativeInTheUsersWords() throws Exception {
        Path input = Files.writeString(dir.resolve("in.jsonl"), GOOD);

        assertRefused(run("run", input.toString(), "--timeout", "0s"), "--timeout must be more than 0 (got 0s)");
        assertRefused(
                run("run", input.toString(), "--timeout", "-5s"),
                "Invalid value for option '--timeout': '-5s' is negative");
    }

    @Test
    void shouldRefuseAnEmptyOrBlankFileBeforeStarting() throws Exception {
        Path empty = Files.writeString(dir.resolve("empty.jsonl"), "");
        Path blank = Files.writeString(dir.resolve("blank.jsonl"), "\n  \r\n\n");

        assertRefused(
                run("run", empty.toString()),
                empty + " is empty: a batch file has one {custom_id, method, url, body} request per line");
        assertRefused(run("run", blank.toString()), blank + " is empty");
    }

    @Test
    void shouldSayADirectoryIsADirectory() {
        assertRefused(run("run", dir.toString()), dir + " is a directory, not a batch file");
    }

    @Test
    void shouldRefuseABinaryFileAsBadInput() throws Exception {
        Path png = Files.write(dir.resolve("photo.jsonl"), new byte[] {
            (byte) 0x89,
            'P',
            'N',
            'G',
            '\r',
            '\n',
            0x1a,
            '\n',
            0,
            0,
            0,
            13,
            'I',
            'H',
            'D',
            'R',
            (byte) 0xff,
            (byte) 0xfe
        });

        assertRefused(run("run", png.toString()), png + " is a binary file, not JSONL text");
    }

    @Test
    void shouldNameTheFirstBadLineOfAFileWithNoLineThatCanRun() throws Exception {
        Path input = Files.writeString(
                dir.resolve("ids.jsonl"),
                GOOD.replace("\"a\"", "42") + "\n" + GOOD.replace("\"a\"", "43") + GOOD.replace("POST", "GET"),
                StandardCharsets.UTF_8);

        assertRefused(
                run("run", input.toString()),
                input + ": no line can run; line 1: custom_id must be a string (got 42) (and 2 more invalid lines)");
    }
}
