package dev.roocode.dist;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roocode.api.ApiConfig;
import dev.roocode.connectors.worker.ConnectorsConfig;
import dev.roocode.core.config.Settings;
import dev.roocode.processor.ProcessorConfig;
import dev.roocode.sandbox.registry.RegistryConfig;
import dev.roocode.schemas.config.CommonConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * docker-compose.yml (and the roocode-registry override) agrees with what the distribution accepts:
 * every Roocode service's command names a launcher of {@code bin/} (and a class that exists), every
 * {@code ROOCODE_*} variable is a key its service's {@link ConfigDef} declares or a launcher variable,
 * the settings as a whole are valid for the service, and health checks and published ports use the
 * ports the service serves ({@code http.port}, {@code registry.port}, the simulator's {@code --port}).
 * Read with SnakeYAML (which resolves the {@code <<: *roocode} merge keys as Compose does).
 */
class ComposeFileTest {
    private static final Path ROOT = Path.of("..");
    private static final Path BIN = Path.of("src", "main", "dist", "bin");
    private static final List<String> FILES = List.of("docker-compose.yml", "deploy/compose.roocode-registry.yml");
    /** A shell word that runs a launcher: {@code roocode-processor}, {@code (roocode}, not a class name. */
    private static final Pattern LAUNCHER = Pattern.compile("^[(]*(roocode(-[a-z-]+)?)[);]*$");

    private static final Pattern HEALTH_URL = Pattern.compile("http://[^:/]+:(\\d+)/");

    /** What each launcher's service reads: the ConfigDef its ROOCODE_* variables must be keys of. */
    private static final Map<String, ConfigDef> DEFINITIONS = Map.of(
            "roocode-processor", ProcessorConfig.CONFIG,
            "roocode-connectors", ConnectorsConfig.CONFIG_DEF,
            "roocode-registry", RegistryConfig.CONFIG,
            "roocode-api", ApiConfig.CONFIG,
            // the command takes the shared keys (docs/cli.md); roocode-run-class runs other mains (the simulator)
            "roocode", CommonConfig.define(CommonConfig.Registry.OPTIONAL),
            "roocode-run-class", new ConfigDef());

    @Test
    void shouldNameALauncherOfTheDistributionInEveryRoocodeCommand() throws Exception {
        for (Map.Entry<String, Map<String, Object>> service : roocodeServices().entrySet()) {
            List<String> launchers = launchers(service.getValue());

            assertThat(launchers).as(service.getKey() + " runs a bin/ launcher").isNotEmpty();
            for (String launcher : launchers) {
                assertThat(BIN.resolve(launcher))
                        .as(service.getKey())
                        .isRegularFile()
                        .isExecutable();
            }
            List<String> command = command(service.getValue());
            int runClass = command.indexOf("roocode-run-class");
            if (runClass >= 0) {
                Method main = Class.forName(command.get(runClass + 1)).getMethod("main", String[].class);
                assertThat(Modifier.isStatic(main.getModifiers())).isTrue();
            }
        }
    }

    @Test
    void shouldSetOnlySettingsTheServiceDeclaresWithValidValues() throws Exception {
        for (Map.Entry<String, Map<String, Object>> service : roocodeServices().entrySet()) {
            Map<String, String> env = environment(service.getValue());
            for (String launcher : launchers(service.getValue())) {
                ConfigDef definition = DEFINITIONS.get(launcher);
                assertThat(definition).as(launcher + " has a known ConfigDef").isNotNull();
                Map<String, Object> settings = new HashMap<>(Settings.load(null, env));
                assertThat(definition.names())
                        .as(service.getKey() + ": every ROOCODE_* variable is a key of " + launcher
                                + " or a launcher variable (" + Settings.NOT_SETTINGS + ")")
                        .containsAll(settings.keySet());
                if (!launcher.equals("roocode-run-class")) {
                    // throws, naming the key, on a missing required setting or an invalid value
                    new AbstractConfig(definition, settings, false);
                }
            }
        }
    }

    @Test
    void shouldCheckHealthAndPublishOnThePortsEachServiceServes() throws Exception {
        for (Map.Entry<String, Map<String, Object>> service : roocodeServices().entrySet()) {
            String launcher = launchers(service.getValue()).get(0);
            Map<String, Object> settings = Settings.load(null, environment(service.getValue()));
            List<Integer> served = new ArrayList<>();
            if (launcher.equals("roocode-run-class")) {
                List<String> command = command(service.getValue());
                served.add(Integer.parseInt(command.get(command.indexOf("--port") + 1)));
            } else if (!launcher.equals("roocode")) {
                served.add(port(settings, DEFINITIONS.get(launcher), CommonConfig.HTTP_PORT, launcher));
            }
            if (launcher.equals("roocode-registry")) {
                served.add(port(settings, RegistryConfig.CONFIG, RegistryConfig.REGISTRY_PORT, launcher));
            }
            String health = healthCheck(service.getValue());
            if (health != null) {
                Matcher url = HEALTH_URL.matcher(health);
                assertThat(url.find())
                        .as(service.getKey() + " health check " + health)
                        .isTrue();
                assertThat(Integer.parseInt(url.group(1)))
                        .as(service.getKey() + " checks health where it serves it")
                        .isEqualTo(served.get(0));
            }
            for (Object published : list(service.getValue().get("ports"))) {
                String[] parts = published.toString().split(":");
                assertThat(Integer.parseInt(parts[parts.length - 1]))
                        .as(service.getKey() + " publishes a port it serves")
                        .isIn(served);
            }
        }
    }

    @Test
    void shouldRunTheKafkaVersionRoocodeIsBuiltWith() throws Exception {
        Map<String, Object> kafka =
                map(map(load("docker-compose.yml").get("services")).get("kafka"));

        Properties clients = new Properties();
        try (InputStream in = ConfigDef.class.getResourceAsStream("/kafka/kafka-version.properties")) {
            clients.load(in);
        }

        assertThat(kafka.get("image")).isEqualTo("apache/kafka:" + clients.getProperty("version"));
    }

    @Test
    void shouldDeclareTheComposeShapeTheDocsPromise() throws Exception {
        Map<String, Object> services = map(load("docker-compose.yml").get("services"));

        assertThat(services)
                .containsKeys(
                        "kafka", "schema-registry", "simulator", "roocode-init", "processor", "connectors", "api");
        assertThat(map(map(services.get("connectors")).get("deploy")).get("replicas"))
                .isEqualTo(2);
        Map<String, Object> initDependencies =
                map(map(services.get("roocode-init")).get("depends_on"));
        assertThat(map(initDependencies.get("kafka")).get("condition")).isEqualTo("service_healthy");
        for (String service : List.of("processor", "connectors", "api")) {
            Map<String, Object> dependencies = map(map(services.get(service)).get("depends_on"));
            assertThat(map(dependencies.get("roocode-init")).get("condition"))
                    .isEqualTo("service_completed_successfully");
        }
        for (Map.Entry<String, Object> service : services.entrySet()) {
            if (!service.getKey().equals("roocode-init")) {
                assertThat(map(service.getValue()))
                        .as(service.getKey())
                        .containsEntry("restart", "unless-stopped")
                        .containsKey("healthcheck");
            }
        }
    }

    /** Services of every compose file running the Roocode image, as {@code file/service}. */
    private static Map<String, Map<String, Object>> roocodeServices() throws IOException {
        Map<String, Map<String, Object>> services = new LinkedHashMap<>();
        for (String file : FILES) {
            map(load(file).get("services")).forEach((name, service) -> {
                if (String.valueOf(map(service).get("image")).startsWith("roocode:")) {
                    services.put(file + "/" + name, map(service));
                }
            });
        }
        assertThat(services).isNotEmpty();
        return services;
    }

    private static List<String> launchers(Map<String, Object> service) {
        List<String> launchers = new ArrayList<>();
        for (String word : command(service)) {
            Matcher m = LAUNCHER.matcher(word);
            if (m.matches() && !launchers.contains(m.group(1))) {
                launchers.add(m.group(1));
            }
        }
        return launchers;
    }

    private static List<String> command(Map<String, Object> service) {
        Object command = service.get("command");
        List<String> words = new ArrayList<>();
        if (command instanceof List<?> list) {
            list.forEach(w -> words.addAll(List.of(w.toString().trim().split("\\s+"))));
        } else if (command != null) {
            words.addAll(List.of(command.toString().trim().split("\\s+")));
        }
        return words;
    }

    private static Map<String, String> environment(Map<String, Object> service) {
        Map<String, String> env = new HashMap<>();
        Object environment = service.get("environment");
        if (environment instanceof Map<?, ?> values) {
            values.forEach((k, v) -> env.put(k.toString(), v == null ? "" : v.toString()));
        } else {
            for (Object entry : list(environment)) {
                String[] kv = entry.toString().split("=", 2);
                env.put(kv[0], kv.length > 1 ? kv[1] : "");
            }
        }
        return env;
    }

    private static String healthCheck(Map<String, Object> service) {
        Object healthcheck = service.get("healthcheck");
        if (!(healthcheck instanceof Map<?, ?> check) || Boolean.TRUE.equals(check.get("disable"))) {
            return null;
        }
        return String.join(
                " ", list(check.get("test")).stream().map(Object::toString).toList());
    }

    private static int port(Map<String, Object> settings, ConfigDef definition, String key, String launcher) {
        Object value = settings.get(key);
        if (value != null) {
            return Integer.parseInt(value.toString());
        }
        assertThat(definition.configKeys()).as(launcher + " declares " + key).containsKey(key);
        return (Integer) definition.configKeys().get(key).defaultValue;
    }

    private static Map<String, Object> load(String file) throws IOException {
        try (Reader reader = Files.newBufferedReader(ROOT.resolve(file), StandardCharsets.UTF_8)) {
            return new Yaml().load(reader);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return value == null ? Map.of() : (Map<String, Object>) value;
    }

    private static List<?> list(Object value) {
        return value instanceof List<?> list ? list : value == null ? List.of() : List.of(value);
    }
}
