package dev.roocode.dist;

import dev.roocode.api.ApiConfig;
import dev.roocode.connectors.worker.ConnectorsConfig;
import dev.roocode.processor.ProcessorConfig;
import dev.roocode.sandbox.registry.RegistryConfig;
import dev.roocode.schemas.config.CommonConfig;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.common.config.ConfigDef;

/**
 * Generates the distribution's {@code config/<service>.properties} from the services' {@link ConfigDef}s:
 * every key with its documentation, type, default and valid values, commented out at its default,
 * except the keys a service cannot start without, which are set for a broker and registry on this
 * machine. {@code ServiceConfigFilesTest} fails when a committed file is stale and rewrites it with
 * {@code -Droocode.docs.update=true}.
 */
final class ServiceConfigFiles {
    /** A service of the distribution: its launcher's name, main class and configuration. */
    record Service(String name, String mainClass, String configClass, ConfigDef definition, String purpose) {}

    static final List<Service> SERVICES = List.of(
            new Service(
                    "processor",
                    "dev.roocode.processor.ProcessorMain",
                    ProcessorConfig.class.getName(),
                    ProcessorConfig.CONFIG,
                    "the processor (Kafka Streams: router and finalizer)"),
            new Service(
                    "connectors",
                    "dev.roocode.connectors.worker.ConnectorsMain",
                    ConnectorsConfig.class.getName(),
                    ConnectorsConfig.CONFIG_DEF,
                    "the connectors (one worker per ACTIVE provider)"),
            new Service(
                    "registry",
                    "dev.roocode.sandbox.registry.RegistryMain",
                    RegistryConfig.class.getName(),
                    RegistryConfig.CONFIG,
                    "the standalone Confluent-compatible schema registry"),
            new Service(
                    "api",
                    "dev.roocode.api.ApiMain",
                    ApiConfig.class.getName(),
                    ApiConfig.CONFIG,
                    "roocode-api (the OpenAI-compatible HTTP API)"));

    /** Values of the required keys in the shipped files: a broker and a registry on this machine. */
    static final Map<String, String> EXAMPLES = Map.of(
            CommonConfig.BOOTSTRAP_SERVERS,
            "localhost:9092",
            CommonConfig.SCHEMA_REGISTRY_URL,
            "http://localhost:" + RegistryConfig.DEFAULT_PORT);

    private ServiceConfigFiles() {}

    static String properties(Service service) {
        StringBuilder out = new StringBuilder();
        out.append("# config/")
                .append(service.name())
                .append(".properties: settings of ")
                .append(service.purpose())
                .append(",\n# read by bin/roocode-")
                .append(service.name())
                .append(" unless it is given another file.\n")
                .append("#\n")
                .append("# Generated from ")
                .append(service.configClass())
                .append(" by dev.roocode.dist.ServiceConfigFilesTest; every key is listed\n")
                .append("# with its default (commented out). ROOCODE_<KEY> environment variables override this file:\n")
                .append("# ROOCODE_BOOTSTRAP_SERVERS=broker:9092 sets bootstrap.servers. Keys not listed here (other\n")
                .append("# sasl.*, ssl.* and client settings) pass through to every Kafka client of the service.\n")
                .append("# Reference: docs/configuration.md.\n");
        for (ConfigDef.ConfigKey key : service.definition().configKeys().values()) {
            out.append('\n');
            wrap(out, key.documentation);
            out.append("# Type: ").append(key.type.name().toLowerCase(Locale.ROOT));
            if (key.validator != null) {
                out.append("; valid values: ").append(key.validator);
            }
            out.append("; importance: ")
                    .append(key.importance.name().toLowerCase(Locale.ROOT))
                    .append('\n');
            if (key.defaultValue == ConfigDef.NO_DEFAULT_VALUE) {
                out.append("# Required.\n")
                        .append(key.name)
                        .append('=')
                        .append(EXAMPLES.getOrDefault(key.name, ""))
                        .append('\n');
            } else {
                String value = defaultOf(key);
                if (value.contains("${java.io.tmpdir}")) {
                    out.append("# Default: ").append(value).append('\n');
                    value = "";
                }
                out.append('#').append(key.name).append('=').append(value).append('\n');
            }
        }
        return out.toString();
    }

    private static String defaultOf(ConfigDef.ConfigKey key) {
        if (key.defaultValue == null) {
            return "";
        }
        Object value = key.defaultValue instanceof List<?> list
                ? list.stream().map(String::valueOf).collect(Collectors.joining(","))
                : key.defaultValue;
        // a default computed from the machine (state.dir under java.io.tmpdir) is shown as its recipe
        return value.toString().replace(System.getProperty("java.io.tmpdir"), "${java.io.tmpdir}");
    }

    /** The documentation as comment lines of at most about 100 characters. */
    private static void wrap(StringBuilder out, String text) {
        StringBuilder line = new StringBuilder("#");
        for (String word : text.replace('\n', ' ').split(" +")) {
            if (line.length() + word.length() + 1 > 100 && line.length() > 1) {
                out.append(line).append('\n');
                line = new StringBuilder("#");
            }
            line.append(' ').append(word);
        }
        out.append(line).append('\n');
    }
}
