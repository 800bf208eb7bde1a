package dev.roocode.schemas.config;

import dev.roocode.schemas.registry.SchemaRegistryClient;
import dev.roocode.schemas.registry.SchemaRegistryException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a service checks before it makes its Kafka clients, so a broker or registry that is not
 * there yet gives one WARN line every {@link #WARN_EVERY} (instead of each client's reconnect
 * warning every second) and credentials that are refused give one line and exit 2 (instead of a
 * client retrying for ever).
 *
 * <p>The broker is probed with a plain TCP connection (no Kafka client, so no per-attempt log
 * line); once one answers, one Admin call proves the credentials.
 */
public final class StartupChecks {
    private static final Logger log = LoggerFactory.getLogger(StartupChecks.class);
    /** The first warning comes after this long; later ones every {@link #WARN_EVERY}. */
    static final Duration FIRST_WARN = Duration.ofSeconds(10);

    static final Duration WARN_EVERY = Duration.ofSeconds(30);
    private static final Duration PROBE_EVERY = Duration.ofSeconds(1);
    private static final int CONNECT_TIMEOUT_MS = 2_000;

    private StartupChecks() {}

    /**
     * Waits until a TCP connection to one of {@code servers} ({@code host:port}) succeeds, warning
     * while it does not; false when {@code stopping} turned true first.
     */
    public static boolean awaitBroker(List<String> servers, BooleanSupplier stopping) throws InterruptedException {
        String names = String.join(",", servers);
        return await(
                () -> servers.stream().anyMatch(StartupChecks::connects),
                stopping,
                seconds -> log.warn("cannot reach bootstrap servers {} for {} s, still trying", names, seconds));
    }

    /**
     * One Admin call with the service's client settings: refused credentials (SASL) or a missing
     * cluster permission stop the start with one line naming the servers; a timeout only warns
     * (the clients keep trying).
     */
    public static void checkBrokerLogin(Map<String, Object> adminProps, List<String> servers) {
        Map<String, Object> props = new HashMap<>(adminProps);
        props.put(AdminClientConfig.CLIENT_ID_CONFIG, "roocode-startup-check");
        props.putIfAbsent(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000);
        props.putIfAbsent(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 15_000);
        try (Admin admin = Admin.create(props)) {
            admin.describeCluster().clusterId().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof AuthenticationException) {
                throw new StartupException("bootstrap servers " + String.join(",", servers)
                        + " refused the login (security.protocol, sasl.mechanism, sasl.jaas.config): "
                        + firstLine(cause.getMessage()));
            }
            if (cause instanceof AuthorizationException) {
                throw new StartupException("bootstrap servers " + String.join(",", servers)
                        + " refused to describe the cluster: " + firstLine(cause.getMessage()));
            }
            log.warn("bootstrap servers {} answered with an error, going on: {}", servers, firstLine(cause.toString()));
        } catch (TimeoutException e) {
            log.warn("bootstrap servers {} accept connections but gave no cluster id within 30 s; going on", servers);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Waits until the schema registry answers (any answer but 401/403 and 5xx), warning while it does not;
     * 401 or 403 stop the start with one line naming the URL (without user info) and the status. False when
     * {@code stopping} turned true first.
     *
     * @param url the registry's URL as logged, without user info ({@link #registryUrl})
     */
    public static boolean awaitRegistry(
            SchemaRegistryClient registry, String url, String subject, BooleanSupplier stopping)
            throws InterruptedException {
        String[] last = {""};
        return await(
                () -> {
                    try {
                        registry.latest(subject);
                        return true;
                    } catch (SchemaRegistryException e) {
                        int status = e.errorCode() >= 1000 ? e.errorCode() / 100 : e.errorCode();
                        if (status == 401 || status == 403) {
                            throw new StartupException("schema registry " + url + " answered " + status
                                    + (status == 401 ? " Unauthorized" : " Forbidden")
                                    + " (check basic.auth.user.info or the user info of schema.registry.url)");
                        }
                        if (status == 404) {
                            return true; // it answers; the subject appears with the first record written
                        }
                        last[0] = firstLine(e.getMessage());
                        return false;
                    }
                },
                stopping,
                seconds ->
                        log.warn("cannot reach schema registry {} for {} s, still trying ({})", url, seconds, last[0]));
    }

    /** The first registry URL of {@code settings}' schema.registry.url, without user info. */
    public static String registryUrl(Map<String, ?> settings) {
        Object value = settings.get(CommonConfig.SCHEMA_REGISTRY_URL);
        return value == null
                ? "(none)"
                : value.toString().split(",")[0].trim().replaceAll("(?i)^([a-z][a-z0-9+.-]*://)[^/@\\s]*@", "$1");
    }

    private interface Warning {
        void after(long seconds);
    }

    private static boolean await(BooleanSupplier probe, BooleanSupplier stopping, Warning warning)
            throws InterruptedException {
        long start = System.nanoTime();
        long nextWarn = FIRST_WARN.toNanos();
        while (!stopping.getAsBoolean()) {
            if (probe.getAsBoolean()) {
                return true;
            }
            long waited = System.nanoTime() - start;
            if (waited >= nextWarn) {
                warning.after(TimeUnit.NANOSECONDS.toSeconds(waited));
                nextWarn += WARN_EVERY.toNanos();
            }
            Thread.sleep(PROBE_EVERY.toMillis());
        }
        return false;
    }

    private static boolean connects(String server) {
        int colon = server.lastIndexOf(':');
        if (colon < 0) {
            return false;
        }
        String host = server.substring(0, colon).replace("[", "").replace("]", "");
        int port;
        try {
            port = Integer.parseInt(server.substring(colon + 1).trim());
        } catch (NumberFormatException e) {
            return false;
        }
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host.trim(), port), CONNECT_TIMEOUT_MS);
            return true;
        } catch (IOException | IllegalArgumentException e) {
            return false;
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
