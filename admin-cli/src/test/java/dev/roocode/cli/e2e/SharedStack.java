package dev.roocode.cli.e2e;

import dev.roocode.cli.embedded.EmbeddedStack;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * An embedded stack shared by the e2e ITs of the test JVM that need nothing of their own from it: started once per
 * {@link Kind}, stopped when the JVM's tests end, so that each IT class does not pay for a start of its own (5-15 s
 * on a loaded 2-core machine). Tests stay independent through batch ids, requestIds, provider and model names of
 * their own; a test that needs anything else (another partition count, its own credentials, {@code sim} active
 * after retiring it) starts its own stack.
 *
 * <p>Use: {@code @RegisterExtension static final SharedStack SHARED = SharedStack.ordinary();}, then {@link #stack()}
 * in a {@code @BeforeAll} (the extension runs first). Do not close the stack.
 */
public final class SharedStack implements BeforeAllCallback {
    /** The stacks there are. */
    public enum Kind {
        /** 4 partitions; simulator provider {@code sim} ACTIVE, offering every model, 32 slots. */
        ORDINARY(4, 32),
        /**
         * 2 partitions, {@code sim} with 16 slots, for ITs that retire {@code sim} (each does, as on a stack of its
         * own) and run providers and models with names of their own.
         */
        SIM_RETIRED(2, 16);

        public final int partitions;
        public final int simulatorConcurrency;

        Kind(int partitions, int simulatorConcurrency) {
            this.partitions = partitions;
            this.simulatorConcurrency = simulatorConcurrency;
        }
    }

    private static final Map<Kind, Shared> SHARED = new EnumMap<>(Kind.class);

    private final Kind kind;

    private SharedStack(Kind kind) {
        this.kind = kind;
    }

    /** The {@link Kind#ORDINARY} stack. */
    public static SharedStack ordinary() {
        return new SharedStack(Kind.ORDINARY);
    }

    /** The {@link Kind#SIM_RETIRED} stack. */
    public static SharedStack simRetired() {
        return new SharedStack(Kind.SIM_RETIRED);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        synchronized (SharedStack.class) {
            SHARED.computeIfAbsent(
                    kind,
                    // the launcher session's store, not the root context's: with failsafe's forkCount > 1 each
                    // class is an execution request of its own, whose end would close the stack under the next one
                    k -> context.getStore(
                                    ExtensionContext.StoreScope.LAUNCHER_SESSION, ExtensionContext.Namespace.GLOBAL)
                            .getOrComputeIfAbsent(
                                    SharedStack.class.getName() + "." + k, name -> Shared.start(k), Shared.class));
        }
    }

    /** The shared stack (started by the time a {@code @BeforeAll} runs). */
    public EmbeddedStack stack() {
        synchronized (SharedStack.class) {
            return SHARED.get(kind).stack;
        }
    }

    /** Started once per JVM and kind; JUnit closes it when the launcher session ends (the JVM's last test is done). */
    private static final class Shared implements AutoCloseable {
        private final EmbeddedStack stack;

        private Shared(EmbeddedStack stack) {
            this.stack = stack;
        }

        static Shared start(Kind kind) {
            try {
                Path dir = Files.createTempDirectory(
                        "roocode-e2e-it-" + kind.name().toLowerCase(Locale.ROOT));
                return new Shared(EmbeddedStack.start(
                        new EmbeddedStack.Options(dir, kind.partitions, kind.simulatorConcurrency), step -> {}));
            } catch (Exception e) {
                throw new IllegalStateException("cannot start the shared embedded stack " + kind, e);
            }
        }

        @Override
        public void close() {
            stack.close();
        }
    }
}
