package dev.roocode.bench.routing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DeadlineJobsTest {

    @Test
    void shouldMakeExactlyTheTightShareOfTheJobsTightWhenTheShareComesFromAnIntegerPercent() {
        assertThat(tightOf(100_000, (100 - 80) / 100.0)).isEqualTo(20_000);
        assertThat(tightOf(10_000, 20 / 100.0)).isEqualTo(2_000);
        // what the offload scenario computed before: 1 - 0.8 is just below 0.2 in doubles
        assertThat(tightOf(100_000, 1 - 0.8)).isEqualTo(19_999);
    }

    private static int tightOf(int jobs, double share) {
        int tight = 0;
        for (int i = 0; i < jobs; i++) {
            if (DeadlineJobs.tight(i, share)) {
                tight++;
            }
        }
        return tight;
    }
}
