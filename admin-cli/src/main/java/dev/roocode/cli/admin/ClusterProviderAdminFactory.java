package dev.roocode.cli.admin;

import dev.roocode.api.ApiContext;
import dev.roocode.api.admin.ProviderAdmin;
import dev.roocode.api.admin.ProviderAdminFactory;
import dev.roocode.cli.provider.ClusterProviderAdmin;
import dev.roocode.cli.route.ClusterRouteAdmin;
import java.time.Duration;
import java.util.Map;

/**
 * The {@link ProviderAdminFactory} admin-cli registers in {@code META-INF/services}: roocode-api's main finds it on the
 * distribution's class path; {@code EmbeddedStack.startApi} passes one directly. Its admin works on the API's own
 * cluster and reads the master key and credential variables from {@code env}.
 */
public final class ClusterProviderAdminFactory implements ProviderAdminFactory {
    /** How long an operation waits for the cluster, and each diagnostic step for the provider. */
    public static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final Map<String, String> env;

    /** With the process environment (what {@link java.util.ServiceLoader} creates). */
    public ClusterProviderAdminFactory() {
        this(System.getenv());
    }

    /** With {@code env} as the environment (tests and the sandbox pass their own). */
    public ClusterProviderAdminFactory(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    @Override
    public ProviderAdmin create(ApiContext context) {
        return new ClusterProviderAdmin(
                context.config().clientConfig().originals(),
                env,
                TIMEOUT,
                admin -> new ClusterRouteAdmin(admin::onCluster));
    }
}
