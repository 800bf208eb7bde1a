package dev.roocode.cli.provider.diagnose;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roocode.cli.testing.SelfSignedHttpsServer;
import dev.roocode.connectors.worker.CredentialResolver;
import dev.roocode.schemas.avro.ModelOffer;
import dev.roocode.schemas.avro.ProviderConfig;
import dev.roocode.schemas.avro.ProviderStatus;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The TLS step of the provider probe against a local HTTPS server with a certificate made by keytool for this run. */
class TlsCheckTest {
    @TempDir
    static Path dir;

    static SelfSignedHttpsServer server;

    @BeforeAll
    static void start() throws Exception {
        server = SelfSignedHttpsServer.start(dir, "dns:localhost");
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void shouldFailOnASelfSignedCertificateThatIsNotInTheTrustStore() {
        List<Step> steps = probe(null).run(provider(server.url("localhost")));

        Step tls = last(steps);
        assertThat(tls.name()).isEqualTo("tls");
        assertThat(tls.status()).isEqualTo(Step.Status.FAIL);
        assertThat(tls.detail())
                .contains("untrusted certificate")
                .contains("CN=roocode-test")
                .contains("is self-signed and not in the trust store");
        assertThat(tls.advice()).contains("trust store").contains("keytool -importcert");
        assertThat(steps).extracting(Step::name).containsExactly("configuration", "dns", "tcp", "tls");
    }

    @Test
    void shouldPassWhenTheTrustStoreHoldsTheCertificate() {
        List<Step> steps = probe(server.trustStore()).run(provider(server.url("localhost")));

        Step tls =
                steps.stream().filter(s -> s.name().equals("tls")).findFirst().orElseThrow();
        assertThat(tls.status()).as(steps.toString()).isEqualTo(Step.Status.OK);
        assertThat(tls.detail()).contains("certificate valid for localhost");
    }

    @Test
    void shouldNameTheHostsOfATrustedCertificateIssuedForAnotherHost() {
        String host = InetAddress.getLoopbackAddress().getHostAddress();

        Step tls = last(probe(server.trustStore()).run(provider(server.url(host))));

        assertThat(tls.status()).isEqualTo(Step.Status.FAIL);
        assertThat(tls.detail()).contains("is not valid for host " + host).contains("it names localhost");
        assertThat(tls.advice()).contains("host name");
    }

    @Test
    void shouldSayWhenThePortAnswersInPlainHttp() throws Exception {
        // like most plain http servers, it answers the ClientHello with a 400 in clear text
        try (Answering plain =
                new Answering("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")) {
            Step tls = last(probe(null).run(provider("https://localhost:" + plain.port() + "/v1")));

            assertThat(tls.status()).isEqualTo(Step.Status.FAIL);
            assertThat(tls.detail()).as(tls.toString()).contains("the server does not speak TLS on this port");
            assertThat(tls.advice()).contains("http://");
        }
    }

    @Test
    void shouldSayWhenTheServerDoesNotAnswerTheHandshake() throws Exception {
        try (Answering silent = new Answering(null)) {
            ProviderProbe probe = new ProviderProbe(
                    new CredentialResolver(Map.<String, String>of()::get), Duration.ofSeconds(1), null);

            Step tls = last(probe.run(provider("https://localhost:" + silent.port() + "/v1")));

            assertThat(tls.status()).isEqualTo(Step.Status.FAIL);
            assertThat(tls.detail()).as(tls.toString()).contains("no TLS answer within");
            assertThat(tls.advice()).contains("speaks https on this port");
        }
    }

    /** Accepts connections on the loopback address and writes {@code answer} to each (null: stays silent). */
    private static final class Answering implements AutoCloseable {
        private final ServerSocket server;
        private final Thread thread;
        private final List<Socket> accepted = new CopyOnWriteArrayList<>();

        Answering(String answer) throws Exception {
            server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
            thread = new Thread(
                    () -> {
                        while (!server.isClosed()) {
                            try {
                                Socket socket = server.accept();
                                accepted.add(socket);
                                if (answer != null) {
                                    socket.getInputStream().read(new byte[512]);
                                    socket.getOutputStream().write(answer.getBytes(StandardCharsets.US_ASCII));
                                    socket.close();
                                }
                            } catch (Exception e) {
                                return;
                            }
                        }
                    },
                    "tls-test-plain");
            thread.setDaemon(true);
            thread.start();
        }

        int port() {
            return server.getLocalPort();
        }

        @Override
        public void close() throws Exception {
            server.close();
            thread.join(2000);
            for (Socket socket : accepted) {
                socket.close();
            }
        }
    }

    private static ProviderProbe probe(KeyStore trustStore) {
        return new ProviderProbe(
                new CredentialResolver(Map.<String, String>of()::get), Duration.ofSeconds(5), trustStore);
    }

    private static Step last(List<Step> steps) {
        return steps.get(steps.size() - 1);
    }

    private static ProviderConfig provider(String endpoint) {
        return ProviderConfig.newBuilder()
                .setName("tls-test")
                .setType("openai-compatible")
                .setStatus(ProviderStatus.DRAFT)
                .setEndpoint(endpoint)
                .setOffers(List.of(ModelOffer.newBuilder()
                        .setModel("gpt-4o-mini")
                        .setProviderModel("gpt-4o-mini")
                        .build()))
                .build();
    }
}
