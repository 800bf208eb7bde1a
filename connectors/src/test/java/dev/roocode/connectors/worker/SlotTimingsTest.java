package dev.roocode.connectors.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The slot-cycle breakdown: which records it counts, and that it collects nothing when disabled. */
class SlotTimingsTest {
    private final PartitionProgress partition = new PartitionProgress();

    private static void cycle(SlotTimings timings, PartitionProgress partition, long offset) {
        timings.pollStarting();
        timings.pollReturned(1);
        timings.started(partition, offset);
        timings.sent(partition, offset, System.nanoTime());
        timings.ackSeen(partition, offset, System.nanoTime());
        timings.commitSent(partition, List.of(offset));
    }

    @Test
    void shouldCountACycleOnceEvenWhenTwoCommitsInFlightCoverIt() {
        SlotTimings timings = new SlotTimings("p", 4, true);
        cycle(timings, partition, 0);
        timings.commitSent(partition, List.of(0L)); // a second commit in flight covers it again

        timings.commitAnswered(partition, List.of(0L));
        timings.commitAnswered(partition, List.of(0L));

        assertThat(timings.summary())
                .startsWith("provider=p slot cycle over 1 jobs, mean ms: polled→started ")
                .contains("commit sent→commit answered ")
                .contains("1 polls (1 with records)")
                .contains("2 partition commits");
    }

    @Test
    void shouldLeaveOutRecordsWithoutAnAnswer() {
        SlotTimings timings = new SlotTimings("p", 4, true);
        timings.started(partition, 0); // a dead letter or a cancelled job: no HTTP answer, no ack timestamps here
        timings.commitSent(partition, List.of(0L));
        timings.commitAnswered(partition, List.of(0L));

        assertThat(timings.summary()).startsWith("provider=p slot cycle over 0 jobs");
    }

    @Test
    void shouldCollectNothingWhenDisabled() {
        SlotTimings timings = new SlotTimings("p", 4, false);
        cycle(timings, partition, 0);
        timings.commitAnswered(partition, List.of(0L));

        assertThat(timings.summary())
                .startsWith("provider=p slot cycle over 0 jobs")
                .contains("0 polls");
    }
}
