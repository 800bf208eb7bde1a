package dev.roocode.sandbox.kafka;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * The broker's SASL_SSL listener with mechanism SCRAM-SHA-512, the way a secured production cluster
 * is set up: a TLS certificate (self-signed, made at start by the JDK's {@code keytool}, so no private
 * key is ever checked in), SCRAM credentials (written into the KRaft bootstrap records when the
 * directory is formatted), and the KRaft {@code StandardAuthorizer} with no access unless an ACL
 * grants it.
 *
 * <p>The PLAINTEXT and CONTROLLER listeners stay: the broker talks to itself (and its controller) on
 * them as {@code User:ANONYMOUS}, which is therefore the broker's own principal and a super user, as
 * is {@code User:admin}. Tests reach the secured cluster only through {@link #clientProperties}.
 */
final class ScramSslListener {
    static final String LISTENER = "SASL_SSL";
    static final String MECHANISM = "SCRAM-SHA-512";
    static final String AUTHORIZER = "org.apache.kafka.metadata.authorizer.StandardAuthorizer";
    /** The principal of the PLAINTEXT and CONTROLLER listeners, i.e. of the broker itself. */
    static final String BROKER_PRINCIPAL = "User:ANONYMOUS";

    static final String ADMIN_PRINCIPAL = "User:admin";
    /** Keeps user names and passwords free of what the bootstrap-record and JAAS syntaxes would need quoted. */
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private final Map<String, String> users;
    private Path directory;
    private Path keyStore;
    private Path trustStore;
    private String storePassword;

    ScramSslListener(Map<String, String> users) {
        this.users = Map.copyOf(users);
    }

    static void requireSafe(String user, String password) {
        if (user == null
                || !SAFE.matcher(user).matches()
                || password == null
                || !SAFE.matcher(password).matches()) {
            throw new IllegalArgumentException(
                    "a SCRAM user name and password must match " + SAFE.pattern() + " (this is a test broker)");
        }
    }

    /** The {@code kafka-storage format --add-scram} arguments that create every user at format time. */
    List<String> scramArguments() {
        List<String> arguments = new ArrayList<>();
        users.forEach((user, password) -> arguments.add(MECHANISM + "=[name=" + user + ",password=" + password + "]"));
        return arguments;
    }

    Map<String, String> users() {
        return users;
    }

    /** Makes the key and trust stores in a folder of their own (the data directory is the broker's alone). */
    void createStores() throws IOException {
        directory = Files.createTempDirectory("roocode-kafka-tls-");
        storePassword = UUID.randomUUID().toString();
        keyStore = directory.resolve("broker.p12");
        trustStore = directory.resolve("truststore.p12");
        keytool(
                "-genkeypair",
                "-alias",
                "broker",
                "-keyalg",
                "EC",
                "-groupname",
                "secp256r1",
                "-dname",
                "CN=localhost, O=Roocode test broker",
                "-ext",
                "SAN=dns:localhost,ip:127.0.0.1",
                "-validity",
                "2",
                "-storetype",
                "PKCS12",
                "-keystore",
                keyStore.toString(),
                "-storepass",
                storePassword,
                "-keypass",
                storePassword,
                "-noprompt");
        try {
            KeyStore keys = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(keyStore)) {
                keys.load(in, storePassword.toCharArray());
            }
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("roocode-test-broker", keys.getCertificate("broker"));
            try (OutputStream out = Files.newOutputStream(trustStore)) {
                trust.store(out, storePassword.toCharArray());
            }
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot build the test broker's trust store: " + e.getMessage(), e);
        }
    }

    /** Deletes the stores; idempotent. */
    void deleteStores() {
        if (directory == null) {
            return;
        }
        for (Path file : new Path[] {keyStore, trustStore, directory}) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                // a temporary folder; nothing secret outlives the test run beyond a throwaway key
            }
        }
        directory = null;
    }

    /** Adds the listener on {@code port}, its TLS and SASL settings, and the authorizer. */
    void addTo(Map<String, String> p, int port) {
        p.put("listeners", p.get("listeners") + "," + LISTENER + "://localhost:" + port);
        p.put("advertised.listeners", p.get("advertised.listeners") + "," + LISTENER + "://localhost:" + port);
        p.put("listener.security.protocol.map", p.get("listener.security.protocol.map") + "," + LISTENER + ":SASL_SSL");
        String prefix = "listener.name." + LISTENER.toLowerCase(Locale.ROOT) + ".";
        p.put(prefix + "sasl.enabled.mechanisms", MECHANISM);
        p.put(
                prefix + MECHANISM.toLowerCase(Locale.ROOT) + ".sasl.jaas.config",
                "org.apache.kafka.common.security.scram.ScramLoginModule required;");
        p.put(prefix + "ssl.keystore.type", "PKCS12");
        p.put(prefix + "ssl.keystore.location", keyStore.toString());
        p.put(prefix + "ssl.keystore.password", storePassword);
        p.put(prefix + "ssl.key.password", storePassword);
        String enabled = p.get("sasl.enabled.mechanisms");
        p.put("sasl.enabled.mechanisms", enabled == null ? MECHANISM : enabled + "," + MECHANISM);
        p.put("authorizer.class.name", AUTHORIZER);
        p.put("super.users", BROKER_PRINCIPAL + ";" + ADMIN_PRINCIPAL);
        p.put("allow.everyone.if.no.acl.found", "false");
    }

    /** Client settings for {@code user} on this listener; the password may be anything (wrong-password tests). */
    Map<String, Object> clientProperties(String bootstrapServers, String user, String password) {
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("bootstrap.servers", bootstrapServers);
        props.put("security.protocol", "SASL_SSL");
        props.put("sasl.mechanism", MECHANISM);
        props.put(
                "sasl.jaas.config",
                "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user + "\" password=\""
                        + password + "\";");
        props.put("ssl.truststore.type", "PKCS12");
        props.put("ssl.truststore.location", trustStore.toString());
        props.put("ssl.truststore.password", storePassword);
        return props;
    }

    private static void keytool(String... arguments) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IOException("keytool failed: " + new String(output, StandardCharsets.UTF_8).strip());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IOException("interrupted while running keytool", e);
        }
    }
}
