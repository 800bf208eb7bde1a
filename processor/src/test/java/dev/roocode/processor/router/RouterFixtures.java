package dev.roocode.processor.router;

import dev.roocode.schemas.avro.ChatMessage;
import dev.roocode.schemas.avro.ChatRequest;
import dev.roocode.schemas.avro.Credential;
import dev.roocode.schemas.avro.CredentialKind;
import dev.roocode.schemas.avro.Job;
import dev.roocode.schemas.avro.JobKind;
import dev.roocode.schemas.avro.ModelOffer;
import dev.roocode.schemas.avro.ProviderConfig;
import dev.roocode.schemas.avro.ProviderLimits;
import dev.roocode.schemas.avro.ProviderStatus;
import dev.roocode.schemas.avro.RouteCandidate;
import dev.roocode.schemas.avro.RoutePolicy;
import dev.roocode.schemas.avro.RoutingHints;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Records for the router's unit tests; public so the strategy tests can use them too. */
public final class RouterFixtures {
    public static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
    public static final String MODEL = "gpt-4o-mini";

    private RouterFixtures() {}

    public static Job job(String requestId) {
        return Job.newBuilder()
                .setRequestId(requestId)
                .setKind(JobKind.CHAT)
                .setModel(MODEL)
                .setChat(ChatRequest.newBuilder()
                        .setMessages(List.of(ChatMessage.newBuilder()
                                .setRole("user")
                                .setContent("hello world")
                                .build()))
                        .setMaxTokens(100)
                        .build())
                .setRouting(RoutingHints.newBuilder().build())
                .setMetadata(Map.of())
                .setSubmittedAt(NOW)
                .build();
    }

    public static ModelOffer offer(String model, double inputUsdPerMTok, String... capabilities) {
        return ModelOffer.newBuilder()
                .setModel(model)
                .setProviderModel(model + "-at-provider")
                .setKind(JobKind.CHAT)
                .setInputUsdPerMTok(inputUsdPerMTok)
                .setOutputUsdPerMTok(inputUsdPerMTok * 4)
                .setCapabilities(Arrays.asList(capabilities))
                .build();
    }

    public static ProviderConfig provider(String name, double inputUsdPerMTok) {
        return provider(name, ProviderStatus.ACTIVE, offer(MODEL, inputUsdPerMTok));
    }

    public static ProviderConfig provider(String name, ProviderStatus status, ModelOffer... offers) {
        return ProviderConfig.newBuilder()
                .setName(name)
                .setType("openai-compatible")
                .setStatus(status)
                .setEndpoint("http://127.0.0.1:1")
                .setCredential(
                        Credential.newBuilder().setKind(CredentialKind.NONE).build())
                .setOffers(Arrays.asList(offers))
                .setLimits(ProviderLimits.newBuilder().build())
                .build();
    }

    public static ProviderConfig limited(ProviderConfig provider, Long rpm, Long tpm) {
        return ProviderConfig.newBuilder(provider)
                .setLimits(ProviderLimits.newBuilder().setRpm(rpm).setTpm(tpm).build())
                .build();
    }

    public static RoutePolicy.Builder policy(String model, RouteCandidate... candidates) {
        return RoutePolicy.newBuilder().setModel(model).setCandidates(Arrays.asList(candidates));
    }

    public static RouteCandidate candidate(String provider, int priority, int weight) {
        return RouteCandidate.newBuilder()
                .setProvider(provider)
                .setPriority(priority)
                .setWeight(weight)
                .build();
    }

    /** A candidate as the filter would build it, for strategy tests. */
    public static Candidate candidate(String name, double costUsd, ProviderLoad load, int priority, int weight) {
        return new Candidate(provider(name, 1.0), offer(MODEL, 1.0), MODEL, costUsd, load, priority, weight);
    }

    public static ProviderLoad idle() {
        return new ProviderLoad(0, 0, null, null, 0, 0, false, null);
    }
}
