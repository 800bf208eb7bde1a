package dev.roocode.cli.batch;

import dev.roocode.cli.connection.Connection;
import dev.roocode.core.trace.TraceParent;
import dev.roocode.schemas.avro.AttemptFailed;
import dev.roocode.schemas.avro.AttemptRecord;
import dev.roocode.schemas.avro.AttemptSucceeded;
import dev.roocode.schemas.avro.DeadLetter;
import dev.roocode.schemas.avro.DispatchedJob;
import dev.roocode.schemas.avro.Result;
import dev.roocode.schemas.topic.TopicSpec;
import dev.roocode.schemas.topic.Topics;
import dev.roocode.schemas.trace.TraceHeaders;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * A request's hops read back from the topics, in time order: the job accepted on jobs, each dispatch to a provider,
 * each attempt's outcome (latency, calls, error class) on outcomes or fallback, dead letters and the Result. Roocode's
 * own topics are read only on the requestId's partition (they are keyed by it with the Java partitioner); the jobs
 * topic whole, since a client may partition differently. Retention decides how far back this reaches.
 */
final class RequestTrace {
    /**
     * One hop. {@code event}: accepted, dispatched, succeeded, failed, dead-letter or result; the other fields are null
     * where the hop has no such thing.
     */
    record Hop(
            Instant time,
            String topic,
            String event,
            String provider,
            Integer attempt,
            Long latencyMs,
            Integer calls,
            String errorClass,
            Integer httpStatus,
            String traceId,
            String detail) {}

    private RequestTrace() {}

    /** The hops of {@code requestId}, oldest first; empty when no topic has a record of it. */
    static List<Hop> read(Connection cluster, String requestId) {
        Topics topics = cluster.topics();
        List<Hop> hops = new ArrayList<>();
        Set<String> replyTopics = new LinkedHashSet<>();
        replyTopics.add(topics.results().name());
        scan(cluster, topics.jobs(), requestId, null, true, hops, (record, job) -> {
            if (job.getReplyTo() != null) {
                replyTopics.add(job.getReplyTo());
            }
            return hop(record, "accepted", null, null, null, null, null, null, "model " + job.getModel());
        });
        for (String provider : cluster.readLatest(topics.providers()).keySet()) {
            scan(cluster, topics.dispatch(provider), requestId, requestId, false, hops, RequestTrace::dispatched);
        }
        scan(cluster, topics.outcomes(), requestId, requestId, false, hops, RequestTrace::succeeded);
        scan(cluster, topics.fallback(), requestId, requestId, false, hops, RequestTrace::failed);
        scan(cluster, topics.dlq(), requestId, requestId, false, hops, RequestTrace::deadLetter);
        for (String topic : replyTopics) {
            scan(cluster, topics.replies(topic), requestId, requestId, false, hops, RequestTrace::result);
        }
        hops.sort(Comparator.comparing(Hop::time));
        return hops;
    }

    /** The distinct trace ids of {@code hops}, in order of appearance (one, unless a hop lost its header). */
    static List<String> traceIds(List<Hop> hops) {
        return hops.stream()
                .map(Hop::traceId)
                .filter(id -> id != null)
                .distinct()
                .toList();
    }

    private interface HopOf<V> {
        Hop of(ConsumerRecord<String, byte[]> record, V value);
    }

    private static <V extends SpecificRecord> void scan(
            Connection cluster,
            TopicSpec<V> topic,
            String requestId,
            String partitionKey,
            boolean required,
            List<Hop> hops,
            HopOf<V> hopOf) {
        Function<byte[], V> decode =
                bytes -> topic.valueSerde(cluster.registry()).deserialize(topic.name(), bytes);
        cluster.scanRecords(topic.name(), partitionKey, required, record -> {
            if (!requestId.equals(record.key()) || record.value() == null) {
                return;
            }
            V value;
            try {
                value = decode.apply(record.value());
            } catch (RuntimeException e) {
                hops.add(hop(record, "undecodable", null, null, null, null, null, null, oneLine(e.getMessage())));
                return;
            }
            hops.add(hopOf.of(record, value));
        });
    }

    private static Hop dispatched(ConsumerRecord<String, byte[]> record, DispatchedJob dispatched) {
        var assignment = dispatched.getAssignment();
        return hop(
                record,
                "dispatched",
                assignment.getProvider(),
                assignment.getAttempt(),
                null,
                null,
                null,
                null,
                "model " + assignment.getProviderModel() + ", strategy " + assignment.getStrategy());
    }

    private static Hop succeeded(ConsumerRecord<String, byte[]> record, AttemptSucceeded success) {
        AttemptRecord attempt = success.getAttempt();
        return hop(
                record,
                "succeeded",
                attempt.getProvider(),
                attempt.getAttempt(),
                attempt.getLatencyMs(),
                attempt.getCalls(),
                null,
                attempt.getHttpStatus(),
                null);
    }

    private static Hop failed(ConsumerRecord<String, byte[]> record, AttemptFailed failure) {
        AttemptRecord attempt = failure.getAttempt();
        return hop(
                record,
                "failed",
                attempt.getProvider(),
                attempt.getAttempt(),
                attempt.getLatencyMs(),
                attempt.getCalls(),
                String.valueOf(failure.getError().getErrorClass()),
                failure.getError().getHttpStatus(),
                oneLine(failure.getError().getMessage())
                        + (failure.getRetryable() ? "" : " (not retryable elsewhere)"));
    }

    private static Hop deadLetter(ConsumerRecord<String, byte[]> record, DeadLetter letter) {
        return hop(
                record,
                "dead-letter",
                null,
                null,
                null,
                null,
                String.valueOf(letter.getErrorClass()),
                null,
                oneLine(letter.getReason()));
    }

    private static Hop result(ConsumerRecord<String, byte[]> record, Result result) {
        String detail = result.getError() == null
                ? String.format("%s, %d tokens, $%.6f", result.getStatus(), tokensOf(result), result.getCostUsd())
                : result.getStatus() + ": " + oneLine(result.getError().getMessage());
        return hop(
                record,
                "result",
                result.getProvider(),
                result.getAttempts().size(),
                result.getLatencyMs(),
                null,
                result.getError() == null
                        ? null
                        : String.valueOf(result.getError().getErrorClass()),
                result.getError() == null ? null : result.getError().getHttpStatus(),
                detail);
    }

    private static long tokensOf(Result result) {
        return result.getOutput() == null || result.getOutput().getUsage() == null
                ? 0
                : result.getOutput().getUsage().getTotalTokens();
    }

    private static Hop hop(
            ConsumerRecord<String, byte[]> record,
            String event,
            String provider,
            Integer attempt,
            Long latencyMs,
            Integer calls,
            String errorClass,
            Integer httpStatus,
            String detail) {
        TraceParent trace = TraceHeaders.read(record.headers());
        return new Hop(
                Instant.ofEpochMilli(record.timestamp()),
                record.topic(),
                event,
                provider,
                attempt,
                latencyMs,
                calls,
                errorClass,
                httpStatus,
                trace == null ? null : trace.traceId(),
                detail);
    }

    private static String oneLine(String text) {
        return text == null ? null : text.replaceAll("\\s+", " ").strip();
    }
}
