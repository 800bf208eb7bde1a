package dev.roocode.api.auth;

import dev.roocode.api.http.ApiException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;

/**
 * A fixed set of keys given in code (tests, and the embedded stack before any key exists). Compares in
 * constant time.
 */
public final class StaticKeys implements Authenticator {
    private final Map<String, Caller> keys;

    public StaticKeys(Map<String, Caller> keys) {
        this.keys = Map.copyOf(keys);
    }

    @Override
    public Caller authenticate(String bearerKey, InetAddress client) {
        if (bearerKey == null || bearerKey.isEmpty()) {
            throw ApiException.unauthorized("You didn't provide an API key. You need to provide your API key in an "
                    + "Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).");
        }
        byte[] given = bearerKey.getBytes(StandardCharsets.UTF_8);
        Caller found = null;
        for (Map.Entry<String, Caller> e : keys.entrySet()) {
            if (MessageDigest.isEqual(given, e.getKey().getBytes(StandardCharsets.UTF_8))) {
                found = e.getValue();
            }
        }
        if (found == null) {
            throw ApiException.unauthorized("Incorrect API key provided.");
        }
        return found;
    }
}
