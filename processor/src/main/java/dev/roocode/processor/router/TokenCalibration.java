package dev.roocode.processor.router;

import java.util.HashMap;
import java.util.Map;

/**
 * How far the router's prompt-token estimate is off at one provider model, learned from the usage the
 * provider reports, and what the context-window check makes of it. Pure.
 *
 * <p>{@link dev.roocode.core.tokens.TokenEstimator} counts with OpenAI's tokenizers; other models' tokenizers split the same
 * text into more tokens (llama.cpp serving a Llama model reported 4.8 times the cl100k count), so a
 * job the estimate fits into a 512-token window comes back as CONTEXT_LENGTH, a request error the
 * finalizer does not fall back on. Each successful attempt with usage is an observation
 * {@code actual / estimated} prompt tokens; the ratio per provider model is their moving average
 * (weight {@value #ALPHA} for the newest, the first one taken as it is), clamped to
 * [{@value #MIN_RATIO}, {@value #MAX_RATIO}]. Prompts estimated under {@value #MIN_SAMPLE_TOKENS}
 * tokens are not observed: there chat-template tokens the estimate cannot see dominate the ratio.
 *
 * <p>The check only ever grows the estimate: a ratio below 1 (a tokenizer that counts fewer tokens)
 * is kept but not applied, because a job let through on it that does not fit fails for good, while
 * a job kept off a provider it would just have fitted goes to another provider or waits.
 */
public final class TokenCalibration {
    /** Weight of the newest observation. */
    static final double ALPHA = 0.2;

    public static final double MIN_RATIO = 0.5;
    public static final double MAX_RATIO = 8.0;
    /** Prompts estimated below this many tokens teach nothing (template tokens dominate). */
    public static final long MIN_SAMPLE_TOKENS = 32;

    private TokenCalibration() {}

    /** Whether a prompt estimated at {@code estimated} tokens and reported as {@code actual} is an observation. */
    public static boolean observable(long estimated, long actual) {
        return estimated >= MIN_SAMPLE_TOKENS && actual > 0;
    }

    /**
     * {@code ratios} (provider model → ratio) after {@code samples}, each {@code count} observations
     * summing to {@code estimated} and {@code actual} prompt tokens. A new map; the input is not changed.
     */
    public static Map<String, Double> learn(Map<String, Double> ratios, Map<String, Sample> samples) {
        Map<String, Double> next = new HashMap<>(ratios);
        samples.forEach((model, sample) -> {
            if (model == null || sample.count() <= 0 || sample.estimated() <= 0) {
                return;
            }
            double observed = clamp((double) sample.actual() / sample.estimated());
            Double previous = next.get(model);
            double ratio = previous == null
                    ? observed
                    : observed + (previous - observed) * Math.pow(1 - ALPHA, sample.count());
            next.put(model, clamp(ratio));
        });
        return next;
    }

    /** The factor the context-window check applies for {@code ratio} (null when not observed): at least 1. */
    public static double contextFactor(Double ratio) {
        return ratio == null || ratio.isNaN() ? 1.0 : Math.max(1.0, clamp(ratio));
    }

    /** Prompt tokens the context-window check counts for an estimate of {@code inputTokens} under {@code ratio}. */
    public static long contextInputTokens(long inputTokens, Double ratio) {
        return (long) Math.ceil(inputTokens * contextFactor(ratio));
    }

    private static double clamp(double ratio) {
        return Math.max(MIN_RATIO, Math.min(MAX_RATIO, ratio));
    }

    /**
     * Observations of one provider model summed: {@code count} prompts estimated at {@code estimated}
     * tokens in all, reported by the provider as {@code actual}.
     */
    public record Sample(long estimated, long actual, long count) {
        /** One observation. */
        public static Sample of(long estimated, long actual) {
            return new Sample(estimated, actual, 1);
        }

        /** This and {@code other} summed. */
        public Sample plus(Sample other) {
            return new Sample(estimated + other.estimated, actual + other.actual, count + other.count);
        }
    }
}
