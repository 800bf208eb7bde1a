package dev.roocode.cli.provider.diagnose;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The TLS step of {@link ProviderProbe}: a handshake with host name verification, as the HTTP
 * transport makes it, against a trust store (the JVM's unless one is given). When it fails, the
 * step names the cause a person can act on (untrusted or self-signed certificate, wrong host name,
 * expired certificate, a port that does not speak TLS) and says what to do, rather than passing on
 * the JSSE message alone. The certificate the server presented is recorded during the handshake, so
 * the cause can name its subject and issuer even when it was rejected.
 */
final class TlsCheck {
    private static final String TRUST_ADVICE =
            "if this endpoint really uses a private CA or a TLS-intercepting proxy, add that CA to the"
                    + " trust store of the JVM that runs roocode and the connectors (keytool -importcert -cacerts -file CA.pem, or"
                    + " -Djavax.net.ssl.trustStore=FILE); otherwise check the endpoint: this is not a publicly trusted provider certificate";

    private final KeyStore trustStore;
    private final Duration timeout;

    /** {@code trustStore}: the trust anchors to check against; null for the JVM's default trust store. */
    TlsCheck(KeyStore trustStore, Duration timeout) {
        this.trustStore = trustStore;
        this.timeout = timeout;
    }

    Step run(InetAddress address, int port, String host) {
        long start = System.nanoTime();
        Recording trust;
        SSLContext context;
        try {
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(trustStore);
            trust = new Recording(extended(factory.getTrustManagers()));
            context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {trust}, null);
        } catch (GeneralSecurityException e) {
            return Step.fail(
                    "tls",
                    "cannot set up TLS in this JVM: " + e.getMessage(),
                    ms(start),
                    "check the JVM's security settings and trust store");
        }
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket()) {
            socket.connect(new InetSocketAddress(address, port), (int) timeout.toMillis());
            socket.setSoTimeout((int) timeout.toMillis());
            SSLParameters parameters = socket.getSSLParameters();
            if (!host.isEmpty() && Character.isLetter(host.charAt(host.length() - 1))) {
                parameters.setServerNames(List.of(new SNIHostName(host)));
            }
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            socket.setSSLParameters(parameters);
            socket.startHandshake();
            return Step.ok("tls", socket.getSession().getProtocol() + ", certificate valid for " + host, ms(start));
        } catch (IOException e) {
            return failure(e, host, trust.presented, ms(start));
        }
    }

    /** The failed step for {@code e}: what was wrong with the server's certificate or protocol, and what to do. */
    static Step failure(IOException e, String host, X509Certificate[] chain, long millis) {
        String jsse = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        X509Certificate leaf = chain == null || chain.length == 0 ? null : chain[0];
        String certificate = leaf == null
                ? "the server's certificate"
                : "the server's certificate (" + leaf.getSubjectX500Principal().getName() + ")";
        if (has(e, CertificateExpiredException.class) || has(e, CertificateNotYetValidException.class)) {
            String validity = leaf == null
                    ? ""
                    : " (valid " + leaf.getNotBefore().toInstant() + " to "
                            + leaf.getNotAfter().toInstant() + ")";
            return Step.fail(
                    "tls",
                    "handshake failed: " + certificate + " is outside its validity period" + validity,
                    millis,
                    "the server's certificate must be renewed, or this machine's clock is wrong");
        }
        if (has(e, CertPathBuilderException.class) || has(e, CertPathValidatorException.class)) {
            boolean selfSigned = leaf != null
                    && chain.length == 1
                    && leaf.getSubjectX500Principal().equals(leaf.getIssuerX500Principal());
            String why = selfSigned
                    ? certificate + " is self-signed and not in the trust store"
                    : certificate + " is issued by "
                            + (leaf == null
                                    ? "a CA"
                                    : leaf.getIssuerX500Principal().getName())
                            + ", which is not trusted here (its CA is not in the trust store)";
            return Step.fail("tls", "handshake failed: untrusted certificate: " + why, millis, TRUST_ADVICE);
        }
        if (has(e, CertificateException.class)
                && leaf != null
                && (jsse.contains("No subject alternative") || jsse.contains("No name matching"))) {
            return Step.fail(
                    "tls",
                    "handshake failed: " + certificate + " is not valid for host " + host + " (it names "
                            + String.join(", ", names(leaf)) + ")",
                    millis,
                    "use a host name the certificate names in the endpoint, or have the server present a certificate for "
                            + host);
        }
        if (e instanceof SSLException
                && (jsse.contains("Unsupported or unrecognized SSL message") || jsse.contains("plaintext"))) {
            return Step.fail(
                    "tls",
                    "handshake failed: the server does not speak TLS on this port",
                    millis,
                    "use http:// in the endpoint if the server is plain http, or the port where it serves https");
        }
        if (e instanceof SocketTimeoutException) {
            return Step.fail(
                    "tls",
                    "handshake failed: no TLS answer within " + millis + " ms",
                    millis,
                    "check that the server speaks https on this port (use http:// for a plain http server) and is not overloaded");
        }
        return Step.fail(
                "tls",
                "handshake failed: " + jsse,
                millis,
                "check the certificate (a TLS-intercepting proxy needs its CA in the JVM trust store) and that the port speaks https");
    }

    private static boolean has(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    private static List<String> names(X509Certificate certificate) {
        List<String> names = new ArrayList<>();
        try {
            Collection<List<?>> alternatives = certificate.getSubjectAlternativeNames();
            if (alternatives != null) {
                alternatives.forEach(name -> names.add(String.valueOf(name.get(1))));
            }
        } catch (CertificateParsingException e) {
            // fall back to the subject below
        }
        if (names.isEmpty()) {
            names.add(certificate.getSubjectX500Principal().getName());
        }
        return names;
    }

    private static X509ExtendedTrustManager extended(TrustManager[] managers) throws GeneralSecurityException {
        for (TrustManager manager : managers) {
            if (manager instanceof X509ExtendedTrustManager extended) {
                return extended;
            }
        }
        throw new GeneralSecurityException("no X.509 trust manager");
    }

    private static long ms(long startNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    }

    /** Delegates every check, keeping the chain the server presented so a failure can describe it. */
    private static final class Recording extends X509ExtendedTrustManager {
        private final X509ExtendedTrustManager delegate;
        private volatile X509Certificate[] presented;

        Recording(X509ExtendedTrustManager delegate) {
            this.delegate = delegate;
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            presented = chain;
            delegate.checkServerTrusted(chain, authType, socket);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            presented = chain;
            delegate.checkServerTrusted(chain, authType, engine);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            presented = chain;
            delegate.checkServerTrusted(chain, authType);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            delegate.checkClientTrusted(chain, authType, socket);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            delegate.checkClientTrusted(chain, authType, engine);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            delegate.checkClientTrusted(chain, authType);
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return delegate.getAcceptedIssuers();
        }
    }
}
