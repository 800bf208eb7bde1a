package dev.roocode.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The registry client over https with a private CA, trusted through schema.registry.ssl.truststore.*. */
class RegistryTlsTest {
    private static final String PASSWORD = "store-pass";

    @TempDir
    Path dir;

    @Test
    void shouldReachAnHttpsRegistryWhoseCertificateIsInTheConfiguredTrustStore() throws Exception {
        Path keystore = dir.resolve("server.p12");
        Path cert = dir.resolve("server.crt");
        Path truststore = dir.resolve("trust.p12");
        keytool(
                "-genkeypair",
                "-alias",
                "registry",
                "-keyalg",
                "RSA",
                "-keysize",
                "2048",
                "-dname",
                "CN=localhost",
                "-ext",
                "SAN=dns:localhost,ip:127.0.0.1",
                "-validity",
                "2",
                "-storetype",
                "PKCS12",
                "-keystore",
                keystore.toString(),
                "-storepass",
                PASSWORD);
        keytool(
                "-exportcert",
                "-alias",
                "registry",
                "-keystore",
                keystore.toString(),
                "-storepass",
                PASSWORD,
                "-file",
                cert.toString());
        keytool(
                "-importcert",
                "-noprompt",
                "-alias",
                "ca",
                "-file",
                cert.toString(),
                "-storetype",
                "PKCS12",
                "-keystore",
                truststore.toString(),
                "-storepass",
                PASSWORD);

        HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(serverContext(keystore)));
        server.createContext("/", exchange -> {
            try (exchange) {
                byte[] body = "{\"is_compatible\":true}".getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "application/vnd.schemaregistry.v1+json");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            }
        });
        server.start();
        try {
            String url = "https://localhost:" + server.getAddress().getPort();
            SchemaRegistryClient trusting = RestSchemaRegistryClient.fromConfig(Map.of(
                    "schema.registry.url",
                    url,
                    "schema.registry.ssl.truststore.location",
                    truststore.toString(),
                    "schema.registry.ssl.truststore.password",
                    PASSWORD,
                    "schema.registry.ssl.truststore.type",
                    "PKCS12"));
            assertThat(trusting.isCompatible("jobs-value", Schema.create(Schema.Type.STRING)))
                    .isTrue();

            SchemaRegistryClient untrusting = RestSchemaRegistryClient.fromConfig(Map.of("schema.registry.url", url));
            assertThatThrownBy(() -> untrusting.isCompatible("jobs-value", Schema.create(Schema.Type.STRING)))
                    .as("the JVM's default trust store does not hold the private CA")
                    .isInstanceOf(SchemaRegistryException.class);
        } finally {
            server.stop(0);
        }
    }

    @Test
    void shouldRejectAnUnreadableTrustStoreInOneLineNamingTheKeyButNotThePassword() {
        assertThatThrownBy(() -> RestSchemaRegistryClient.fromConfig(Map.of(
                        "schema.registry.url", "https://registry:8081",
                        "schema.registry.ssl.truststore.location",
                                dir.resolve("missing.p12").toString(),
                        "schema.registry.ssl.truststore.password", "very-secret")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("schema.registry.ssl.truststore.location")
                .hasMessageNotContaining("very-secret")
                .hasMessageNotContaining("\n");
    }

    private static SSLContext serverContext(Path keystore) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            store.load(in, PASSWORD.toCharArray());
        }
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, PASSWORD.toCharArray());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), null, null);
        return context;
    }

    private static void keytool(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
    }
}
