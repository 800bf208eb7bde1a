package dev.roocode.core.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * Settings of the processor and connectors mains: a properties file, overridden by environment
 * variables {@code ROOCODE_<KEY>} with {@code _} read as {@code .} and the name lower-cased
 * ({@code ROOCODE_BOOTSTRAP_SERVERS} → {@code bootstrap.servers}). Kafka client settings
 * (security.protocol, sasl.*, ssl.*) pass through as they are. Variables that hold secrets for
 * Roocode itself (the master key) are not settings and are never copied into them, nor are the
 * launchers' own variables ({@code ROOCODE_HEAP_OPTS}, {@code ROOCODE_JVM_OPTS},
 * {@code ROOCODE_LOG_DIR}, {@code ROOCODE_HOME}, ...), which the JVM options and log location
 * come from and which a Kafka client would otherwise receive as unknown settings.
 */
public final class Settings {
    public static final String ENV_PREFIX = "ROOCODE_";
    /** Variables that are not settings: secrets, and what the launchers ({@code bin/}) and the CLI read. */
    public static final Set<String> NOT_SETTINGS = Set.of(
            "ROOCODE_MASTER_KEY",
            "ROOCODE_MASTER_KEY_FILE",
            "ROOCODE_JAVA_OPTS",
            "ROOCODE_SHARED_DIR",
            "ROOCODE_HEAP_OPTS",
            "ROOCODE_JVM_OPTS",
            "ROOCODE_LOG_DIR",
            "ROOCODE_LOG_FORMAT",
            "ROOCODE_LOG4J_OPTS",
            "ROOCODE_HOME",
            "ROOCODE_PROFILE",
            "ROOCODE_CONFIG_DIR");

    private Settings() {}

    /** The file's properties (when {@code file} is not null) overridden by {@code ROOCODE_*} variables of {@code env}. */
    public static Map<String, Object> load(Path file, Map<String, String> env) throws IOException {
        Map<String, Object> settings = new HashMap<>();
        if (file != null) {
            Properties properties = new Properties();
            try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                properties.load(reader);
            }
            properties.stringPropertyNames().forEach(name -> settings.put(name, properties.getProperty(name)));
        }
        env.forEach((name, value) -> {
            if (isSetting(name)) {
                settings.put(key(name), value);
            }
        });
        return settings;
    }

    /**
     * The names (never the values) of the variables of {@code env} that {@link #load} reads as
     * settings, as {@code ROOCODE_X→x.y}, sorted: what a service's start-up line says overrode its file.
     */
    public static List<String> overrides(Map<String, String> env) {
        return env.keySet().stream()
                .filter(Settings::isSetting)
                .sorted()
                .map(name -> name + "→" + key(name))
                .toList();
    }

    private static boolean isSetting(String name) {
        return name.startsWith(ENV_PREFIX) && name.length() > ENV_PREFIX.length() && !NOT_SETTINGS.contains(name);
    }

    private static String key(String name) {
        return name.substring(ENV_PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '.');
    }
}
