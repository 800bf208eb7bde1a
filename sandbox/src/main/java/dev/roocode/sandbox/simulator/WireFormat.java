package dev.roocode.sandbox.simulator;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderMap;

/**
 * One provider's HTTP dialect: which paths it serves, how its request bodies read, how its answers, errors,
 * credentials and rate-limit headers look. Behaviour (latency, faults, limits, counting) lives in the
 * simulator and is the same for every format, so adding a provider is one class implementing this and one
 * line in {@link ProviderSimulator}'s format list.
 *
 * <p>Implementations are stateless and called concurrently from IO threads: nothing here may block.
 */
interface WireFormat {

    /** The operation this format serves at {@code path}, or null when it serves nothing there. */
    Operation operation(String path);

    /**
     * Whether an unserved {@code path} belongs to this provider's URL space, so its 404 is in this provider's
     * error shape (the first format, OpenAI, answers every other path).
     */
    default boolean owns(String path) {
        return false;
    }

    /** The API key the client presented in this format's way, or null when none. */
    String presentedApiKey(HttpServerExchange exchange);

    /** What the provider says when the key is missing ({@code missing}) or wrong; never echoes the key. */
    String unauthorizedMessage(boolean missing);

    /**
     * Checks the provider makes on headers and query before reading the body (e.g. a required version), after
     * the credential. Throws for calls the real provider refuses.
     */
    default void checkCall(HttpServerExchange exchange) throws InvalidRequestException {}

    /**
     * Reads a request body; throws for bodies the real provider would answer with 400. The model (the source
     * of directives) comes from the body or, for providers that put it in the URL, from {@code path}.
     */
    SimRequest parse(Operation operation, String path, byte[] body) throws InvalidRequestException;

    /** The body of a successful chat answer. */
    byte[] chatResponse(SimRequest request, ChatReply reply, String responseId, long createdEpochSeconds);

    /** The body of a successful embeddings answer. */
    byte[] embeddingsResponse(SimRequest request, String responseId);

    /** The HTTP status this provider answers for {@code kind}; most use {@link ErrorKind#status}. */
    default int status(ErrorKind kind) {
        return kind.status;
    }

    /** The body of an error answer. */
    byte[] error(SimError error);

    /**
     * Adds the provider's rate-limit headers, including retry hints when the call was refused.
     *
     * @param nowMs the simulator clock, for providers that report reset as a point in time
     */
    void rateLimitHeaders(RateLimitState state, long nowMs, HeaderMap responseHeaders);

    /** Adds the provider's per-response headers (e.g. its request id) to every answer, errors included. */
    void responseHeaders(String responseId, HeaderMap responseHeaders);
}
