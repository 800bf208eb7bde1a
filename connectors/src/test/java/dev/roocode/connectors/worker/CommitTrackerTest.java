package dev.roocode.connectors.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetCommitCallback;
import org.apache.kafka.clients.consumer.RetriableCommitFailedException;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** When the tracker commits asynchronously, and which window slots each commit's answer frees. */
class CommitTrackerTest {
    private static final TopicPartition TP = new TopicPartition("dispatch.p", 0);
    private static final int WINDOW = 4;

    /** Asynchronous commits sent and not yet answered, in the order they were made. */
    private final List<Sent> sent = new ArrayList<>();

    private final MockConsumer<String, byte[]> consumer = new MockConsumer<>("earliest") {
        @Override
        public synchronized void commitAsync(
                Map<TopicPartition, OffsetAndMetadata> offsets, OffsetCommitCallback callback) {
            sent.add(new Sent(Map.copyOf(offsets), callback));
        }
    };

    private final DispatchWindow window = new DispatchWindow(WINDOW);
    private final PartitionProgress partition = new PartitionProgress();
    private final AtomicInteger resumed = new AtomicInteger();
    private final CommitTracker tracker = new CommitTracker(
            "p",
            WINDOW,
            Duration.ofHours(1),
            Clock.fixed(Instant.parse("2026-12-07T15:00:00Z"), ZoneOffset.UTC),
            window.progress(),
            window::release,
            resumed::incrementAndGet,
            new SlotTimings("p", WINDOW, false));

    private record Sent(Map<TopicPartition, OffsetAndMetadata> offsets, OffsetCommitCallback callback) {
        long offset() {
            return offsets.get(TP).offset();
        }

        void succeed() {
            callback.onComplete(offsets, null);
        }

        void fail() {
            callback.onComplete(offsets, new RetriableCommitFailedException("broker busy"));
        }
    }

    private void fillWindow() {
        window.progress().put(TP, partition);
        for (long offset = 0; offset < WINDOW; offset++) {
            partition.dispatched(offset);
            window.take();
        }
        tracker.maybeCommitAsync(consumer, window.slots()); // once, as every poll does: nothing finished yet
    }

    private void finish(long offset) {
        partition.completed(offset);
        tracker.maybeCommitAsync(consumer, window.slots());
    }

    @Test
    void shouldCommitAgainWhileACommitIsInFlightWhenAFullWindowHasAnotherFinishedRecord() {
        fillWindow();
        assertThat(sent).as("nothing finished: nothing to commit").isEmpty();

        finish(0);
        assertThat(sent).extracting(Sent::offset).containsExactly(1L);

        finish(1);
        assertThat(sent)
                .as("the window is full and offset 1's slot waits: its commit need not wait for the first's answer")
                .extracting(Sent::offset)
                .containsExactly(1L, 2L);

        tracker.maybeCommitAsync(consumer, window.slots());
        assertThat(sent)
                .as("nothing finished that no commit in flight covers: no third commit")
                .hasSize(2);
    }

    @Test
    void shouldFreeEachCommitsSlotsWhenItsAnswerArrives() {
        fillWindow();
        finish(0);
        finish(1);

        sent.get(0).succeed();
        assertThat(window.slots()).as("the first commit covered offset 0 only").isEqualTo(3);
        assertThat(resumed).hasValue(1);

        sent.get(1).succeed();
        assertThat(window.slots()).isEqualTo(2);
        assertThat(resumed).hasValue(2);
    }

    @Test
    void shouldFreeTheSlotsOfAFailedCommitWhenALaterCommitInFlightSucceeds() {
        fillWindow();
        finish(0);
        finish(1);

        sent.get(0).fail();
        assertThat(window.slots())
                .as("a failed commit frees nothing: a crash now would repeat offset 0")
                .isEqualTo(WINDOW);

        sent.get(1).succeed();
        assertThat(window.slots())
                .as("the later commit (offset 2) covers offset 0 too")
                .isEqualTo(2);
    }

    @Test
    void shouldCountRecordsOfAFailedCommitAsDueAgain() {
        fillWindow();
        finish(0);
        sent.get(0).fail();

        tracker.maybeCommitAsync(consumer, window.slots());
        assertThat(sent)
                .as("offset 0 still holds a slot of the full window and no commit covers it now")
                .extracting(Sent::offset)
                .containsExactly(1L, 1L);
    }
}
