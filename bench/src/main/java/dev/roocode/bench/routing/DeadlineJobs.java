package dev.roocode.bench.routing;

import dev.roocode.schemas.avro.ChatMessage;
import dev.roocode.schemas.avro.ChatRequest;
import dev.roocode.schemas.avro.Job;
import dev.roocode.schemas.avro.JobKind;
import dev.roocode.schemas.avro.RoutingHints;
import dev.roocode.schemas.batch.BatchLineCodec;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The benchmark's jobs: the same short chat request each (so every job costs the same on one provider), with a deadline. */
public final class DeadlineJobs {
    /** Completion tokens asked for. */
    static final int MAX_TOKENS = 32;

    private DeadlineJobs() {}

    public static Job chat(String requestId, String model, Instant submittedAt, Instant deadline) {
        return Job.newBuilder()
                .setRequestId(requestId)
                .setBatchId(requestId.substring(0, Math.max(0, requestId.indexOf('/'))))
                .setKind(JobKind.CHAT)
                .setModel(model)
                .setChat(ChatRequest.newBuilder()
                        .setMessages(List.of(
                                ChatMessage.newBuilder()
                                        .setRole("system")
                                        .setContent("You summarize in one sentence.")
                                        .build(),
                                // fixed width, so prompt tokens do not vary with the index
                                ChatMessage.newBuilder()
                                        .setRole("user")
                                        .setContent(String.format("Summarize document %012d", 0))
                                        .build()))
                        .setMaxTokens(MAX_TOKENS)
                        .build())
                .setRouting(RoutingHints.newBuilder().setDeadline(deadline).build())
                .setMetadata(Map.of())
                .setSubmittedAt(submittedAt)
                .build();
    }

    /** {@code job} as line {@code line} (1-based) of a batch of {@code size} jobs, in the metadata the client's batch runner sets. */
    public static Job inBatch(Job job, long line, long size) {
        job.setMetadata(Map.of(
                BatchLineCodec.METADATA_LINE,
                Long.toString(line),
                BatchLineCodec.METADATA_BATCH_SIZE,
                Long.toString(size)));
        return job;
    }

    /** The same job without a deadline, sent to {@code provider} whatever the strategy would choose (the calibration's). */
    public static Job explicit(String requestId, String model, Instant submittedAt, String provider) {
        Job job = chat(requestId, model, submittedAt, null);
        job.getRouting().setProvider(provider);
        return job;
    }

    /** Whether job {@code index} has the tight deadline: an even spread of {@code tightShare} of the jobs. */
    static boolean tight(int index, double tightShare) {
        return Math.floor((index + 1) * tightShare) > Math.floor(index * tightShare);
    }
}
