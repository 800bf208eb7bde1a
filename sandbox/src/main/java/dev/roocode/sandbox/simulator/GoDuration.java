package dev.roocode.sandbox.simulator;

/**
 * Formats durations the way OpenAI's {@code x-ratelimit-reset-*} headers do (Go's
 * {@code time.Duration.String()} at millisecond precision): {@code 120ms}, {@code 1s}, {@code 59.5s},
 * {@code 6m0s}, {@code 1h2m3s}.
 */
final class GoDuration {

    private GoDuration() {}

    static String format(long millis) {
        if (millis <= 0) {
            return "0s";
        }
        if (millis < 1000) {
            return millis + "ms";
        }
        StringBuilder out = new StringBuilder(12);
        long hours = millis / 3_600_000;
        long minutes = millis / 60_000 % 60;
        long seconds = millis / 1000 % 60;
        long fraction = millis % 1000;
        if (hours > 0) {
            out.append(hours).append('h');
        }
        if (hours > 0 || minutes > 0) {
            out.append(minutes).append('m');
        }
        out.append(seconds);
        if (fraction > 0) {
            String digits = String.format("%03d", fraction);
            int end = digits.length();
            while (digits.charAt(end - 1) == '0') {
                end--;
            }
            out.append('.').append(digits, 0, end);
        }
        return out.append('s').toString();
    }
}
