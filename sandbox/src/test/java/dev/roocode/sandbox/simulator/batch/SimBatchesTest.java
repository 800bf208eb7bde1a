package dev.roocode.sandbox.simulator.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.roocode.sandbox.simulator.batch.LineResult.Outcome;
import dev.roocode.sandbox.simulator.batch.SimBatches.Creation;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SimBatchesTest {

    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
    private static final Duration DAY = Duration.ofHours(24);

    private final TestClock clock = new TestClock();
    private final AtomicInteger answered = new AtomicInteger();

    /** Answers "ok:<body>" 200, a 400 for a body "bad", nothing for a body "hold" (a model that never answers). */
    private final LineAnswerer answerer = new LineAnswerer() {
        @Override
        public Answer answer(BatchLine line, String drawKey) {
            answered.incrementAndGet();
            String body = new String(line.body(), StandardCharsets.UTF_8);
            return switch (body) {
                case "bad" -> new Answer(400, utf8("bad request"));
                case "hold" -> null;
                default -> new Answer(200, utf8("ok:" + body));
            };
        }

        @Override
        public byte[] error(BatchLine line, int status, String message) {
            return utf8(status + ":" + message);
        }
    };

    @Test
    void shouldAnswerEveryLineOnlyOnceTheTurnaroundHasPassed() {
        SimBatches batches = engine(BatchSettings.DEFAULTS.withTurnaround(Duration.ofHours(2)));

        SimBatch created = batches.create(creation("g1", lines("a", "b", "c")));

        assertThat(created.state()).isEqualTo(BatchState.VALIDATING);
        assertThat(created.expiresAt()).isEqualTo(START.plus(DAY));
        clock.advance(Duration.ofMinutes(119));
        assertThat(batches.get("test", created.id()).orElseThrow().state()).isEqualTo(BatchState.IN_PROGRESS);
        assertThat(batches.results("test", created.id()).orElseThrow()).isEmpty();
        assertThat(answered).hasValue(0);

        clock.advance(Duration.ofMinutes(1));
        SimBatch done = batches.get("test", created.id()).orElseThrow();

        assertThat(done.state()).isEqualTo(BatchState.COMPLETED);
        assertThat(done.endedAt()).isEqualTo(START.plus(Duration.ofHours(2)));
        assertThat(done.succeeded()).isEqualTo(3);
        assertThat(batches.results("test", created.id()).orElseThrow())
                .extracting(r -> new String(r.body(), StandardCharsets.UTF_8))
                .containsExactly("ok:a", "ok:b", "ok:c");
        batches.list("test");
        assertThat(answered)
                .as("lines are answered once, whatever is read later")
                .hasValue(3);
    }

    @Test
    void shouldFailExactlyTheConfiguredFractionOfLinesWithAnInjected500() {
        SimBatches batches =
                engine(BatchSettings.DEFAULTS.withTurnaround(Duration.ZERO).withFailedFraction(0.05));

        SimBatch created = batches.create(creation("g1", numbered(200)));
        List<LineResult> results = batches.results("test", created.id()).orElseThrow();

        assertThat(results).hasSize(200);
        assertThat(results)
                .filteredOn(r -> r.outcome() == Outcome.ERRORED)
                .hasSize(10)
                .allSatisfy(r -> {
                    assertThat(r.status()).isEqualTo(500);
                    assertThat(new String(r.body(), StandardCharsets.UTF_8))
                            .isEqualTo("500:" + SimBatches.PARTIAL_FAILURE);
                });
        assertThat(batches.get("test", created.id()).orElseThrow())
                .extracting(SimBatch::state, SimBatch::succeeded, SimBatch::errored)
                .containsExactly(BatchState.COMPLETED, 190, 10);
    }

    @Test
    void shouldKeepTheAnswererStatusOfLinesItRefuses() {
        SimBatches batches = engine(BatchSettings.DEFAULTS.withTurnaround(Duration.ZERO));

        SimBatch created = batches.create(creation("g1", lines("a", "bad")));

        assertThat(batches.results("test", created.id()).orElseThrow())
                .extracting(LineResult::customId, LineResult::outcome, LineResult::status)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("line-0", Outcome.SUCCEEDED, 200),
                        org.assertj.core.groups.Tuple.tuple("line-1", Outcome.ERRORED, 400));
    }

    @Test
    void shouldExpireLinesLeftOpenAtTheEndOfTheWindowAndKeepTheAnsweredOnes() {
        SimBatches batches = engine(BatchSettings.DEFAULTS
                .withTurnaround(Duration.ofMinutes(1))
                .withWindow(Duration.ofMinutes(10))
                .withExpiredFraction(0.5));

        SimBatch created = batches.create(creation("g1", lines("a", "b", "hold", "d")));
        assertThat(created.expiresAt())
                .as("the window cap wins over 24h")
                .isEqualTo(START.plus(Duration.ofMinutes(10)));
        clock.advance(Duration.ofMinutes(5));
        SimBatch running = batches.get("test", created.id()).orElseThrow();
        assertThat(running.state()).isEqualTo(BatchState.IN_PROGRESS);

        clock.advance(Duration.ofMinutes(5));
        SimBatch expired = batches.get("test", created.id()).orElseThrow();

        assertThat(expired.state()).isEqualTo(BatchState.EXPIRED);
        assertThat(expired.endedAt()).isEqualTo(START.plus(Duration.ofMinutes(10)));
        List<LineResult> results = batches.results("test", created.id()).orElseThrow();
        assertThat(results).hasSize(4);
        // two lines chosen to expire, plus "hold" unless it was one of them
        assertThat(results).filteredOn(r -> r.outcome() == Outcome.EXPIRED).hasSizeBetween(2, 3);
        assertThat(results)
                .filteredOn(r -> r.customId().equals("line-2"))
                .singleElement()
                .extracting(LineResult::outcome)
                .isEqualTo(Outcome.EXPIRED);
        assertThat(expired.succeeded() + expired.expired()).isEqualTo(4);
    }

    @Test
    void shouldExpireTheNthBatchWholeWithoutAnsweringALine() {
        SimBatches batches = engine(
                BatchSettings.DEFAULTS.withTurnaround(Duration.ofMinutes(1)).withExpireNth(2));

        SimBatch first = batches.create(creation("g1", lines("a")));
        SimBatch second = batches.create(creation("g2", lines("b", "c")));
        clock.advance(DAY);

        assertThat(batches.get("test", first.id()).orElseThrow().state()).isEqualTo(BatchState.COMPLETED);
        assertThat(batches.get("test", second.id()).orElseThrow())
                .extracting(SimBatch::state, SimBatch::expired, SimBatch::endedAt)
                .containsExactly(BatchState.EXPIRED, 2, START.plus(DAY));
        assertThat(answered).hasValue(1);
    }

    @Test
    void shouldExpireWholeWhenTheTurnaroundIsLongerThanTheWindow() {
        SimBatches batches = engine(BatchSettings.DEFAULTS.withTurnaround(Duration.ofHours(25)));

        SimBatch created = batches.create(creation("g1", lines("a")));
        clock.advance(Duration.ofHours(26));

        assertThat(batches.get("test", created.id()).orElseThrow().state()).isEqualTo(BatchState.EXPIRED);
        assertThat(answered).hasValue(0);
    }

    @Test
    void shouldCancelOpenLinesAndRefuseToCancelAnEndedBatch() {
        SimBatches batches = engine(
                BatchSettings.DEFAULTS.withTurnaround(Duration.ofMinutes(1)).withExpiredFraction(0.5));
        SimBatch created = batches.create(creation("g1", lines("a", "b")));
        clock.advance(Duration.ofMinutes(2));

        SimBatch cancelling = batches.cancel("test", created.id()).orElseThrow();

        assertThat(cancelling.state()).isEqualTo(BatchState.CANCELLING);
        SimBatch cancelled = batches.get("test", created.id()).orElseThrow();
        assertThat(cancelled)
                .extracting(SimBatch::state, SimBatch::succeeded, SimBatch::cancelled)
                .containsExactly(BatchState.CANCELLED, 1, 1);
        assertThatThrownBy(() -> batches.cancel("test", created.id()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("Cannot cancel a batch with status cancelled.");
        assertThat(batches.cancel("test", "batch_nope")).isEmpty();
    }

    @Test
    void shouldFailABatchCreatedWithLineErrorsAtOnce() {
        SimBatches batches = engine(BatchSettings.DEFAULTS);
        Creation refused = new Creation(
                "test",
                "batch_",
                "/v1/chat/completions",
                "g1",
                Map.of(),
                null,
                DAY,
                lines("a"),
                List.of(new SimBatch.LineError(1, "invalid_request", "bad line")),
                answerer);

        SimBatch failed = batches.create(refused);

        assertThat(failed.state()).isEqualTo(BatchState.FAILED);
        assertThat(failed.errors()).extracting(SimBatch.LineError::code).containsExactly("invalid_request");
        clock.advance(DAY);
        assertThat(batches.results("test", failed.id()).orElseThrow()).isEmpty();
        assertThat(answered).hasValue(0);
    }

    @Test
    void shouldCountCreationsPerKeySoASecondSubmissionOfAGroupShows() {
        SimBatches batches = engine(BatchSettings.DEFAULTS);

        batches.create(creation("g1", lines("a")));
        batches.create(creation("g2", lines("a")));
        assertThat(batches.duplicateCreations()).isZero();
        batches.create(creation("g1", lines("a")));

        assertThat(batches.creations()).isEqualTo(3);
        assertThat(batches.creations("g1")).isEqualTo(2);
        assertThat(batches.duplicateCreations()).isEqualTo(1);
        batches.reset();
        assertThat(batches.creations()).isZero();
        assertThat(batches.duplicateCreations()).isZero();
    }

    @Test
    void shouldListOnlyTheScopesBatchesNewestFirst() {
        SimBatches batches = engine(BatchSettings.DEFAULTS);
        SimBatch older = batches.create(creation("g1", lines("a")));
        clock.advance(Duration.ofSeconds(1));
        SimBatch newer = batches.create(creation("g2", lines("a")));
        SimBatch other = batches.create(
                new Creation("other", "batch_", null, "g3", Map.of(), null, DAY, lines("a"), List.of(), answerer));

        assertThat(batches.list("test")).extracting(SimBatch::id).containsExactly(newer.id(), older.id());
        assertThat(batches.get("test", other.id())).isEmpty();
        assertThat(newer.metadata()).containsEntry("group", "g2");
    }

    @Test
    void shouldLeaveOutMissingLinesAndAddStrayOnesToTheResultsWhenAsked() {
        SimBatches batches = engine(BatchSettings.DEFAULTS.withTurnaround(Duration.ZERO));
        batches.resultFaults(new SimBatches.ResultFaults(1, 1));

        SimBatch created = batches.create(creation("g1", lines("a", "b", "c")));
        List<LineResult> results = batches.results("test", created.id()).orElseThrow();

        assertThat(results).extracting(LineResult::customId).hasSize(3).contains("stray-1");
        assertThat(results)
                .extracting(LineResult::customId)
                .filteredOn(id -> id.startsWith("line-"))
                .hasSize(2);
        assertThat(batches.get("test", created.id()).orElseThrow())
                .as("the provider's counts still say every line was answered")
                .extracting(SimBatch::state, SimBatch::succeeded)
                .containsExactly(BatchState.COMPLETED, 3);
    }

    @Test
    void shouldRejectFractionsOutsideZeroToOne() {
        assertThatThrownBy(() -> BatchSettings.DEFAULTS.withFailedFraction(1.5))
                .hasMessageContaining("failed fraction must be in 0..1");
        assertThatThrownBy(() -> BatchSettings.DEFAULTS.withFailedFraction(0.6).withExpiredFraction(0.6))
                .hasMessageContaining("more than 1");
    }

    private SimBatches engine(BatchSettings settings) {
        return new SimBatches(clock, settings, 42);
    }

    private Creation creation(String group, List<BatchLine> lines) {
        return new Creation(
                "test",
                "batch_",
                "/v1/chat/completions",
                group,
                Map.of("group", group),
                "file-1",
                DAY,
                lines,
                List.of(),
                answerer);
    }

    private static List<BatchLine> lines(String... bodies) {
        List<BatchLine> lines = new ArrayList<>();
        for (int i = 0; i < bodies.length; i++) {
            lines.add(new BatchLine("line-" + i, "/v1/chat/completions", utf8(bodies[i])));
        }
        return lines;
    }

    private static List<BatchLine> numbered(int count) {
        String[] bodies = new String[count];
        for (int i = 0; i < count; i++) {
            bodies[i] = "body-" + i;
        }
        return lines(bodies);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static final class TestClock extends Clock {
        private volatile Instant now = START;

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
