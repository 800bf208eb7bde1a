package dev.roocode.api.auth;

import dev.roocode.api.http.ApiException;
import java.net.InetAddress;

/** Resolves the key of a request to its {@link Caller}. Implementations are thread-safe. */
public interface Authenticator {
    /**
     * @param bearerKey the key from {@code Authorization: Bearer <key>} (or the console's session), null when absent
     * @param client    the address the request came from (for a key's IP allowlist)
     * @return the caller
     * @throws ApiException 401 for a missing or unknown key, 403 for an address the key does not allow, 429 when the
     *                      key is over its rate limit (with Retry-After)
     */
    Caller authenticate(String bearerKey, InetAddress client);

    /** Whether it knows the keys yet (a ring reading its topic is not); the service's /health/ready waits for it. */
    default boolean ready() {
        return true;
    }
}
