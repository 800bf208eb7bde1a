package dev.roocode.schemas.trace;

import dev.roocode.core.trace.TraceParent;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Reads and writes the {@value TraceParent#HEADER} header of Kafka records (UTF-8 text, as Kafka
 * clients in other languages and OpenTelemetry's Kafka instrumentation write it). A record without one,
 * or with a malformed one, yields a fresh trace: tracing never fails a record.
 */
public final class TraceHeaders {
    private TraceHeaders() {}

    /** The trace {@code headers} carry (the last {@code traceparent} header), or null when none valid. */
    public static TraceParent read(Headers headers) {
        if (headers == null) {
            return null;
        }
        Header header = headers.lastHeader(TraceParent.HEADER);
        if (header == null || header.value() == null) {
            return null;
        }
        return TraceParent.parse(new String(header.value(), StandardCharsets.UTF_8));
    }

    /** {@link #read}, or a fresh trace when the headers carry none valid. */
    public static TraceParent readOrFresh(Headers headers) {
        TraceParent trace = read(headers);
        return trace == null ? TraceParent.fresh() : trace;
    }

    /** Replaces the {@code traceparent} header of {@code headers} with {@code trace}; returns {@code headers}. */
    public static Headers write(Headers headers, TraceParent trace) {
        headers.remove(TraceParent.HEADER);
        headers.add(TraceParent.HEADER, trace.header().getBytes(StandardCharsets.UTF_8));
        return headers;
    }

    /** New headers holding only {@code trace}. */
    public static Headers of(TraceParent trace) {
        return write(new RecordHeaders(), trace);
    }
}
