package dev.roocode.processor;

import dev.roocode.schemas.avro.AttemptRecord;
import dev.roocode.schemas.avro.AttemptSucceeded;
import dev.roocode.schemas.avro.ChatMessage;
import dev.roocode.schemas.avro.ChatRequest;
import dev.roocode.schemas.avro.Choice;
import dev.roocode.schemas.avro.Credential;
import dev.roocode.schemas.avro.CredentialKind;
import dev.roocode.schemas.avro.DispatchedJob;
import dev.roocode.schemas.avro.Job;
import dev.roocode.schemas.avro.JobKind;
import dev.roocode.schemas.avro.ModelOffer;
import dev.roocode.schemas.avro.ProviderConfig;
import dev.roocode.schemas.avro.ProviderLimits;
import dev.roocode.schemas.avro.ProviderOutput;
import dev.roocode.schemas.avro.ProviderStatus;
import dev.roocode.schemas.avro.RoutingHints;
import dev.roocode.schemas.avro.Usage;
import java.time.Instant;
import java.util.List;

/** The records the processor's ITs feed it: a provider, a chat job, a worker's success. */
final class ProcessorFixtures {
    private ProcessorFixtures() {}

    static ProviderConfig provider(String name, double price) {
        return ProviderConfig.newBuilder()
                .setName(name)
                .setType("openai-compatible")
                .setStatus(ProviderStatus.ACTIVE)
                .setEndpoint("http://127.0.0.1:1")
                .setCredential(
                        Credential.newBuilder().setKind(CredentialKind.NONE).build())
                .setOffers(List.of(ModelOffer.newBuilder()
                        .setModel("gpt-4o-mini")
                        .setProviderModel(name + "-mini")
                        .setKind(JobKind.CHAT)
                        .setInputUsdPerMTok(price)
                        .setOutputUsdPerMTok(price * 4)
                        .build()))
                .setLimits(ProviderLimits.newBuilder().build())
                .build();
    }

    static Job job(String requestId, String model) {
        return Job.newBuilder()
                .setRequestId(requestId)
                .setBatchId("b1")
                .setKind(JobKind.CHAT)
                .setModel(model)
                .setChat(ChatRequest.newBuilder()
                        .setMessages(List.of(ChatMessage.newBuilder()
                                .setRole("user")
                                .setContent("hi")
                                .build()))
                        .build())
                .setRouting(RoutingHints.newBuilder().build())
                .setSubmittedAt(Instant.now())
                .build();
    }

    static AttemptSucceeded succeeded(DispatchedJob dispatched) {
        return AttemptSucceeded.newBuilder()
                .setDispatched(dispatched)
                .setAttempt(AttemptRecord.newBuilder()
                        .setProvider(dispatched.getAssignment().getProvider())
                        .setProviderModel(dispatched.getAssignment().getProviderModel())
                        .setAttempt(1)
                        .setLatencyMs(50)
                        .setHttpStatus(200)
                        .build())
                .setOutput(ProviderOutput.newBuilder()
                        .setChoices(List.of(Choice.newBuilder()
                                .setIndex(0)
                                .setFinishReason("stop")
                                .setMessage(ChatMessage.newBuilder()
                                        .setRole("assistant")
                                        .setContent("hello")
                                        .build())
                                .build()))
                        .setUsage(Usage.newBuilder()
                                .setInputTokens(10)
                                .setOutputTokens(5)
                                .setTotalTokens(15)
                                .build())
                        .build())
                .setCompletedAt(Instant.now())
                .build();
    }
}
