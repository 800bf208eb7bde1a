package dev.roocode.processor.topology;

import dev.roocode.schemas.avro.AttemptFailed;
import dev.roocode.schemas.avro.AttemptRecord;
import dev.roocode.schemas.avro.AttemptSucceeded;
import dev.roocode.schemas.avro.ChatMessage;
import dev.roocode.schemas.avro.ChatRequest;
import dev.roocode.schemas.avro.Choice;
import dev.roocode.schemas.avro.Credential;
import dev.roocode.schemas.avro.CredentialKind;
import dev.roocode.schemas.avro.DispatchedJob;
import dev.roocode.schemas.avro.ErrorClass;
import dev.roocode.schemas.avro.ErrorInfo;
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
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

/** Builders of the records the topology tests feed in. */
final class Fixtures {
    static final Instant T0 = Instant.parse("2026-11-25T12:00:00Z");

    private Fixtures() {}

    static Job chatJob(String requestId, String batchId) {
        return Job.newBuilder()
                .setRequestId(requestId)
                .setBatchId(batchId)
                .setKind(JobKind.CHAT)
                .setModel("gpt-4o-mini")
                .setChat(ChatRequest.newBuilder()
                        .setMessages(List.of(ChatMessage.newBuilder()
                                .setRole("user")
                                .setContent("Summarize: the cat sat on the mat.")
                                .build()))
                        .setMaxTokens(50)
                        .build())
                .setRouting(RoutingHints.newBuilder().build())
                .setMetadata(Map.of("custom_id", requestId))
                .setSubmittedAt(T0)
                .build();
    }

    static ProviderConfig provider(String name, double inputPrice, ProviderStatus status) {
        return ProviderConfig.newBuilder()
                .setName(name)
                .setType("openai-compatible")
                .setStatus(status)
                .setEndpoint("http://127.0.0.1:1")
                .setCredential(
                        Credential.newBuilder().setKind(CredentialKind.NONE).build())
                .setOffers(List.of(ModelOffer.newBuilder()
                        .setModel("gpt-4o-mini")
                        .setProviderModel(name + "-mini")
                        .setKind(JobKind.CHAT)
                        .setInputUsdPerMTok(inputPrice)
                        .setOutputUsdPerMTok(inputPrice * 4)
                        .build()))
                .setLimits(ProviderLimits.newBuilder().build())
                .build();
    }

    static AttemptRecord attempt(DispatchedJob dispatched, ErrorClass errorClass, Integer status) {
        return AttemptRecord.newBuilder()
                .setProvider(dispatched.getAssignment().getProvider())
                .setProviderModel(dispatched.getAssignment().getProviderModel())
                .setAttempt(dispatched.getAssignment().getAttempt())
                .setLatencyMs(120)
                .setHttpStatus(status)
                .setErrorClass(errorClass)
                .build();
    }

    static AttemptSucceeded succeeded(DispatchedJob dispatched) {
        ProviderOutput output = ProviderOutput.newBuilder()
                .setChoices(List.of(Choice.newBuilder()
                        .setIndex(0)
                        .setFinishReason("stop")
                        .setMessage(ChatMessage.newBuilder()
                                .setRole("assistant")
                                .setContent("A cat sat.")
                                .build())
                        .build()))
                .setUsage(Usage.newBuilder()
                        .setInputTokens(1000)
                        .setOutputTokens(500)
                        .setTotalTokens(1500)
                        .build())
                .build();
        return AttemptSucceeded.newBuilder()
                .setDispatched(dispatched)
                .setAttempt(attempt(dispatched, null, 200))
                .setOutput(output)
                .setCompletedAt(T0.plusSeconds(1))
                .build();
    }

    /**
     * A worker's report of a failed attempt, with the verdict its classifier gives the class as a rule:
     * a bad request, invalid job, content refusal or passed deadline cannot succeed at another provider.
     */
    static AttemptFailed failed(DispatchedJob dispatched, ErrorClass errorClass, int status) {
        boolean elsewhere = !EnumSet.of(
                        ErrorClass.BAD_REQUEST,
                        ErrorClass.INVALID_JOB,
                        ErrorClass.CONTENT_POLICY,
                        ErrorClass.DEADLINE_EXCEEDED,
                        ErrorClass.CANCELLED)
                .contains(errorClass);
        return failed(dispatched, errorClass, status, elsewhere);
    }

    /** A worker's report of a failed attempt whose classifier said whether another provider may succeed. */
    static AttemptFailed failed(
            DispatchedJob dispatched, ErrorClass errorClass, Integer status, boolean retryableElsewhere) {
        return AttemptFailed.newBuilder()
                .setDispatched(dispatched)
                .setAttempt(attempt(dispatched, errorClass, status))
                .setError(ErrorInfo.newBuilder()
                        .setErrorClass(errorClass)
                        .setMessage(status == null ? "no answer from provider" : "HTTP " + status + " from provider")
                        .setHttpStatus(status)
                        .setProvider(dispatched.getAssignment().getProvider())
                        .build())
                .setRetryable(retryableElsewhere)
                .setFailedAt(T0.plusSeconds(1))
                .build();
    }
}
