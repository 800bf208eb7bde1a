package dev.roocode.cli.provider;

import dev.roocode.cli.common.CliException;
import dev.roocode.cli.connection.Connection;
import dev.roocode.schemas.avro.ProviderConfig;
import java.util.Map;
import java.util.TreeMap;

/** Reads and writes ProviderConfig records on the compacted providers topic (key = provider name, tombstone = removed). */
public final class ProviderStore {
    private ProviderStore() {}

    /** Every provider, by name. */
    public static Map<String, ProviderConfig> all(Connection cluster) {
        return new TreeMap<>(cluster.readLatest(cluster.topics().providers()));
    }

    /** The provider {@code name}; a usage error listing the known names otherwise. */
    public static ProviderConfig get(Connection cluster, String name) {
        Map<String, ProviderConfig> all = all(cluster);
        ProviderConfig provider = all.get(name);
        if (provider == null) {
            throw CliException.usage("no provider '" + name + "'"
                    + (all.isEmpty()
                            ? "; add one with 'roocode providers add <type>'"
                            : "; known providers: " + String.join(", ", all.keySet())));
        }
        return provider;
    }

    public static void put(Connection cluster, ProviderConfig provider) {
        cluster.write(cluster.topics().providers(), provider.getName(), provider);
    }

    public static void remove(Connection cluster, String name) {
        cluster.write(cluster.topics().providers(), name, null);
    }
}
