package dev.roocode.bench.load;

import dev.roocode.schemas.avro.ChatMessage;
import dev.roocode.schemas.avro.ChatRequest;
import dev.roocode.schemas.avro.Job;
import dev.roocode.schemas.avro.JobKind;
import dev.roocode.schemas.avro.RoutingHints;
import dev.roocode.schemas.serde.AvroSerde;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Benchmark jobs: one short chat request each (about 200 bytes of Avro), for a given model. */
public final class Jobs {
    private Jobs() {}

    public static Job chat(String requestId, String model, String userText) {
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
                                ChatMessage.newBuilder()
                                        .setRole("user")
                                        .setContent(userText)
                                        .build()))
                        .setMaxTokens(16)
                        .build())
                .setRouting(RoutingHints.newBuilder().build())
                .setMetadata(Map.of())
                .setSubmittedAt(Instant.now())
                .build();
    }

    /** A source of serialized chat jobs for {@code model} on {@code topic}. */
    public static JobSource source(AvroSerde<Job> serde, String topic, String model) {
        return (id, index) -> serde.serialize(topic, chat(id, model, "Summarize document " + id));
    }
}
