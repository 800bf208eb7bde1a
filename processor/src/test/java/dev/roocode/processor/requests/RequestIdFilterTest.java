package dev.roocode.processor.requests;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RequestIdFilterTest {
    private final RequestIdFilter filter = new RequestIdFilter();

    @Test
    void shouldLetEveryLookupThroughUntilAPassHasReadTheStore() {
        filter.added("written-before-any-pass");
        assertThat(filter.mayContain("anything")).isTrue();

        filter.passStarted();
        filter.passKept("kept");
        assertThat(filter.mayContain("anything"))
                .as("a pass under way knows nothing yet")
                .isTrue();
        filter.passEnded();

        assertThat(filter.isComplete()).isTrue();
        assertThat(filter.mayContain("kept")).isTrue();
    }

    @Test
    void shouldNeverSayAbsentOfAnIdTheStoreHolds() {
        filter.passStarted();
        IntStream.range(0, 100_000).forEach(i -> filter.passKept("kept-" + i));
        filter.added("written-during-the-pass"); // in the part of the store the pass had already read
        filter.passEnded();
        IntStream.range(0, 300_000)
                .forEach(i -> filter.added("batch-7/line-" + i)); // the filter grows past its first parts

        assertThat(IntStream.range(0, 100_000).allMatch(i -> filter.mayContain("kept-" + i)))
                .isTrue();
        assertThat(IntStream.range(0, 300_000).allMatch(i -> filter.mayContain("batch-7/line-" + i)))
                .isTrue();
        assertThat(filter.mayContain("written-during-the-pass")).isTrue();
        long falsePositives = IntStream.range(0, 100_000)
                .filter(i -> filter.mayContain("new-" + i))
                .count();
        assertThat(falsePositives).as("of 100,000 ids never written").isLessThan(3_000);
    }

    @Test
    void shouldForgetWhatAPassPurgedAndEverythingOnReset() {
        filter.passStarted();
        filter.passKept("kept");
        filter.passEnded();
        filter.added("purged-later");
        filter.passStarted();
        filter.passKept("kept");
        filter.passEnded(); // "purged-later" was not kept

        assertThat(filter.mayContain("kept")).isTrue();
        assertThat(IntStream.range(0, 50)
                        .filter(i -> filter.mayContain("purged-later"))
                        .count())
                .isZero();

        filter.reset();
        assertThat(filter.isComplete()).isFalse();
        assertThat(filter.mayContain("never-seen")).isTrue();
    }
}
