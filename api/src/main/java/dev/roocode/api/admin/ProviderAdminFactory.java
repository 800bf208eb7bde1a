package dev.roocode.api.admin;

import dev.roocode.api.ApiContext;
import java.util.ServiceLoader;

/**
 * Creates the {@link ProviderAdmin} of a running API, on the cluster of its {@link ApiContext}. admin-cli registers one
 * in {@code META-INF/services}; the service's main finds it with {@link java.util.ServiceLoader} (the distribution
 * puts every jar on one class path), and {@code EmbeddedStack.startApi} passes its own.
 */
@FunctionalInterface
public interface ProviderAdminFactory {
    ProviderAdmin create(ApiContext context);

    /** The first factory on the class path, or null when there is none (a build without admin-cli). */
    static ProviderAdminFactory discover() {
        return ServiceLoader.load(ProviderAdminFactory.class).findFirst().orElse(null);
    }
}
