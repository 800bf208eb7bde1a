package dev.roocode.cli.api;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import dev.roocode.api.ApiServices;
import dev.roocode.api.auth.Caller;
import dev.roocode.api.auth.StaticKeys;
import dev.roocode.cli.admin.ClusterProviderAdminFactory;
import dev.roocode.cli.embedded.EmbeddedStack;
import dev.roocode.connectors.worker.CredentialResolver;
import dev.roocode.core.secret.MasterKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One embedded Roocode (broker, registry, simulator provider {@code sim}, processor, connectors) with
 * roocode-api on a free port, shared by every API IT of the test JVM (started once, stopped when the JVM's
 * tests end) so that each IT class does not pay for a stack of its own. Keys: {@link #TENANT_A_KEY} (tenant
 * {@code acme}), {@link #TENANT_B_KEY} (tenant {@code globex}) and {@link #ADMIN_KEY}.
 *
 * <p>Use: {@code @RegisterExtension static final ApiStack API = new ApiStack();}, then {@link #client(String)}.
 */
public final class ApiStack implements BeforeAllCallback {
    public static final String TENANT_A = "acme";
    public static final String TENANT_B = "globex";
    public static final String TENANT_A_KEY = "sk-test-acme-0123456789abcdef";
    public static final String TENANT_B_KEY = "sk-test-globex-0123456789abcdef";
    public static final String ADMIN_KEY = "sk-test-admin-0123456789abcdef";
    /**
     * The master key the API's provider operations (admin endpoints, console) encrypt keys under, and the stack's
     * connectors decrypt them with, as one deployment's services share it: 32 bytes, base64.
     */
    public static final String MASTER_KEY = "Y29uc29sZS10ZXN0LW1hc3Rlci1rZXktMzJieXRlcyE=";

    private static Shared shared;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        synchronized (ApiStack.class) {
            if (shared == null) {
                // the launcher session's store, not the root context's: with failsafe's forkCount > 1 each class
                // is an execution request of its own, whose end would close the stack under the next class
                shared = context.getStore(
                                ExtensionContext.StoreScope.LAUNCHER_SESSION, ExtensionContext.Namespace.GLOBAL)
                        .getOrComputeIfAbsent(Shared.class, k -> Shared.start(), Shared.class);
            }
        }
    }

    /** The embedded stack (its topics, registry, simulator). */
    public EmbeddedStack stack() {
        return shared.stack;
    }

    /** The API's base URL, {@code http://127.0.0.1:PORT/v1}. */
    public String baseUrl() {
        return shared.api.baseUrl();
    }

    /** The web console, {@code http://127.0.0.1:PORT/console}. */
    public String consoleUrl() {
        return shared.api.consoleUrl();
    }

    /** An official openai-java client on the API with {@code key}, no retries (a test sees every answer). */
    public OpenAIClient client(String key) {
        return OpenAIOkHttpClient.builder()
                .baseUrl(baseUrl())
                .apiKey(key)
                .maxRetries(0)
                .timeout(Duration.ofSeconds(60))
                .build();
    }

    /** Started once per JVM; JUnit closes it when the launcher session ends (the JVM's last test is done). */
    private static final class Shared implements AutoCloseable {
        private final EmbeddedStack stack;
        private final ApiServices api;

        private Shared(EmbeddedStack stack, ApiServices api) {
            this.stack = stack;
            this.api = api;
        }

        static Shared start() {
            try {
                Path dir = Files.createTempDirectory("roocode-api-it");
                EmbeddedStack stack = EmbeddedStack.start(
                        new EmbeddedStack.Options(dir, 4, 64),
                        step -> {},
                        new CredentialResolver(
                                name -> MasterKeys.ENV_KEY.equals(name) ? MASTER_KEY : System.getenv(name)));
                ApiServices api = stack.startApi(
                        0,
                        new StaticKeys(Map.of(
                                TENANT_A_KEY, new Caller("key-acme", TENANT_A, false),
                                TENANT_B_KEY, new Caller("key-globex", TENANT_B, false),
                                ADMIN_KEY, new Caller("key-admin", null, true))),
                        new ClusterProviderAdminFactory(Map.of(MasterKeys.ENV_KEY, MASTER_KEY)));
                return new Shared(stack, api);
            } catch (Exception e) {
                throw new IllegalStateException("cannot start the embedded stack with roocode-api", e);
            }
        }

        @Override
        public void close() {
            stack.close();
        }
    }
}
