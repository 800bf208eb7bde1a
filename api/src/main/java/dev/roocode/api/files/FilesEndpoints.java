package dev.roocode.api.files;

import dev.roocode.api.ApiContext;
import dev.roocode.api.Endpoints;
import dev.roocode.api.Routes;

/** Files: {@code POST/GET/DELETE /v1/files}, {@code GET /v1/files/{id}} and {@code /content}, on a pluggable store (a local folder by default). */
public final class FilesEndpoints implements Endpoints {
    private final ApiContext context;

    public FilesEndpoints(ApiContext context) {
        this.context = context;
    }

    @Override
    public void register(Routes routes) {
        // no routes yet
    }
}
