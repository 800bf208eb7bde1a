package dev.roocode.cli.keys;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roocode.cli.testing.Cli;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The keys commands' input checks, which answer before any cluster is contacted (none is configured here). */
class KeysCommandTest {
    @TempDir
    Path home;

    private Cli.Run run(String... args) {
        return new Cli(home).run(args);
    }

    @Test
    void shouldRequireATenantUnlessTheKeyIsAnAdminKey() {
        Cli.Run run = run("keys", "create", "--rpm", "5");

        assertThat(run.exit()).as(run.toString()).isEqualTo(2);
        assertThat(run.err()).contains("--tenant is required (or --admin");
    }

    @Test
    void shouldRefuseBadLimitsTenantsAndAddressesInOneLine() {
        String[][] cases = {
            {"--tenant", "acme", "--rpm", "0"},
            {"--tenant", "acme", "--budget", "-1"},
            {"--tenant", "a.b"},
            {"--admin", "--budget", "5"},
            {"--tenant", "acme", "--allow-ip", "office.example.com"},
            {"--tenant", "acme", "--allow-ip", "10.0.0.0/40"}
        };
        String[] expected = {
            "--rpm must be at least 1",
            "--budget must be a positive number",
            "bad --tenant 'a.b'",
            "--budget needs --tenant",
            "bad --allow-ip: not an IP address or CIDR block: 'office.example.com'",
            "bad --allow-ip: bad prefix length in '10.0.0.0/40'"
        };
        for (int i = 0; i < cases.length; i++) {
            String[] args = new String[cases[i].length + 2];
            args[0] = "keys";
            args[1] = "create";
            System.arraycopy(cases[i], 0, args, 2, cases[i].length);

            Cli.Run run = run(args);

            assertThat(run.exit()).as(run.toString()).isEqualTo(2);
            assertThat(run.err()).as(run.toString()).contains(expected[i]);
            assertThat(run.err().strip().lines()).as(run.toString()).hasSize(1);
            assertThat(run.out()).as(run.toString()).doesNotContain("rk-");
        }
    }

    @Test
    void shouldNotEchoAWholeKeyGivenToRevoke() {
        String pasted = "rk-abcdefghijkl-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";

        Cli.Run run = run("keys", "revoke", pasted);

        assertThat(run.exit()).as(run.toString()).isEqualTo(2);
        assertThat(run.err()).contains("not a key id");
        assertThat(run.out() + run.err()).doesNotContain("AAAAAAAAAAAA");
    }
}
