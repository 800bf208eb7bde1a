package dev.roocode.schemas.registry;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The TLS trust of the registry client when the registry's certificate is not in the JVM's default
 * trust store (a private CA): a trust store file, as Confluent's clients take it.
 */
final class RegistryTls {
    private RegistryTls() {}

    /**
     * An SSL context trusting the certificates in the store at {@code location}.
     *
     * @throws IllegalArgumentException (one line, naming {@code key} but never the password) when the store cannot be read
     */
    static SSLContext trusting(String key, String location, String password, String type) {
        try (InputStream in = Files.newInputStream(Path.of(location))) {
            KeyStore store = KeyStore.getInstance(type == null || type.isBlank() ? KeyStore.getDefaultType() : type);
            store.load(in, password == null ? null : password.toCharArray());
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot read the trust store " + key + "=" + location + ": "
                    + (e.getMessage() == null
                            ? e.getClass().getSimpleName()
                            : e.getMessage().lines().findFirst().orElse("")));
        }
    }
}
