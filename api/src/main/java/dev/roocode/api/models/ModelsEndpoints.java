package dev.roocode.api.models;

import dev.roocode.api.ApiContext;
import dev.roocode.api.Endpoints;
import dev.roocode.api.Routes;

/** Models: {@code GET /v1/models}, the logical models the routes and provider offers serve. */
public final class ModelsEndpoints implements Endpoints {
    private final ApiContext context;

    public ModelsEndpoints(ApiContext context) {
        this.context = context;
    }

    @Override
    public void register(Routes routes) {
        // no routes yet
    }
}
