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
        assertThat(progress.committableOffset()).as("0 is still running").isEmpty();

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
        assertThat(progress.committableOffset()).hasValue(1);

        progress.completed(2);
        assertThat(progress.committableOffset()).as("3 and 4 were never records").hasValue(6);

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
        assertThat(progress.committableOffset()).as("frozen at the revocation prefix").hasValue(1);
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
        assertThat(progress.completed(0)).as("a late completion of the old assignment").isFalse();

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
        assertThat(progress.committableOffset()).isEmpty();

        progress.completed(0);
        assertThat(progress.committableOffset()).hasValue(10_000);
    }
}
