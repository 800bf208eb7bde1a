package dev.roocode.api.batches;

import dev.roocode.api.ApiContext;
import dev.roocode.api.Endpoints;
import dev.roocode.api.Routes;

/** Batches: {@code POST/GET /v1/batches}, {@code GET /v1/batches/{id}}, {@code POST /v1/batches/{id}/cancel}, with OpenAI's lifecycle, run as Roocode jobs through Kafka. */
public final class BatchesEndpoints implements Endpoints {
    private final ApiContext context;

    public BatchesEndpoints(ApiContext context) {
        this.context = context;
    }

    @Override
    public void register(Routes routes) {
        // no routes yet
    }
}
