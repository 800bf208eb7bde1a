package dev.roocode.schemas.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.types.Password;

/**
 * What a service says about its configuration when it starts: the one start-up line (service,
 * version, where the settings came from, the effective settings with every secret masked, the HTTP
 * address) and the keys nobody knows, which it warns about once, like Kafka's clients do, but for
 * the whole process rather than once per client.
 */
public final class StartupLine {
    /** What a secret is shown as. */
    public static final String HIDDEN = "[hidden]";

    /** Names of settings that hold secrets even when not declared as passwords (ssl.*, sasl.* pass-throughs). */
    private static final Pattern SECRET_KEY = Pattern.compile(
            "(?i).*(password|secret|jaas|user\\.info|token|credential|keystore\\.key|\\.key$|certificate).*");
    /** user:password@ in a URL value. */
    private static final Pattern URL_USER_INFO = Pattern.compile("(?i)([a-z][a-z0-9+.-]*://)[^/@\\s]*@");

    private static final List<String> CLIENT_PREFIXES =
            List.of(ClientProperties.CONSUMER_PREFIX, ClientProperties.PRODUCER_PREFIX, ClientProperties.ADMIN_PREFIX);

    private StartupLine() {}

    /**
     * The start-up line.
     *
     * @param service   e.g. {@code roocode-processor}
     * @param file      the config file read, or null
     * @param overrides the {@code ROOCODE_*} variables that overrode it, names only
     * @param effective the declared settings with their defaults ({@code AbstractConfig#values()})
     * @param originals the settings as given, for the pass-through keys not declared
     * @param http      the address the health endpoint is bound to, or null when it serves none
     */
    public static String of(
            String service,
            String version,
            Path file,
            List<String> overrides,
            Map<String, ?> effective,
            Map<String, ?> originals,
            String http) {
        Map<String, String> shown = new TreeMap<>();
        originals.forEach((key, value) -> shown.put(key, show(key, value)));
        effective.forEach((key, value) -> shown.put(key, show(key, value)));
        return service + " " + version + " starting; config: "
                + (file == null ? "no file" : file.toAbsolutePath().normalize())
                + (overrides.isEmpty() ? "" : " overridden by " + String.join(", ", overrides))
                + "; settings: " + shown
                + "; http: " + (http == null ? "none (http.port=-1)" : http);
    }

    /** A setting as the start-up line shows it: secrets masked, user info removed from URLs. */
    static String show(String key, Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof Password || SECRET_KEY.matcher(key).matches()) {
            return HIDDEN;
        }
        String text = value instanceof List<?> list
                ? String.join(",", list.stream().map(String::valueOf).toList())
                : value.toString();
        return URL_USER_INFO.matcher(text).replaceAll("$1" + HIDDEN + "@");
    }

    /**
     * The settings neither the service ({@code own}) nor any Kafka client it makes knows, sorted;
     * {@code extraKnown} adds e.g. Kafka Streams' keys, {@code extraPrefixes} its client prefixes
     * ({@code main.consumer.}). Prefixed keys ({@code consumer.x}) are checked without their prefix.
     */
    public static List<String> unknownKeys(
            Map<String, ?> settings, ConfigDef own, Set<String> extraKnown, List<String> extraPrefixes) {
        Set<String> known = new HashSet<>(own.names());
        known.addAll(ConsumerConfig.configNames());
        known.addAll(ProducerConfig.configNames());
        known.addAll(AdminClientConfig.configNames());
        known.addAll(extraKnown);
        List<String> prefixes = new ArrayList<>(CLIENT_PREFIXES);
        prefixes.addAll(extraPrefixes);
        return settings.keySet().stream()
                .filter(key -> !known.contains(key))
                .filter(key -> prefixes.stream()
                        .noneMatch(p -> key.startsWith(p) && known.contains(key.substring(p.length()))))
                .sorted()
                .toList();
    }

    /** The warning for one unknown key, in Kafka's words. */
    public static String unknownKeyWarning(String key) {
        return "The configuration '" + key + "' was supplied but isn't a known config (ignored by Roocode and by every"
                + " Kafka client; check its spelling)";
    }
}
