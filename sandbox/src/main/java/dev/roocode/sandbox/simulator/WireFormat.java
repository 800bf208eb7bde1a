package dev.roocode.sandbox.simulator;

import io.undertow.util.HeaderMap;
import java.util.Map;

/**
 * One provider's HTTP dialect: which paths it serves, how its request bodies read, how its answers, errors,
 * credentials and rate-limit headers look. Behaviour (latency, faults, limits, counting) lives in the
 * simulator and is the same for every format, so adding a provider is one class implementing this and one
 * line in {@link ProviderSimulator}'s format list.
 *
 * <p>Implementations are stateless and called concurrently from IO threads: nothing here may block.
 */
interface WireFormat {

  /** Exact request paths this format serves, e.g. {@code /v1/chat/completions}, and the operation each is. */
  Map<String, Operation> routes();

  /** The API key the client presented in this format's way, or null when none. */
  String presentedApiKey(HeaderMap requestHeaders);

  /** Reads a request body; throws for bodies the real provider would answer with 400. */
  SimRequest parse(Operation operation, byte[] body) throws InvalidRequestException;

  /** The body of a successful chat answer. */
  byte[] chatResponse(SimRequest request, ChatReply reply, String responseId, long createdEpochSeconds);

  /** The body of a successful embeddings answer. */
  byte[] embeddingsResponse(SimRequest request);

  /** The body of an error answer; the status comes from {@code kind}. */
  byte[] error(ErrorKind kind, String message, String param);

  /** Adds the provider's rate-limit headers, including retry hints when the call was refused. */
  void rateLimitHeaders(RateLimitState state, HeaderMap responseHeaders);

  /** Adds the provider's per-response headers (e.g. its request id) to every answer. */
  void responseHeaders(String responseId, HeaderMap responseHeaders);
}
