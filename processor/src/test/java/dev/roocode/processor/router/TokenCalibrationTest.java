package dev.roocode.processor.router;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roocode.processor.router.TokenCalibration.Sample;
import java.util.Map;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class TokenCalibrationTest {

    @Test
    void shouldTakeTheFirstObservationAsItIs() {
        Map<String, Double> ratios = TokenCalibration.learn(Map.of(), Map.of("llama", Sample.of(140, 672)));

        assertThat(ratios).containsEntry("llama", 4.8);
    }

    @Test
    void shouldMoveTowardsNewObservationsByTheirCount() {
        Map<String, Double> once = TokenCalibration.learn(Map.of("llama", 1.0), Map.of("llama", Sample.of(100, 300)));
        Map<String, Double> thrice =
                TokenCalibration.learn(Map.of("llama", 1.0), Map.of("llama", new Sample(300, 900, 3)));

        assertThat(once.get("llama")).isCloseTo(1.0 + 0.2 * 2.0, Offset.offset(1e-9));
        assertThat(thrice.get("llama")).isCloseTo(3.0 - 2.0 * Math.pow(0.8, 3), Offset.offset(1e-9));
    }

    @Test
    void shouldKeepEachProviderModelApart() {
        Map<String, Double> ratios = TokenCalibration.learn(Map.of("gpt", 1.02), Map.of("llama", Sample.of(100, 480)));

        assertThat(ratios).containsEntry("gpt", 1.02).containsEntry("llama", 4.8);
    }

    @Test
    void shouldClampRatiosToHalfAndEight() {
        assertThat(TokenCalibration.learn(Map.of(), Map.of("m", Sample.of(100, 5_000))))
                .containsEntry("m", 8.0);
        assertThat(TokenCalibration.learn(Map.of(), Map.of("m", Sample.of(100, 10))))
                .containsEntry("m", 0.5);
    }

    @Test
    void shouldNotObserveShortPromptsOrMissingUsage() {
        assertThat(TokenCalibration.observable(TokenCalibration.MIN_SAMPLE_TOKENS - 1, 500))
                .isFalse();
        assertThat(TokenCalibration.observable(500, 0))
                .as("provider sent no usage")
                .isFalse();
        assertThat(TokenCalibration.observable(TokenCalibration.MIN_SAMPLE_TOKENS, 40))
                .isTrue();
    }

    @Test
    void shouldOnlyEverGrowTheContextEstimate() {
        assertThat(TokenCalibration.contextInputTokens(140, null)).isEqualTo(140);
        assertThat(TokenCalibration.contextInputTokens(140, 4.8)).isEqualTo(672);
        assertThat(TokenCalibration.contextInputTokens(140, 0.5))
                .as("a tokenizer counting fewer tokens lets nothing more through")
                .isEqualTo(140);
        assertThat(TokenCalibration.contextInputTokens(100, 20.0)).as("clamped").isEqualTo(800);
    }
}
