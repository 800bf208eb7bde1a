package dev.roocode.api.models;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.roocode.api.Access;
import dev.roocode.api.ApiContext;
import dev.roocode.api.Endpoints;
import dev.roocode.api.Routes;
import dev.roocode.api.http.ApiException;
import dev.roocode.api.http.Exchanges;
import io.undertow.util.Methods;

/**
 * Models: {@code GET /v1/models} and {@code GET /v1/models/{model}}, the logical models the routes and
 * ACTIVE providers' offers serve ({@link ModelCatalog}), in OpenAI's {@code ListModelsResponse} and
 * {@code Model} shapes.
 */
public final class ModelsEndpoints implements Endpoints {
    private final ModelCatalog catalog = new ModelCatalog();
    private final ModelsReader reader;

    public ModelsEndpoints(ApiContext context) {
        this.reader = new ModelsReader(catalog, context.config().clientConfig(), context.registry());
    }

    @Override
    public void register(Routes routes) {
        routes.add(Methods.GET, "/v1/models", Access.KEY, (exchange, caller) -> {
            ObjectNode list = Exchanges.JSON.createObjectNode().put("object", "list");
            ArrayNode data = list.putArray("data");
            catalog.models().values().forEach(entry -> data.add(model(entry)));
            Exchanges.sendJson(exchange, 200, list);
        });
        routes.add(Methods.GET, "/v1/models/{model}", Access.KEY, (exchange, caller) -> {
            String id = Exchanges.pathParam(exchange, "model");
            ModelCatalog.Entry entry = catalog.models().get(id);
            if (entry == null) {
                throw new ApiException(
                        404,
                        "invalid_request_error",
                        "model",
                        "model_not_found",
                        "The model '" + id + "' does not exist or you do not have access to it.");
            }
            Exchanges.sendJson(exchange, 200, model(entry));
        });
    }

    static ObjectNode model(ModelCatalog.Entry entry) {
        return Exchanges.JSON
                .createObjectNode()
                .put("id", entry.id())
                .put("object", "model")
                .put("created", entry.created())
                .put("owned_by", entry.ownedBy());
    }

    @Override
    public boolean ready() {
        return reader.ready();
    }

    @Override
    public void close() {
        reader.close();
    }
}
