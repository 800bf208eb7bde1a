package dev.roocode.cli.connection;

import dev.roocode.cli.common.CliContext;
import dev.roocode.cli.common.CliException;
import dev.roocode.cli.common.DurationConverter;
import dev.roocode.core.config.Settings;
import dev.roocode.schemas.config.CommonConfig;
import dev.roocode.schemas.topic.Topics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigException;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Where the cluster is: the options every cluster command shares. Settings are layered, later
 * layers winning: the profile ({@code --profile}, else $ROOCODE_PROFILE, else {@code default} when
 * saved), the {@code --config} properties file, {@code ROOCODE_*} environment variables (read by
 * {@link Settings}: ROOCODE_BOOTSTRAP_SERVERS → bootstrap.servers), then these flags.
 */
public final class ConnectionOptions {
    /** Environment variables that choose, rather than hold, settings. */
    private static final Set<String> NOT_CLIENT_SETTINGS = Set.of("profile", "config.dir");

    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    @Option(
            names = "--profile",
            paramLabel = "NAME",
            description = "Connection profile saved by 'roocode login' (default: $ROOCODE_PROFILE, else 'default').")
    String profile;

    @Option(
            names = "--config",
            paramLabel = "FILE.properties",
            description =
                    "Properties file with bootstrap.servers, schema.registry.url, security.protocol, sasl.*, ssl.*, topic.prefix.")
    Path configFile;

    @Option(
            names = {"-b", "--bootstrap-servers"},
            paramLabel = "HOST:PORT[,...]",
            description = "Kafka brokers (overrides profile, file and ROOCODE_BOOTSTRAP_SERVERS).")
    String bootstrapServers;

    @Option(
            names = "--schema-registry-url",
            paramLabel = "URL",
            description = "Schema registry URL (overrides profile, file and ROOCODE_SCHEMA_REGISTRY_URL).")
    String schemaRegistryUrl;

    @Option(
            names = "--topic-prefix",
            paramLabel = "PREFIX",
            description = "Prefix of Roocode's topics (default: roocode.).")
    String topicPrefix;

    @Option(
            names = "--request-timeout",
            paramLabel = "DURATION",
            defaultValue = "10s",
            converter = DurationConverter.class,
            description = "How long to wait for the cluster or registry before giving up (default: 10s).")
    Duration requestTimeout;

    /** The layered settings; throws a one-line error when no cluster is configured. */
    public Map<String, Object> settings() {
        Map<String, Object> settings = layered();
        Object servers = settings.get(Connection.BOOTSTRAP_SERVERS);
        if (servers == null || servers.toString().isBlank()) {
            throw CliException.usage(
                    "no Kafka cluster configured: run 'roocode login --bootstrap-servers HOST:PORT --schema-registry-url URL',"
                            + " pass --bootstrap-servers, or set ROOCODE_BOOTSTRAP_SERVERS (a local one: 'roocode sandbox')");
        }
        try {
            // the shared keys are checked as every service checks them, before any connection is tried
            new AbstractConfig(CommonConfig.define(CommonConfig.Registry.OPTIONAL), settings, false);
        } catch (ConfigException e) {
            throw CliException.usage(e.getMessage());
        }
        return settings;
    }

    /** The topic names these settings give, without needing a cluster (for output that does not connect). */
    public Topics topics() {
        Object prefix = layered().get(Connection.TOPIC_PREFIX);
        return Topics.withPrefix(prefix == null ? null : prefix.toString());
    }

    private Map<String, Object> layered() {
        CliContext context = CliContext.of(mixee);
        Map<String, Object> settings = new LinkedHashMap<>();
        String name = profile != null ? profile : context.env().get("ROOCODE_PROFILE");
        Profiles profiles = new Profiles(context.configDir(), context::masterKeys);
        if (name != null) {
            settings.putAll(profiles.load(name));
        } else if (profiles.exists(Profiles.DEFAULT)) {
            settings.putAll(profiles.load(Profiles.DEFAULT));
        }
        if (configFile != null && !Files.isRegularFile(configFile)) {
            throw CliException.usage("no such config file: " + configFile);
        }
        try {
            Settings.load(configFile, context.env()).forEach((key, value) -> {
                if (!NOT_CLIENT_SETTINGS.contains(key)) {
                    settings.put(key, value);
                }
            });
        } catch (IOException e) {
            throw CliException.usage("cannot read config file " + configFile + ": " + e.getMessage());
        }
        putIfSet(settings, Connection.BOOTSTRAP_SERVERS, bootstrapServers);
        putIfSet(settings, Connection.SCHEMA_REGISTRY_URL, schemaRegistryUrl);
        putIfSet(settings, Connection.TOPIC_PREFIX, topicPrefix);
        return settings;
    }

    /** Connects: checks that the cluster answers within the request timeout. */
    public Connection connect() {
        Connection connection = new Connection(settings(), requestTimeout);
        try {
            connection.checkReachable();
            return connection;
        } catch (RuntimeException e) {
            connection.close();
            throw e;
        }
    }

    public Duration requestTimeout() {
        return requestTimeout;
    }

    private static void putIfSet(Map<String, Object> settings, String key, String value) {
        if (value != null && !value.isBlank()) {
            settings.put(key, value.trim());
        }
    }
}
