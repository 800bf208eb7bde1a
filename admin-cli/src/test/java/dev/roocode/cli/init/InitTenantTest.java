package dev.roocode.cli.init;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roocode.cli.testing.Cli;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code roocode init --tenant} refusing a name that is not a tenant's before it reaches the cluster. */
class InitTenantTest {
    @TempDir
    Path dir;

    @Test
    void shouldRefuseATenantNameWithADotBeforeTheCluster() {
        Cli.Run run = new Cli(dir.resolve("config"))
                .cluster("127.0.0.1:1", "http://127.0.0.1:1")
                .run("init", "--tenant", "ok", "--tenant", "blue.replies");

        assertThat(run.exit()).as("%s", run).isEqualTo(2);
        assertThat(run.err())
                .as("%s", run)
                .contains("roocode: --tenant 'blue.replies': a tenant name is 1 to 64 letters, digits, _ or -")
                .doesNotContain("Exception");
    }
}
