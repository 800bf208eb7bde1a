package dev.roocode.cli.connection;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roocode.cli.testing.Cli;
import dev.roocode.cli.testing.Cli.Run;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which cluster a command talks to: profile, then --config file, then ROOCODE_* variables, then
 * flags. Each layer points at a different closed port, and the one-line error names the winner.
 */
class ConnectionOptionsTest {
    @TempDir
    Path dir;

    @Test
    void shouldLayerProfileConfigFileEnvironmentAndFlags() throws Exception {
        Cli cli = new Cli(dir);
        Run login = cli.run("login", "-b", "127.0.0.1:1", "--schema-registry-url", "http://127.0.0.1:1", "--no-check");
        assertThat(login.exit()).as(login.toString()).isZero();
        assertThat(reached(cli.run("providers", "list", "--request-timeout", "1s")))
                .isEqualTo("127.0.0.1:1");

        Path file = Files.writeString(dir.resolve("c.properties"), "bootstrap.servers=127.0.0.1:2\n");
        assertThat(reached(cli.run("providers", "list", "--request-timeout", "1s", "--config", file.toString())))
                .isEqualTo("127.0.0.1:2");

        cli.env().put("ROOCODE_BOOTSTRAP_SERVERS", "127.0.0.1:3");
        assertThat(reached(cli.run("providers", "list", "--request-timeout", "1s", "--config", file.toString())))
                .isEqualTo("127.0.0.1:3");

        assertThat(reached(cli.run("providers", "list", "--request-timeout", "1s", "-b", "127.0.0.1:4")))
                .isEqualTo("127.0.0.1:4");
    }

    @Test
    void shouldUseANamedProfileAndEncryptItsSecrets() throws Exception {
        Cli cli = new Cli(dir);
        Run login = cli.stdin("s3cret-pass\n")
                .run(
                        "login",
                        "--profile",
                        "prod",
                        "-b",
                        "127.0.0.1:5",
                        "--schema-registry-url",
                        "https://r.example",
                        "--security-protocol",
                        "SASL_SSL",
                        "--sasl-mechanism",
                        "PLAIN",
                        "--sasl-username",
                        "app",
                        "--sasl-password-stdin",
                        "--no-check");
        assertThat(login.exit()).as(login.toString()).isZero();
        assertThat(login.out()).contains("1 secret setting(s) encrypted with master key k1");
        String saved = Files.readString(dir.resolve("profiles").resolve("prod.properties"));
        assertThat(saved)
                .contains("sasl.jaas.config=encrypted\\:v1\\:k1\\:")
                .doesNotContain("s3cret-pass")
                .contains("security.protocol=SASL_SSL");

        Run run = cli.run("providers", "list", "--profile", "prod", "--request-timeout", "1s");
        assertThat(run.err()).as(run.toString()).contains("cannot reach Kafka at 127.0.0.1:5");
        cli.env().put("ROOCODE_PROFILE", "prod");
        assertThat(reached(cli.run("routes", "list", "--request-timeout", "1s")))
                .isEqualTo("127.0.0.1:5");
    }

    @Test
    void shouldFailAtOnceWhenTheBrokerRefusesTheConnection() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        long start = System.nanoTime();

        Run run = new Cli(dir)
                .run(
                        "providers",
                        "list",
                        "-b",
                        "127.0.0.1:" + closed,
                        "--schema-registry-url",
                        "http://127.0.0.1:1",
                        "--request-timeout",
                        "60s");

        assertThat(run.exit()).as(run.toString()).isEqualTo(1);
        assertThat(run.err())
                .as(run.toString())
                .contains("cannot reach Kafka at 127.0.0.1:" + closed + " (127.0.0.1:" + closed
                        + " refused the connection)");
        assertThat(Duration.ofNanos(System.nanoTime() - start))
                .as("well under the 60 s request timeout")
                .isLessThan(Duration.ofSeconds(20));
    }

    @Test
    void shouldExplainWhatToDoWithNoClusterConfigured() {
        Run run = new Cli(dir).run("providers", "list");

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err())
                .contains("no Kafka cluster configured: run 'roocode login")
                .contains("roocode sandbox")
                .hasLineCount(1);
    }

    @Test
    void shouldRejectAMalformedRegistryUrlAndAnUnknownProfile() {
        Cli cli = new Cli(dir);
        Run bad = cli.run("login", "-b", "h:1", "--schema-registry-url", "registry:8081", "--no-check");
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).contains("--schema-registry-url: 'registry:8081' is not an http(s) URL");

        Run unknown = cli.run("providers", "list", "--profile", "nope");
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.err()).contains("no profile 'nope'").contains("roocode login --profile nope");
    }

    @Test
    void shouldRefuseAMisspelledSecurityProtocolInOneLineNamingTheKeyBeforeConnecting() throws Exception {
        Path file = Files.writeString(dir.resolve("bad.properties"), "security.protocol=SASL-SSL\n");

        Run run = new Cli(dir)
                .run("providers", "list", "--request-timeout", "1s", "-b", "127.0.0.1:1", "--config", file.toString());

        assertThat(run.exit()).as(run.toString()).isEqualTo(2);
        assertThat(run.err().strip())
                .as(run.toString())
                .contains("security.protocol")
                .contains("SASL-SSL")
                .doesNotContain("\n")
                .doesNotContain("cannot reach Kafka");
    }

    private static String reached(Run run) {
        assertThat(run.exit()).as(run.toString()).isEqualTo(1);
        String err = run.err();
        int at = err.indexOf("cannot reach Kafka at ");
        assertThat(at).as(run.toString()).isNotNegative();
        return err.substring(at + "cannot reach Kafka at ".length()).split(" ")[0];
    }
}
