package dev.roocode.connectors.provider.huggingface;

import dev.roocode.connectors.provider.HttpAnswer;
import dev.roocode.connectors.provider.RateLimits;
import dev.roocode.connectors.provider.openaiformat.OpenAiFormatRateLimits;
import java.time.Instant;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Hugging Face's rate-limit signals: a TGI server behind a gateway may send OpenAI's {@code x-ratelimit-*}
 * headers; the Hub sends the IETF {@code RateLimit: "api";r=<remaining>;t=<seconds to reset>}
 * (draft-ietf-httpapi-ratelimit-headers version 9, as the Hub documents it; its {@code RateLimit-Policy}
 * quota is per 5-minute window, not per minute, so it is not read as a limit). Pure.
 */
final class HuggingFaceRateLimits {
    /** One parameter of an IETF {@code RateLimit} item: {@code r=12} or {@code t=58}. */
    private static final Pattern IETF_PARAM = Pattern.compile(";\\s*([rt])=(\\d{1,15})(?![0-9])");

    private HuggingFaceRateLimits() {}

    /** The headers of {@code answer}, times made absolute from {@code now}. */
    static RateLimits read(HttpAnswer answer, Instant now) {
        RateLimits limits = OpenAiFormatRateLimits.read(answer, now);
        if (limits.remainingRequests() == null && limits.resetRequests() == null) {
            long[] ietf = ietfRateLimit(answer);
            if (ietf != null) {
                limits = limits.withRequests(ietf[0], now.plusSeconds(ietf[1]));
            }
        }
        return limits;
    }

    /** {remaining, seconds to reset} of the first item of an IETF {@code RateLimit} header with both, or null. */
    private static long[] ietfRateLimit(HttpAnswer answer) {
        Optional<String> value = answer.header("ratelimit");
        if (value.isEmpty()) {
            return null;
        }
        for (String item : value.get().split(",")) {
            Long remaining = null;
            Long reset = null;
            Matcher m = IETF_PARAM.matcher(item);
            while (m.find()) {
                if (m.group(1).equals("r")) {
                    remaining = Long.parseLong(m.group(2));
                } else {
                    reset = Long.parseLong(m.group(2));
                }
            }
            if (remaining != null && reset != null) {
                return new long[] {remaining, reset};
            }
        }
        return null;
    }
}
