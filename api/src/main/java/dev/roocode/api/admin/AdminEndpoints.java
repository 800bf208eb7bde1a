package dev.roocode.api.admin;

import dev.roocode.api.ApiContext;
import dev.roocode.api.Endpoints;
import dev.roocode.api.Routes;

/** Admin endpoints (admin keys only) and the web console. */
public final class AdminEndpoints implements Endpoints {
    private final ApiContext context;

    public AdminEndpoints(ApiContext context) {
        this.context = context;
    }

    @Override
    public void register(Routes routes) {
        // no routes yet
    }
}
