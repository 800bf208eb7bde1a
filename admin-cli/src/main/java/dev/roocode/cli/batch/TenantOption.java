package dev.roocode.cli.batch;

import dev.roocode.cli.common.CliException;
import dev.roocode.cli.connection.Connection;
import dev.roocode.client.ClientConfig;
import dev.roocode.schemas.topic.Topics;
import picocli.CommandLine.Option;

/**
 * {@code --tenant T}: submit to and read Results from tenant T's namespace ({@code <prefix>tenant.T.jobs},
 * {@code <prefix>tenant.T.replies}) instead of the shared topics; default: the connection's {@code tenant} setting.
 */
public final class TenantOption {
    @Option(
            names = "--tenant",
            paramLabel = "T",
            description = "Tenant T's topics: jobs to <prefix>tenant.T.jobs, Results from <prefix>tenant.T.replies"
                    + " (made by 'roocode init --tenant T'). Default: the connection's 'tenant' setting, else the"
                    + " shared jobs and results topics.")
    String tenant;

    /** Fails with a usage error on a name that cannot be a tenant's (before the cluster is reached). */
    public void check() {
        if (tenant != null && !Topics.TENANT_NAME.matcher(tenant).matches()) {
            throw CliException.usage("--tenant '" + tenant + "': a tenant name is 1 to 64 letters, digits, _ or -");
        }
    }

    /** The connection's client settings, for {@code --tenant} when given. */
    public ClientConfig clientConfig(Connection cluster) {
        check();
        ClientConfig config = cluster.clientConfig();
        return tenant == null ? config : config.withTenant(tenant);
    }

    /** Where the Results of this tenant's jobs go (the results topic without a tenant). */
    public String replyTopic(Connection cluster) {
        return clientConfig(cluster).replyTopic();
    }
}
