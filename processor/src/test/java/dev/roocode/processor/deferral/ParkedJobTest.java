package dev.roocode.processor.deferral;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roocode.core.trace.TraceParent;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The keys of the {@code deferred-jobs} and {@code outage-waits} stores keep the trace of a parked job, and a key of
 * the older format (deadline/requestId only, as a changelog written before traces were kept restores it) still reads.
 */
class ParkedJobTest {
    private static final TraceParent TRACE =
            TraceParent.parse("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
    private static final long DEADLINE_MS = 1_764_072_000_000L;

    @Test
    void shouldKeepTheTraceAndTheDeadlineInTheKey() {
        String key = ParkedJob.key(DEADLINE_MS, "b1/line-7 x", TRACE);

        assertThat(ParkedJob.traceOf(key)).isEqualTo(TRACE);
        assertThat(ParkedJob.deadlineOf(key)).isEqualTo(DEADLINE_MS);
    }

    @Test
    void shouldReadAKeyOfTheOlderFormatAsAJobWithoutTrace() {
        // the exact format a processor before traces were kept wrote
        String old = String.format("%016d/%s", DEADLINE_MS, "b1/line-7");

        assertThat(ParkedJob.traceOf(old)).isNull();
        assertThat(ParkedJob.deadlineOf(old)).isEqualTo(DEADLINE_MS);
        assertThat(ParkedJob.key(DEADLINE_MS, "b1/line-7", null)).isEqualTo(old);
    }

    @Test
    void shouldNotTakeARequestIdThatEndsLikeATraceparentForATrace() {
        String old = String.format("%016d/%s", DEADLINE_MS, "b1/" + TRACE.header());

        assertThat(ParkedJob.traceOf(old)).isNull();
    }

    @Test
    void shouldKeepKeysInDeadlineThenRequestIdOrderWithOrWithoutTrace() {
        TreeSet<String> keys = new TreeSet<>(List.of(
                ParkedJob.key(DEADLINE_MS + 1, "a", TRACE),
                ParkedJob.key(DEADLINE_MS, "a-b", null),
                ParkedJob.key(DEADLINE_MS, "a", TRACE),
                ParkedJob.key(DEADLINE_MS, "a b", TRACE)));

        assertThat(keys)
                .containsExactly(
                        ParkedJob.key(DEADLINE_MS, "a", TRACE),
                        ParkedJob.key(DEADLINE_MS, "a b", TRACE),
                        ParkedJob.key(DEADLINE_MS, "a-b", null),
                        ParkedJob.key(DEADLINE_MS + 1, "a", TRACE));
    }
}
