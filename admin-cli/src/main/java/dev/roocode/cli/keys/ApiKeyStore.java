package dev.roocode.cli.keys;

import dev.roocode.cli.common.CliException;
import dev.roocode.cli.connection.Connection;
import dev.roocode.schemas.avro.ApiKey;
import java.util.Map;
import java.util.TreeMap;

/** Reads and writes ApiKey records on the compacted api-keys topic (key = key id, tombstone = revoked). */
final class ApiKeyStore {
    private ApiKeyStore() {}

    /** Every key not revoked, by key id. */
    static Map<String, ApiKey> all(Connection cluster) {
        return new TreeMap<>(cluster.readLatest(cluster.topics().apiKeys()));
    }

    static void put(Connection cluster, ApiKey key) {
        cluster.write(cluster.topics().apiKeys(), key.getKeyId(), key);
    }

    /** Revokes {@code keyId}; a usage error when no such key exists. Returns the revoked key. */
    static ApiKey revoke(Connection cluster, String keyId) {
        ApiKey key = all(cluster).get(keyId);
        if (key == null) {
            throw CliException.usage("no API key '" + keyId + "'; 'roocode keys list' shows the ids");
        }
        cluster.write(cluster.topics().apiKeys(), keyId, null);
        return key;
    }
}
