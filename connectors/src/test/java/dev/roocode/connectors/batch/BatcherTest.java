package dev.roocode.connectors.batch;

import static dev.roocode.connectors.TestJobs.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.roocode.connectors.TestJobs;
import dev.roocode.connectors.execution.ManualTime;
import dev.roocode.connectors.provider.ProviderError;
import dev.roocode.schemas.avro.AttemptFailed;
import dev.roocode.schemas.avro.AttemptSucceeded;
import dev.roocode.schemas.avro.BatchEndpoint;
import dev.roocode.schemas.avro.DispatchedJob;
import dev.roocode.schemas.avro.ErrorClass;
import dev.roocode.schemas.avro.ProviderBatch;
import dev.roocode.schemas.avro.ProviderBatchMemberState;
import dev.roocode.schemas.avro.ProviderBatchState;
import dev.roocode.schemas.avro.ProviderConfig;
import dev.roocode.schemas.avro.RoutingHints;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class BatcherTest {
    private static final BatchSettings SETTINGS =
            new BatchSettings(Duration.ofMinutes(30), Duration.ofSeconds(1), Duration.ofSeconds(8));

    private final ManualTime time = new ManualTime(T0);
    private final FakeBatchApi api = new FakeBatchApi();
    private final Recorder out = new Recorder();
    private final List<DispatchedJob> read = new ArrayList<>();

    @Test
    void shouldGroupJobsByModelAndFormAGroupAtMaxLines() {
        Batcher batcher = batcher(endpoint(3, 1_000_000, 60_000), job -> null);

        accept(batcher, "a1", "model-a", null);
        accept(batcher, "b1", "model-b", null);
        accept(batcher, "a2", "model-a", null);
        assertThat(out.saved).isEmpty();
        accept(batcher, "a3", "model-a", null);

        assertThat(out.saved).hasSize(1);
        ProviderBatch group = out.saved.values().iterator().next();
        assertThat(group.getProviderModel()).isEqualTo("model-a");
        assertThat(group.getStatus()).isEqualTo(ProviderBatchState.SUBMITTING);
        assertThat(group.getMembers()).extracting(m -> m.getRequestId()).containsExactly("a1", "a2", "a3");
        assertThat(group.getMembers()).extracting(m -> m.getCustomId()).doesNotHaveDuplicates();
        assertThat(batcher.pendingJobs()).isEqualTo(1);
        assertThat(api.batches()).as("recorded before it is submitted").isEmpty();
    }

    @Test
    void shouldFormAGroupWhenItsOldestJobHasWaitedMaxAge() {
        Batcher batcher = batcher(endpoint(100, 1_000_000, 60_000), job -> null);
        accept(batcher, "a1", "model-a", null);
        time.advance(Duration.ofSeconds(30));
        accept(batcher, "a2", "model-a", null);
        batcher.flushDue(out);
        assertThat(out.saved).isEmpty();

        time.advance(Duration.ofSeconds(30));
        batcher.flushDue(out);

        assertThat(out.saved).hasSize(1);
        assertThat(batcher.pendingJobs()).isZero();
    }

    @Test
    void shouldFormAGroupBeforeAJobWouldTakeItPastMaxBytes() {
        Batcher batcher = batcher(endpoint(100, 250, 60_000), job -> null);
        batcher.accept(0, 0, 100, job("a1", "model-a", null), out);
        batcher.accept(0, 1, 100, job("a2", "model-a", null), out);
        batcher.accept(0, 2, 100, job("a3", "model-a", null), out);

        assertThat(out.saved).hasSize(1);
        assertThat(out.saved.values().iterator().next().getMembers())
                .extracting(m -> m.getRequestId())
                .containsExactly("a1", "a2");
        assertThat(batcher.pendingJobs()).isEqualTo(1);
    }

    @Test
    void shouldPublishOneSuccessPerLineAsTheBatchCandidateOnceTheBatchCompletes() {
        Batcher batcher = batcher(endpoint(2, 1_000_000, 60_000), job -> null);
        accept(batcher, "a1", "model-a", null);
        accept(batcher, "a2", "model-a", null);

        runUntilDone(batcher);

        assertThat(out.succeeded)
                .extracting(s -> s.getDispatched().getJob().getRequestId())
                .containsExactly("a1", "a2");
        AttemptSucceeded first = out.succeeded.get(0);
        assertThat(first.getAttempt().getProvider()).isEqualTo("p:batch");
        assertThat(first.getOutput().getUsage().getInputTokens()).isEqualTo(10);
        assertThat(first.getOutput().getChoices().get(0).getMessage().getContent())
                .isEqualTo("answer a1");
        assertThat(out.failed).isEmpty();
        assertThat(api.submitsByGroup()).hasSize(1).containsValue(1);
        assertThat(onlyGroup().getStatus()).isEqualTo(ProviderBatchState.DONE);
        assertThat(onlyGroup().getBatchId()).isEqualTo("batch_1");
    }

    @Test
    void shouldSendALineToFallbackWhenItsDeadlineMarginComesWhileTheBatchIsOpenAndIgnoreItsLaterAnswer() {
        api.holdOpen();
        Batcher batcher = batcher(endpoint(2, 1_000_000, 60_000), job -> null);
        accept(batcher, "soon", "model-a", T0.plus(Duration.ofMinutes(40)));
        accept(batcher, "later", "model-a", T0.plus(Duration.ofHours(24)));
        step(batcher);
        assertThat(api.batches()).hasSize(1);

        time.advance(Duration.ofMinutes(9));
        step(batcher);
        assertThat(out.failed).isEmpty();
        time.advance(Duration.ofMinutes(1));
        step(batcher);

        assertThat(out.failed).singleElement().satisfies(f -> {
            assertThat(f.getDispatched().getJob().getRequestId()).isEqualTo("soon");
            assertThat(f.getRetryable()).isTrue();
            assertThat(f.getError().getErrorClass()).isEqualTo(ErrorClass.TIMEOUT);
            assertThat(f.getError().getProvider()).isEqualTo("p:batch");
        });
        assertThat(onlyGroup().getMembers())
                .extracting(m -> m.getState())
                .containsExactly(ProviderBatchMemberState.FALLBACK, ProviderBatchMemberState.OPEN);

        api.release();
        runUntilDone(batcher);
        assertThat(out.succeeded)
                .extracting(s -> s.getDispatched().getJob().getRequestId())
                .containsExactly("later");
        assertThat(out.failed).hasSize(1);
    }

    @Test
    void shouldSendAJobWhoseDeadlineIsAlreadyTooCloseToFallbackOnceWithoutGroupingIt() {
        Batcher batcher = batcher(endpoint(2, 1_000_000, 60_000), job -> null);
        accept(batcher, "urgent", "model-a", T0.plus(Duration.ofMinutes(10)));

        assertThat(out.failed)
                .singleElement()
                .satisfies(f -> assertThat(f.getRetryable()).isTrue());
        assertThat(batcher.pendingJobs()).isZero();
        assertThat(api.batches()).isEmpty();

        restarted(); // read again after a crash before its offset was committed
        assertThat(out.failed).as("not reported twice").hasSize(1);
    }

    @Test
    void shouldSendFailedAndMissingLinesToFallbackAndIgnoreALineNeverSent() {
        api.failLine("a2").dropLine("a3").answerALineNeverSent();
        Batcher batcher = batcher(endpoint(3, 1_000_000, 60_000), job -> null);
        accept(batcher, "a1", "model-a", null);
        accept(batcher, "a2", "model-a", null);
        accept(batcher, "a3", "model-a", null);

        runUntilDone(batcher);

        assertThat(out.succeeded)
                .extracting(s -> s.getDispatched().getJob().getRequestId())
                .containsExactly("a1");
        assertThat(out.failed)
                .extracting(f -> f.getDispatched().getJob().getRequestId())
                .containsExactly("a2", "a3");
        assertThat(out.failed).allSatisfy(f -> assertThat(f.getRetryable()).isTrue());
        assertThat(out.failed.get(0).getError().getErrorClass()).isEqualTo(ErrorClass.PROVIDER_ERROR);
        assertThat(out.failed.get(1).getError().getErrorClass()).isEqualTo(ErrorClass.INVALID_RESPONSE);
        // the router takes the same provider's batch again only after a line's own 429 or 5xx: the attempt says it
        assertThat(out.failed.get(0).getAttempt().getHttpStatus())
                .as("the line's own answer")
                .isEqualTo(500);
        assertThat(out.failed.get(1).getAttempt().getHttpStatus())
                .as("a line the batch never answered")
                .isNull();
    }

    @Test
    void shouldSendEveryLineToFallbackWhenTheBatchFailsWhole() {
        api.endAs(ProviderBatchStatus.State.FAILED);
        Batcher batcher = batcher(endpoint(2, 1_000_000, 60_000), job -> null);
        accept(batcher, "a1", "model-a", null);
        accept(batcher, "a2", "model-a", null);

        runUntilDone(batcher);

        assertThat(out.succeeded).isEmpty();
        assertThat(out.failed)
                .hasSize(2)
                .allSatisfy(f -> assertThat(f.getRetryable()).isTrue());
    }

    @Test
    void shouldSendTheLinesLeftUnansweredToFallbackWhenTheBatchExpires() {
        api.endAs(ProviderBatchStatus.State.EXPIRED);
        Batcher batcher = batcher(endpoint(4, 1_000_000, 60_000), job -> null);
        for (String id : List.of("a1", "a2", "a3", "a4")) {
            accept(batcher, id, "model-a", null);
        }

        runUntilDone(batcher);

        assertThat(out.succeeded)
                .extracting(s -> s.getDispatched().getJob().getRequestId())
                .containsExactly("a1", "a2");
        assertThat(out.failed)
                .extracting(f -> f.getDispatched().getJob().getRequestId())
                .containsExactly("a3", "a4");
        assertThat(out.failed).allSatisfy(f -> {
            assertThat(f.getError().getErrorClass()).isEqualTo(ErrorClass.TIMEOUT);
            assertThat(f.getError().getMessage()).contains("expired");
            assertThat(f.getAttempt().getHttpStatus())
                    .as("no answer of the line's own")
                    .isNull();
        });
    }

    @Test
    void shouldAdoptTheBatchTheProviderAcceptedWhenTheSubmitThrows() {
        api.throwAfterAcceptOnce();
        Batcher batcher = batcher(endpoint(2, 1_000_000, 60_000), job -> null);
        accept(batcher, "a1", "model-a", null);
        accept(batcher, "a2", "model-a", null);

        runUntilDone(batcher);

        assertThat(api.submitsByGroup().values()).containsExactly(1);
        assertThat(out.succeeded).hasSize(2);
        assertThat(out.failed).isEmpty();
    }

    @Test
    void shouldSendEveryLineToFallbackWhenTheProviderRefusesTheBatch() {
        api.refuseSubmits(new ProviderError(ErrorClass.BAD_REQUEST, 400, false, null, "model not found"));
        Batcher batcher = batcher(endpoint(2, 1_000_000, 60_000), job -> null);
        accept(batcher, "a1", "model-a", null);
        accept(batcher, "a2", "model-a", null);

        step(batcher);

        assertThat(out.failed).hasSize(2).allSatisfy(f -> {
            assertThat(f.getRetryable()).as("a realtime provider may serve it").isTrue();
            assertThat(f.getError().getMessage()).contains("model not found");
        });
        assertThat(onlyGroup().getStatus()).isEqualTo(ProviderBatchState.DONE);
    }

    @Test
    void shouldSendAJobOfACancelledBatchToFallbackAsCancelled() {
        Batcher batcher = batcher(
                endpoint(2, 1_000_000, 60_000),
                job -> "x".equals(job.getJob().getRequestId()) ? "batch b1 was cancelled" : null);
        accept(batcher, "x", "model-a", null);

        assertThat(out.failed).singleElement().satisfies(f -> {
            assertThat(f.getError().getErrorClass()).isEqualTo(ErrorClass.CANCELLED);
            assertThat(f.getRetryable()).isFalse();
        });
    }

    @Test
    void shouldNeverCommitPastAJobWithoutAnOutcome() {
        api.holdOpen();
        Batcher batcher = batcher(endpoint(2, 1_000_000, 60_000), job -> null);
        accept(batcher, "a1", "model-a", null);
        accept(batcher, "b1", "model-b", null);
        accept(batcher, "a2", "model-a", null);
        step(batcher);

        assertThat(batcher.committable(Map.of(0, 3L))).containsEntry(0, 0L);
        api.release();
        runUntilDone(batcher);
        assertThat(batcher.committable(Map.of(0, 3L))).as("b1 is still pending").containsEntry(0, 1L);
    }

    @Test
    void shouldResumeARecordedGroupAfterARestartWithoutSubmittingItAgain() {
        api.holdOpen();
        Batcher first = batcher(endpoint(2, 1_000_000, 60_000), job -> null);
        accept(first, "a1", "model-a", null);
        accept(first, "a2", "model-a", null);
        step(first);
        assertThat(onlyGroup().getStatus()).isEqualTo(ProviderBatchState.SUBMITTED);

        Batcher second = restarted();
        step(second); // still open at the provider: polled again later, with back-off
        assertThat(second.openGroups()).isEqualTo(1);
        api.release();
        runUntilDone(second);

        assertThat(api.submitsByGroup().values()).containsExactly(1);
        assertThat(out.succeeded)
                .extracting(s -> s.getDispatched().getJob().getRequestId())
                .containsExactly("a1", "a2");
        second.removeFinished(Map.of(0, 2L), out);
        assertThat(out.removed).containsExactly(onlyGroup().getGroupId());
    }

    @Test
    void shouldFindTheProviderBatchOfAGroupRecordedAsSubmittingAfterARestart() {
        api.holdOpen();
        Batcher first = batcher(endpoint(2, 1_000_000, 60_000), job -> null);
        accept(first, "a1", "model-a", null);
        accept(first, "a2", "model-a", null);
        // the crash: the provider took the batch, the SUBMITTED record was never written
        ProviderBatch submitting = onlyGroup();
        first.submit(submitting.getGroupId(), new Recorder());
        assertThat(api.batches()).hasSize(1);

        Batcher second = restarted();
        api.release();
        runUntilDone(second);

        assertThat(api.submitsByGroup().values()).containsExactly(1);
        assertThat(out.succeeded).hasSize(2);
    }

    @Test
    void shouldSkipTheJobsOfAFinishedGroupReadAgainAfterARestart() {
        Batcher first = batcher(endpoint(2, 1_000_000, 60_000), job -> null);
        accept(first, "a1", "model-a", null);
        accept(first, "a2", "model-a", null);
        runUntilDone(first);
        int outcomes = out.succeeded.size();

        Batcher second = restarted();
        runUntilDone(second);

        assertThat(out.succeeded).hasSize(outcomes);
        assertThat(second.pendingJobs()).isZero();
    }

    /** A new batcher from the recorded groups, reading every job again (nothing was committed past them). */
    private Batcher restarted() {
        Batcher second = batcher(endpoint(2, 1_000_000, 60_000), job -> null);
        out.saved.values().forEach(second::restore);
        for (int i = 0; i < read.size(); i++) {
            second.accept(0, i, 100, read.get(i), out);
        }
        return second;
    }

    private void step(Batcher batcher) {
        batcher.expireDeadlines(out);
        batcher.flushDue(out);
        batcher.awaitingSubmit().forEach(g -> batcher.submit(g, out));
        batcher.duePolls().forEach(g -> batcher.poll(g, out));
    }

    private void runUntilDone(Batcher batcher) {
        for (int i = 0; i < 20 && batcher.openGroups() > 0; i++) {
            step(batcher);
            time.advance(Duration.ofSeconds(10));
        }
        step(batcher);
        assertThat(batcher.openGroups()).isZero();
    }

    private ProviderBatch onlyGroup() {
        assertThat(out.saved).hasSize(1);
        return out.saved.values().iterator().next();
    }

    private void accept(Batcher batcher, String requestId, String model, Instant deadline) {
        DispatchedJob job = job(requestId, model, deadline);
        batcher.accept(0, read.size(), 100, job, out);
        read.add(job);
    }

    private Batcher batcher(BatchEndpoint endpoint, Function<DispatchedJob, String> cancelled) {
        ProviderConfig provider =
                TestJobs.provider("p", "http://localhost:1").setBatch(endpoint).build();
        return new Batcher(provider, api, SETTINGS, time, cancelled);
    }

    private static BatchEndpoint endpoint(int maxLines, long maxBytes, long maxAgeMs) {
        return BatchEndpoint.newBuilder()
                .setMaxLines(maxLines)
                .setMaxBytes(maxBytes)
                .setMaxAgeMs(maxAgeMs)
                .build();
    }

    private static DispatchedJob job(String requestId, String model, Instant deadline) {
        return TestJobs.dispatched(
                TestJobs.chatJob(requestId, "hello")
                        .setRouting(
                                RoutingHints.newBuilder().setDeadline(deadline).build())
                        .build(),
                "p:batch",
                model);
    }

    /** Everything the batcher produced; the latest record of each group. */
    static final class Recorder implements BatchOutput {
        final List<AttemptSucceeded> succeeded = new ArrayList<>();
        final List<AttemptFailed> failed = new ArrayList<>();
        final Map<String, ProviderBatch> saved = new LinkedHashMap<>();
        final List<String> removed = new ArrayList<>();

        @Override
        public void succeeded(AttemptSucceeded outcome) {
            succeeded.add(outcome);
        }

        @Override
        public void failed(AttemptFailed failure) {
            failed.add(failure);
        }

        @Override
        public void saved(ProviderBatch group) {
            saved.put(group.getGroupId(), group);
        }

        @Override
        public void removed(String groupId) {
            removed.add(groupId);
        }
    }
}
