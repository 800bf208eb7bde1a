package dev.roocode.connectors;

import dev.roocode.schemas.avro.Assignment;
import dev.roocode.schemas.avro.ChatMessage;
import dev.roocode.schemas.avro.ChatRequest;
import dev.roocode.schemas.avro.Credential;
import dev.roocode.schemas.avro.CredentialKind;
import dev.roocode.schemas.avro.DispatchedJob;
import dev.roocode.schemas.avro.EmbeddingRequest;
import dev.roocode.schemas.avro.Job;
import dev.roocode.schemas.avro.JobKind;
import dev.roocode.schemas.avro.ProviderConfig;
import dev.roocode.schemas.avro.ProviderLimits;
import dev.roocode.schemas.avro.ProviderStatus;
import dev.roocode.schemas.avro.RetryPolicy;
import dev.roocode.schemas.avro.RoutingHints;
import dev.roocode.schemas.avro.RoutingStrategy;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Builders of jobs and provider configs for tests. */
public final class TestJobs {
    public static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private TestJobs() {}

    public static Job.Builder chatJob(String requestId, String text) {
        return Job.newBuilder()
                .setRequestId(requestId)
                .setKind(JobKind.CHAT)
                .setModel("small")
                .setChat(ChatRequest.newBuilder()
                        .setMessages(List.of(user(text)))
                        .build())
                .setRouting(RoutingHints.newBuilder().build())
                .setMetadata(Map.of())
                .setSubmittedAt(T0);
    }

    public static Job.Builder embeddingJob(String requestId, List<String> input) {
        return Job.newBuilder()
                .setRequestId(requestId)
                .setKind(JobKind.EMBEDDING)
                .setModel("embed")
                .setEmbedding(EmbeddingRequest.newBuilder().setInput(input).build())
                .setRouting(RoutingHints.newBuilder().build())
                .setMetadata(Map.of())
                .setSubmittedAt(T0);
    }

    public static ChatMessage user(String text) {
        return ChatMessage.newBuilder().setRole("user").setContent(text).build();
    }

    public static DispatchedJob dispatched(Job job, String provider, String providerModel) {
        return DispatchedJob.newBuilder()
                .setJob(job)
                .setAssignment(Assignment.newBuilder()
                        .setProvider(provider)
                        .setProviderModel(providerModel)
                        .setAttempt(1)
                        .setStrategy(RoutingStrategy.COST)
                        .setAssignedAt(T0)
                        .build())
                .setHistory(List.of())
                .build();
    }

    public static DispatchedJob dispatched(Job job) {
        return dispatched(job, "local", "sim-fast");
    }

    public static ProviderConfig.Builder provider(String name, String endpoint) {
        return ProviderConfig.newBuilder()
                .setName(name)
                .setType("openai-compatible")
                .setStatus(ProviderStatus.ACTIVE)
                .setEndpoint(endpoint)
                .setCredential(new Credential(CredentialKind.NONE, null))
                .setLimits(ProviderLimits.newBuilder().setMaxConcurrency(8).build())
                .setRetry(RetryPolicy.newBuilder()
                        .setMaxAttempts(3)
                        .setInitialBackoffMs(100)
                        .setMaxBackoffMs(2000)
                        .setMultiplier(2.0)
                        .build())
                .setTimeoutMs(5000);
    }

    /** A fixture under {@code fixtures/<type>/}. */
    public static byte[] fixture(String type, String name) {
        String path = "/fixtures/" + type + "/" + name;
        try (InputStream in = TestJobs.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalArgumentException("missing fixture " + path);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String fixtureText(String type, String name) {
        return new String(fixture(type, name), StandardCharsets.UTF_8);
    }
}
