package dev.roocode.cli.e2e;

import dev.roocode.schemas.avro.ChatMessage;
import dev.roocode.schemas.avro.ChatRequest;
import dev.roocode.schemas.avro.EmbeddingRequest;
import dev.roocode.schemas.avro.Job;
import dev.roocode.schemas.avro.JobKind;
import dev.roocode.schemas.avro.RoutingHints;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Test jobs: every tenth one an embedding, the rest chat. */
final class Jobs {
    private Jobs() {}

    static List<Job> batch(String batchId, int count, String chatModel) {
        List<Job> jobs = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            jobs.add(i % 10 == 9 ? embedding(batchId + "/" + i, batchId) : chat(batchId + "/" + i, batchId, chatModel));
        }
        return jobs;
    }

    static Job chat(String requestId, String batchId, String model) {
        return Job.newBuilder()
                .setRequestId(requestId)
                .setBatchId(batchId)
                .setKind(JobKind.CHAT)
                .setModel(model)
                .setChat(ChatRequest.newBuilder()
                        .setMessages(List.of(
                                ChatMessage.newBuilder()
                                        .setRole("system")
                                        .setContent("You summarize in one sentence.")
                                        .build(),
                                ChatMessage.newBuilder()
                                        .setRole("user")
                                        .setContent("Summarize document " + requestId)
                                        .build()))
                        .setMaxTokens(64)
                        .build())
                .setRouting(RoutingHints.newBuilder().build())
                .setMetadata(Map.of())
                .setSubmittedAt(Instant.now())
                .build();
    }

    static Job embedding(String requestId, String batchId) {
        return Job.newBuilder()
                .setRequestId(requestId)
                .setBatchId(batchId)
                .setKind(JobKind.EMBEDDING)
                .setModel("text-embedding-3-small")
                .setEmbedding(EmbeddingRequest.newBuilder()
                        .setInput(List.of("first text " + requestId, "second text"))
                        .build())
                .setRouting(RoutingHints.newBuilder().build())
                .setMetadata(Map.of())
                .setSubmittedAt(Instant.now())
                .build();
    }
}
