package dev.roocode.cli.help;

import dev.roocode.api.ApiConfig;
import dev.roocode.client.ClientConfig;
import dev.roocode.connectors.worker.ConnectorsConfig;
import dev.roocode.core.config.Settings;
import dev.roocode.processor.ProcessorConfig;
import dev.roocode.sandbox.registry.RegistryConfig;
import dev.roocode.schemas.config.CommonConfig;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.common.config.ConfigDef;

/**
 * Generates docs/configuration.md from the {@link ConfigDef} declarations themselves (the shared
 * keys of {@link CommonConfig}, then each service's own), so the reference cannot drift from the
 * code: {@code ConfigDocsTest} fails when the committed file is stale and rewrites it with
 * {@code -Droocode.docs.update=true}.
 */
public final class ConfigDocs {
    private ConfigDocs() {}

    /** The whole reference as Markdown. */
    public static String markdown() {
        ConfigDef common = CommonConfig.define(CommonConfig.Registry.REQUIRED);
        StringBuilder md = new StringBuilder();
        md.append("# Configuration reference\n\n");
        md.append(
                "Generated from the services' Kafka `ConfigDef` declarations by `dev.roocode.cli.help.ConfigDocs`; do not edit by hand.\n");
        md.append(
                "After changing a setting: `mvn -B -pl admin-cli -am test -Dtest=ConfigDocsTest -Dsurefire.failIfNoSpecifiedTests=false"
                        + " -Droocode.docs.update=true`.\n\n");
        md.append(
                "The processor (`ProcessorMain`), the connectors (`ConnectorsMain`), the schema registry (`RegistryMain`) and the API\n"
                        + "(`ApiMain`) read a\n"
                        + "properties file given as their argument (the distribution's `bin/` launchers pass `config/<service>.properties`),\n");
        md.append(
                "overridden by `ROOCODE_<KEY>` environment variables (`ROOCODE_BOOTSTRAP_SERVERS` sets `bootstrap.servers`).\n");
        md.append("These variables are not settings: "
                + Settings.NOT_SETTINGS.stream()
                        .sorted()
                        .map(v -> "`" + v + "`")
                        .collect(Collectors.joining(", "))
                + " (the master key, and what the launchers and the command read themselves: docs/deploy.md).\n");
        md.append(
                "A missing or invalid value stops the service at start with one line naming the key (exit code 2).\n");
        md.append(
                "Any key not listed here (the other `sasl.*` and `ssl.*` client settings, client tuning) passes through unchanged to\n");
        md.append(
                "every Kafka client of the service: producers, consumers, Kafka Streams and Admin; `producer.*`, `consumer.*` and\n");
        md.append(
                "`admin.*` keys go to that kind of client only, without the prefix. The `roocode` command and the Java client take\n");
        md.append(
                "the same shared keys (the command from a profile, `--config FILE`, `ROOCODE_*` variables and its flags).\n\n");
        md.append("## Shared by every service\n\n");
        md.append(
                "`schema.registry.url` is required by the processor, the client and the command; the connectors need it to run\n");
        md.append("(a test may hand them its registry client instead).\n\n");
        table(md, common, Set.of());
        ConfigDef endpoint = CommonConfig.defineMetrics(CommonConfig.defineHttp(new ConfigDef(), 7071));
        md.append("## Health and metrics endpoint (processor and connectors)\n\n");
        md.append(
                "Both services serve `GET /health/live`, `/health/ready` and `/metrics` (Prometheus format) on one port;\n");
        md.append(
                "`http.port` defaults to 7071 for the processor and 7072 for the connectors (docs/operations.md).\n\n");
        table(md, endpoint, Set.of());
        Set<String> shared = new HashSet<>(common.names());
        shared.addAll(endpoint.names());
        section(md, "Processor", "`dev.roocode.processor.ProcessorConfig`", ProcessorConfig.CONFIG, shared);
        section(
                md,
                "Connectors",
                "`dev.roocode.connectors.worker.ConnectorsConfig`",
                ConnectorsConfig.CONFIG_DEF,
                shared);
        md.append(
                "## API\n\n`dev.roocode.api.ApiConfig` (`bin/roocode-api`, the OpenAI-compatible HTTP API: docs/http-api.md)\n");
        md.append(
                "serves the API, `/health/live`, `/health/ready` and `/metrics` on one port, `http.port` (default 8080), and\n");
        md.append("takes the health and metrics keys above with the shared keys, plus\n\n");
        table(md, ApiConfig.CONFIG, shared);
        md.append(
                "## Schema registry\n\n`dev.roocode.sandbox.registry.RegistryConfig` (`bin/roocode-registry`, the standalone\n");
        md.append(
                "Confluent-compatible registry): the shared cluster keys above (not `topic.prefix` nor the `schema.registry.*` and\n");
        md.append("`basic.auth.user.info` keys, which point at a registry), plus\n\n");
        table(md, RegistryConfig.CONFIG, common.names());
        Set<String> clientOwn = ClientConfig.CONFIG.names().stream()
                .filter(n -> !common.names().contains(n))
                .collect(Collectors.toSet());
        md.append("## Client library\n\n`dev.roocode.client.ClientConfig` ");
        md.append(clientOwn.isEmpty() ? "takes the shared keys only.\n" : "adds:\n\n");
        if (!clientOwn.isEmpty()) {
            table(md, ClientConfig.CONFIG, common.names());
        }
        return md.toString();
    }

    private static void section(StringBuilder md, String title, String type, ConfigDef def, Set<String> shared) {
        md.append("## ").append(title).append("\n\n").append(type).append(": the shared keys above, plus\n\n");
        table(md, def, shared);
    }

    private static void table(StringBuilder md, ConfigDef def, Set<String> skip) {
        md.append("| key | type | default | valid values | importance | description |\n|---|---|---|---|---|---|\n");
        for (ConfigDef.ConfigKey key : def.configKeys().values()) {
            if (skip.contains(key.name)) {
                continue;
            }
            md.append("| `")
                    .append(key.name)
                    .append("` | ")
                    .append(key.type.name().toLowerCase(Locale.ROOT))
                    .append(" | ")
                    .append(defaultOf(key))
                    .append(" | ")
                    .append(key.validator == null ? "" : cell(key.validator.toString()))
                    .append(" | ")
                    .append(key.importance.name().toLowerCase(Locale.ROOT))
                    .append(" | ")
                    .append(cell(key.documentation))
                    .append(" |\n");
        }
        md.append('\n');
    }

    private static String defaultOf(ConfigDef.ConfigKey key) {
        if (key.defaultValue == ConfigDef.NO_DEFAULT_VALUE) {
            return "required";
        }
        if (key.defaultValue == null) {
            return "";
        }
        Object value = key.defaultValue instanceof List<?> list
                ? list.stream().map(String::valueOf).collect(Collectors.joining(","))
                : key.defaultValue;
        // a default computed from the machine (state.dir under java.io.tmpdir) is shown as its recipe
        String text = value.toString().replace(System.getProperty("java.io.tmpdir"), "${java.io.tmpdir}");
        return text.isEmpty() ? "\"\"" : "`" + text + "`";
    }

    private static String cell(String text) {
        return text.replace("|", "\\|").replace("<", "&lt;").replace("\n", " ");
    }
}
