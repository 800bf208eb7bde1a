package dev.roocode.api.chat;

import dev.roocode.api.ApiContext;
import dev.roocode.api.Endpoints;
import dev.roocode.api.Routes;

/** Synchronous calls through Kafka: {@code POST /v1/chat/completions}, {@code /v1/embeddings} and {@code /v1/responses}. */
public final class ChatEndpoints implements Endpoints {
    private final ApiContext context;

    public ChatEndpoints(ApiContext context) {
        this.context = context;
    }

    @Override
    public void register(Routes routes) {
        // no routes yet
    }
}
