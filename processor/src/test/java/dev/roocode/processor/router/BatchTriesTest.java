package dev.roocode.processor.router;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roocode.schemas.avro.AttemptRecord;
import dev.roocode.schemas.avro.ErrorClass;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BatchTriesTest {

    @Test
    void shouldCountEveryBatchAttemptAndOfferAgainOnlyThoseWhoseLatestLineFailedWithA429Or5xxOfItsOwn() {
        BatchTries tries = BatchTries.of(List.of(
                failed("a:batch", 500),
                failed("b:batch", null), // b's batch expired whole: no status of the line's own
                failed("c:batch", 429),
                failed("d:batch", 400), // refused on its own merits: likely again
                failed("e:batch", 503),
                failed("e:batch", null))); // e's line then failed with its batch: the latest counts

        assertThat(tries.made()).isEqualTo(6);
        assertThat(tries.again()).containsExactlyInAnyOrder("a:batch", "c:batch");
    }

    @Test
    void shouldNotCountRealtimeAttemptsAsBatchTries() {
        BatchTries tries = BatchTries.of(List.of(failed("a:batch", 500), failed("a", 500)));

        assertThat(tries.made()).isEqualTo(1);
        assertThat(tries.again()).containsExactly("a:batch");
        assertThat(BatchTries.counted(Set.of("a:batch", "b:batch", "c"))).isEqualTo(new BatchTries(2, Set.of()));
        assertThat(BatchTries.counted(Set.of("c"))).isSameAs(BatchTries.NONE);
    }

    private static AttemptRecord failed(String provider, Integer status) {
        return AttemptRecord.newBuilder()
                .setProvider(provider)
                .setAttempt(1)
                .setLatencyMs(1)
                .setHttpStatus(status)
                .setErrorClass(ErrorClass.PROVIDER_ERROR)
                .build();
    }
}
