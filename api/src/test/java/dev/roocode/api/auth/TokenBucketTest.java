package dev.roocode.api.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TokenBucketTest {
    @Test
    void shouldAllowABurstOfRpmThenOneRequestPerRefillInterval() {
        TokenBucket bucket = new TokenBucket(2, 0);

        assertThat(bucket.tryTake(0)).isZero();
        assertThat(bucket.tryTake(0)).isZero();
        assertThat(bucket.tryTake(0)).isEqualTo(30_000);
        assertThat(bucket.tryTake(10_000)).isEqualTo(20_000);
        assertThat(bucket.tryTake(30_000)).isZero();
        assertThat(bucket.tryTake(30_000)).isEqualTo(30_000);
    }

    @Test
    void shouldNotStoreMoreThanRpmTokens() {
        TokenBucket bucket = new TokenBucket(3, 0);
        for (int i = 0; i < 3; i++) {
            assertThat(bucket.tryTake(0)).isZero();
        }

        long anHourLater = 3_600_000;
        for (int i = 0; i < 3; i++) {
            assertThat(bucket.tryTake(anHourLater)).isZero();
        }
        assertThat(bucket.tryTake(anHourLater)).isEqualTo(20_000);
    }

    @Test
    void shouldNotRefillWhenTheClockGoesBack() {
        TokenBucket bucket = new TokenBucket(1, 60_000);
        assertThat(bucket.tryTake(60_000)).isZero();

        assertThat(bucket.tryTake(0)).isEqualTo(60_000);
        assertThat(bucket.tryTake(90_000)).isEqualTo(30_000);
    }
}
