package dev.roocode.core.trace;

import org.slf4j.MDC;

/**
 * The SLF4J MDC fields of a job's log lines: set around one record's work (and again in an async
 * completion, which runs on another thread), cleared after with {@link Scope#close()}, so a thread
 * never carries one job's fields into the next job's lines.
 */
public final class LogFields {
    public static final String REQUEST_ID = "requestId";
    public static final String BATCH_ID = "batchId";
    public static final String PROVIDER = "provider";
    public static final String TRACE_ID = "traceId";

    private LogFields() {}

    /** Puts the fields that are non-null; the returned scope removes all four. */
    public static Scope put(String requestId, String batchId, String provider, TraceParent trace) {
        putIfPresent(REQUEST_ID, requestId);
        putIfPresent(BATCH_ID, batchId);
        putIfPresent(PROVIDER, provider);
        putIfPresent(TRACE_ID, trace == null ? null : trace.traceId());
        return Scope.INSTANCE;
    }

    /** Sets or replaces the provider field (known only once the job is routed). */
    public static void provider(String provider) {
        putIfPresent(PROVIDER, provider);
    }

    /** Removes the four fields. */
    public static void clear() {
        MDC.remove(REQUEST_ID);
        MDC.remove(BATCH_ID);
        MDC.remove(PROVIDER);
        MDC.remove(TRACE_ID);
    }

    private static void putIfPresent(String key, String value) {
        if (value == null) {
            MDC.remove(key);
        } else {
            MDC.put(key, value);
        }
    }

    /** For try-with-resources: closing clears the fields. */
    public static final class Scope implements AutoCloseable {
        private static final Scope INSTANCE = new Scope();

        private Scope() {}

        @Override
        public void close() {
            clear();
        }
    }
}
