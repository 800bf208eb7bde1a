package dev.roocode.connectors.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class PartitionProgressTest {
    private final PartitionProgress progress = new PartitionProgress();

    private void dispatch(long... offsets) {
        for (long offset : offsets) {
            progress.dispatched(offset);
        }
    }

    @Test
    void shouldCommitNothingBeforeTheFirstCompletion() {
        dispatch(0, 1, 2);

        assertThat(progress.committableOffset()).isEmpty();
        assertThat(progress.pendingCount()).isEqualTo(3);
    }

    @Test
    void shouldCommitOnlyTheContiguousPrefixWhenCompletionsArriveOutOfOrder() {
        dispatch(0, 1, 2, 3);

        progress.completed(2);
        progress.completed(1);
        assertThat(progress.committableOffset())
                .as("0 is still running: the prefix stays at 0")
                .hasValue(0);

        progress.completed(0);
        assertThat(progress.committableOffset()).hasValue(3);

        progress.completed(3);
        assertThat(progress.committableOffset()).hasValue(4);
        assertThat(progress.isDrained()).isTrue();
    }

    @Test
    void shouldStopAtTheFirstUnfinishedRecord() {
        dispatch(10, 11, 12, 13, 14);

        progress.completed(10);
        progress.completed(11);
        progress.completed(13);
        progress.completed(14);

        assertThat(progress.committableOffset()).hasValue(12);
        assertThat(progress.pendingCount()).isEqualTo(1);
    }

    @Test
    void shouldSkipOffsetGapsLeftByTransactionMarkersAndCompaction() {
        dispatch(0, 2, 5, 9);

        progress.completed(5);
        progress.completed(0);
        assertThat(progress.committableOffset()).as("1 was never a record").hasValue(2);

        progress.completed(2);
        assertThat(progress.committableOffset())
                .as("the first unfinished record")
                .hasValue(9);

        progress.completed(9);
        assertThat(progress.committableOffset()).hasValue(10);
    }

    @Test
    void shouldKeepCommittableWhenMoreRecordsArriveAfterADrain() {
        dispatch(0);
        progress.completed(0);
        dispatch(1, 2);

        assertThat(progress.committableOffset()).hasValue(1);
        progress.completed(2);
        assertThat(progress.committableOffset()).hasValue(1);
        progress.completed(1);
        assertThat(progress.committableOffset()).hasValue(3);
    }

    @Test
    void shouldIgnoreDuplicateAndUnknownCompletions() {
        dispatch(0, 1);

        assertThat(progress.completed(0)).isTrue();
        assertThat(progress.completed(0)).isFalse();
        assertThat(progress.completed(7)).isFalse();
        assertThat(progress.committableOffset()).hasValue(1);
    }

    @Test
    void shouldRejectOffsetsThatDoNotIncrease() {
        dispatch(5);

        assertThatThrownBy(() -> progress.dispatched(5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> progress.dispatched(3)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldIgnoreLateCompletionsAfterRevocation() {
        dispatch(0, 1, 2);
        progress.completed(0);

        progress.revoke();

        assertThat(progress.completed(1)).isFalse();
        assertThat(progress.completed(2)).isFalse();
        assertThat(progress.committableOffset())
                .as("nothing to commit for a lost partition")
                .isEmpty();
        assertThat(progress.isRevoked()).isTrue();
        assertThat(progress.isDrained()).isTrue();
    }

    @Test
    void shouldKeepAssignmentsIndependentAfterReassignment() {
        dispatch(0, 1);
        progress.completed(1);
        progress.revoke();

        PartitionProgress next = new PartitionProgress();
        next.dispatched(0);
        next.dispatched(1);
        assertThat(progress.completed(0))
                .as("a late completion of the old assignment")
                .isFalse();

        assertThat(next.committableOffset()).isEqualTo(OptionalLong.empty());
        next.completed(0);
        assertThat(next.committableOffset()).hasValue(1);
    }

    @Test
    void shouldHandleLargeWindowsCompletedInReverse() {
        for (long offset = 0; offset < 10_000; offset++) {
            progress.dispatched(offset);
        }
        for (long offset = 9_999; offset >= 1; offset--) {
            progress.completed(offset);
        }
        assertThat(progress.committableOffset()).hasValue(0);
        assertThat(progress.commitPoint().orElseThrow().metadata()).isEqualTo("v1:1-9999");

        progress.completed(0);
        assertThat(progress.committableOffset()).hasValue(10_000);
    }

    @Test
    void shouldListRecordsFinishedBeyondThePrefixInTheCommitMetadata() {
        dispatch(10, 11, 12, 13, 14, 15, 17);

        progress.completed(10);
        progress.completed(12);
        progress.completed(13);
        progress.completed(15);
        progress.completed(17);

        PartitionProgress.CommitPoint point = progress.commitPoint().orElseThrow();
        assertThat(point.offset()).isEqualTo(11);
        assertThat(point.metadata())
                .as("runs relative to 11, split by the unfinished 14")
                .isEqualTo("v1:1-2,4-6");
        assertThat(PartitionProgress.completedInMetadata(11, point.metadata()))
                .containsExactly(12L, 13L, 15L, 16L, 17L);
    }

    @Test
    void shouldHoldEachSlotUntilACommitCoversIt() {
        dispatch(0, 1, 2);
        assertThat(progress.slots()).isEqualTo(3);

        progress.completed(1);
        assertThat(progress.slots()).as("finished but not committed").isEqualTo(3);

        PartitionProgress.CommitPoint point = progress.commitPoint().orElseThrow();
        assertThat(point.covered()).containsExactly(1L);
        assertThat(progress.committed(point)).isEqualTo(1);
        assertThat(progress.slots()).isEqualTo(2);
        assertThat(progress.committed(point)).as("idempotent").isZero();
    }

    @Test
    void shouldSkipRecordsAnEarlierOwnerListedAsFinished() {
        PartitionProgress next = new PartitionProgress(PartitionProgress.completedInMetadata(11, "v1:1-2,4-6"));

        assertThat(next.isAlreadyDone(11)).isFalse();
        assertThat(next.isAlreadyDone(12)).isTrue();
        assertThat(next.isAlreadyDone(14)).isFalse();
        next.dispatched(11);
        next.skipped(12);
        next.skipped(13);
        next.dispatched(14);
        assertThat(next.slots()).isEqualTo(2);

        next.completed(11);
        assertThat(next.committableOffset()).hasValue(14);
        next.completed(14);
        assertThat(next.committableOffset()).hasValue(15);
    }

    @Test
    void shouldReadUnknownOrBrokenMetadataAsNothingFinished() {
        assertThat(PartitionProgress.completedInMetadata(5, "")).isEmpty();
        assertThat(PartitionProgress.completedInMetadata(5, null)).isEmpty();
        assertThat(PartitionProgress.completedInMetadata(5, "someone else's note"))
                .isEmpty();
        assertThat(PartitionProgress.completedInMetadata(5, "v1:x-3")).isEmpty();
        assertThat(PartitionProgress.completedInMetadata(5, "v1:0"))
                .as("the committed offset itself is never finished")
                .isEmpty();
    }

    @Test
    void shouldDropMetadataThatWouldNotFitAndCoverOnlyThePrefix() {
        for (long offset = 0; offset < 4_000; offset++) {
            progress.dispatched(offset);
        }
        progress.completed(0);
        for (long offset = 2; offset < 4_000; offset += 2) {
            progress.completed(offset); // every other record unfinished: ~2,000 runs
        }

        PartitionProgress.CommitPoint point = progress.commitPoint().orElseThrow();
        assertThat(point.offset()).isEqualTo(1);
        assertThat(point.metadata()).isEmpty();
        assertThat(point.covered()).containsExactly(0L);
    }
}
