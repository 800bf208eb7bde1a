package dev.roocode.api;

import dev.roocode.api.auth.Authenticator;
import dev.roocode.client.RoocodeClient;
import dev.roocode.schemas.registry.SchemaRegistryClient;
import dev.roocode.schemas.topic.Topics;
import java.time.Clock;

/**
 * What every endpoint group is built from. The owner of the context (the service's main, or the embedded
 * stack) creates and closes these; groups close only what they create themselves.
 *
 * @param config        the service's settings
 * @param client        the shared job producer (thread-safe) on the service's cluster
 * @param registry      the schema registry of that cluster
 * @param authenticator resolves keys to callers
 * @param clock         time, for ids, deadlines and timestamps
 */
public record ApiContext(
        ApiConfig config,
        RoocodeClient client,
        SchemaRegistryClient registry,
        Authenticator authenticator,
        Clock clock) {
    public Topics topics() {
        return client.topics();
    }
}
