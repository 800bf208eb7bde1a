package dev.roocode.connectors.batch;

import dev.roocode.connectors.provider.ProviderError;
import dev.roocode.connectors.provider.ProviderException;
import dev.roocode.schemas.avro.ChatMessage;
import dev.roocode.schemas.avro.Choice;
import dev.roocode.schemas.avro.ErrorClass;
import dev.roocode.schemas.avro.ProviderOutput;
import dev.roocode.schemas.avro.Usage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * An in-memory provider batch API: it keeps every batch it accepted (so {@link #find} sees it from any batcher,
 * as a real provider would after a restart), ends a batch after {@link #statusCallsToEnd} status calls, and
 * answers each line with its request id as content, except where a test asked for a failure, a missing or an
 * extra line, a whole-batch failure, an expiry, or a submit that throws after the batch was accepted.
 * Thread-safe: the broker IT shares one between two runtimes.
 */
public final class FakeBatchApi implements ProviderBatchApi {
    /** One accepted batch. */
    public static final class Batch {
        public final String id;
        public final String groupId;
        public final List<BatchLine> lines;
        int statusCalls;
        ProviderBatchStatus.State state = ProviderBatchStatus.State.IN_PROGRESS;

        Batch(String id, String groupId, List<BatchLine> lines) {
            this.id = id;
            this.groupId = groupId;
            this.lines = List.copyOf(lines);
        }
    }

    private final Map<String, Batch> byId = new LinkedHashMap<>();
    private final Map<String, Integer> submitsByGroup = new HashMap<>();
    private int statusCallsToEnd = 1;
    private final Set<String> failingRequests = new HashSet<>();
    private final Set<String> missingRequests = new HashSet<>();
    private boolean extraLine;
    private ProviderBatchStatus.State endState = ProviderBatchStatus.State.COMPLETED;
    private boolean throwAfterAccept;
    private ProviderError refuse;
    private boolean holdOpen;

    public synchronized FakeBatchApi statusCallsToEnd(int calls) {
        this.statusCallsToEnd = calls;
        return this;
    }

    /** Batches stay IN_PROGRESS until {@link #release()}. */
    public synchronized FakeBatchApi holdOpen() {
        this.holdOpen = true;
        return this;
    }

    public synchronized FakeBatchApi release() {
        this.holdOpen = false;
        return this;
    }

    public synchronized FakeBatchApi failLine(String requestId) {
        failingRequests.add(requestId);
        return this;
    }

    public synchronized FakeBatchApi dropLine(String requestId) {
        missingRequests.add(requestId);
        return this;
    }

    public synchronized FakeBatchApi answerALineNeverSent() {
        extraLine = true;
        return this;
    }

    /** Batches end in {@code state} (FAILED: no line answered; EXPIRED: only the first half answered). */
    public synchronized FakeBatchApi endAs(ProviderBatchStatus.State state) {
        this.endState = state;
        return this;
    }

    /** The next submit accepts the batch and then throws, as an upload that timed out after the provider took it. */
    public synchronized FakeBatchApi throwAfterAcceptOnce() {
        this.throwAfterAccept = true;
        return this;
    }

    /** Every submit is refused with {@code error} (a line too big, a bad model). */
    public synchronized FakeBatchApi refuseSubmits(ProviderError error) {
        this.refuse = error;
        return this;
    }

    /** How many times each group was submitted (accepted). */
    public synchronized Map<String, Integer> submitsByGroup() {
        return Map.copyOf(submitsByGroup);
    }

    public synchronized List<Batch> batches() {
        return List.copyOf(byId.values());
    }

    public synchronized int cancels() {
        return (int) byId.values().stream()
                .filter(b -> b.state == ProviderBatchStatus.State.CANCELLED)
                .count();
    }

    @Override
    public synchronized ProviderBatchRef submit(String groupId, List<BatchLine> lines) {
        if (refuse != null) {
            throw new ProviderException(refuse);
        }
        Batch batch = new Batch("batch_" + (byId.size() + 1), groupId, lines);
        byId.put(batch.id, batch);
        submitsByGroup.merge(groupId, 1, Integer::sum);
        if (throwAfterAccept) {
            throwAfterAccept = false;
            throw new ProviderException(new ProviderError(ErrorClass.TIMEOUT, null, true, null, "upload timed out"));
        }
        return new ProviderBatchRef(batch.id, Map.of("input_file_id", "file-" + batch.id));
    }

    @Override
    public synchronized Optional<ProviderBatchRef> find(String groupId) {
        return byId.values().stream()
                .filter(b -> b.groupId.equals(groupId))
                .findFirst()
                .map(b -> new ProviderBatchRef(b.id, Map.of("input_file_id", "file-" + b.id)));
    }

    @Override
    public synchronized ProviderBatchStatus status(ProviderBatchRef ref) {
        Batch batch = byId.get(ref.id());
        if (batch.state == ProviderBatchStatus.State.IN_PROGRESS
                && !holdOpen
                && ++batch.statusCalls >= statusCallsToEnd) {
            batch.state = endState;
        }
        return new ProviderBatchStatus(batch.state, null, -1, -1);
    }

    @Override
    public synchronized Map<String, LineOutcome> results(ProviderBatchRef ref) {
        Batch batch = byId.get(ref.id());
        Map<String, LineOutcome> results = new HashMap<>();
        if (batch.state == ProviderBatchStatus.State.FAILED) {
            return results;
        }
        List<BatchLine> answered = new ArrayList<>(batch.lines);
        if (batch.state == ProviderBatchStatus.State.EXPIRED) {
            answered = answered.subList(0, answered.size() / 2);
        }
        for (BatchLine line : answered) {
            String requestId = line.job().getJob().getRequestId();
            if (missingRequests.contains(requestId)) {
                continue;
            }
            if (failingRequests.contains(requestId)) {
                results.put(
                        line.customId(),
                        new LineOutcome.Failed(
                                new ProviderError(ErrorClass.PROVIDER_ERROR, 500, true, null, "server error")));
            } else {
                results.put(line.customId(), new LineOutcome.Succeeded(output(requestId)));
            }
        }
        if (extraLine) {
            results.put("line-never-sent", new LineOutcome.Succeeded(output("ghost")));
        }
        return results;
    }

    @Override
    public synchronized void cancel(ProviderBatchRef ref) {
        byId.get(ref.id()).state = ProviderBatchStatus.State.CANCELLED;
    }

    /** The answer of a line: its request id as content, 10 tokens in, 5 out. */
    public static ProviderOutput output(String requestId) {
        return ProviderOutput.newBuilder()
                .setChoices(List.of(Choice.newBuilder()
                        .setIndex(0)
                        .setMessage(ChatMessage.newBuilder()
                                .setRole("assistant")
                                .setContent("answer " + requestId)
                                .build())
                        .setFinishReason("stop")
                        .build()))
                .setUsage(new Usage(10L, 5L, 15L))
                .build();
    }
}
