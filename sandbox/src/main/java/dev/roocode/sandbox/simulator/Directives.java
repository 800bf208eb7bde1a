package dev.roocode.sandbox.simulator;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a model name asks the simulator to do, parsed once per distinct name (see {@link ProviderSimulator}
 * for the grammar). A name is read as directives only when it is {@code sim-} followed by a directive
 * keyword ({@link #KEYWORDS}): {@code sim-slow}, {@code sim-flaky-30}. Every other name, including
 * {@code sim-model} and {@code sim-model-b} (the names llm-d's own files use) and {@code simple-model}, is
 * an instant, always-successful model. Once the keyword marks a name as directives, the whole name must
 * parse: a typo after it fails loudly rather than silently running an instant model.
 *
 * <p>Percentages are whole numbers 0..100; a zero rpm/tpm means "no limit".
 */
record Directives(
        long latencyMs,
        long jitterMs,
        int flakyPct,
        boolean always429,
        long rpm,
        long tpm,
        int malformedPct,
        boolean down,
        boolean timeout,
        int resetPct) {

    static final Directives INSTANT = new Directives(0, 0, 0, false, 0, 0, 0, false, false, 0);
    /** The directive keywords; a name is directives when its first token after {@code sim-} is one of them. */
    static final List<String> KEYWORDS =
            List.of("slow", "latency", "jitter", "flaky", "429", "rpm", "tpm", "malformed", "down", "timeout", "reset");
    /** The valid directives, as a 400 names them. */
    static final String GRAMMAR = "slow, latency-<ms>, jitter-<ms>, flaky-<pct>, 429, rpm-<n>, tpm-<n>, "
            + "malformed-<pct>, down, timeout, reset-<pct>";

    static final long SLOW_LATENCY_MS = 2000;

    boolean rateLimited() {
        return rpm > 0 || tpm > 0;
    }

    boolean delayed() {
        return latencyMs > 0 || jitterMs > 0;
    }

    /**
     * Parses a model name.
     *
     * @throws IllegalArgumentException for a name marked as directives ({@code sim-<keyword>...}) that does
     *     not parse, naming every unknown or malformed directive and the valid ones, so a typo in a
     *     benchmark's model name fails loudly instead of silently running an instant model
     */
    static Directives parse(String model) {
        String name = model.toLowerCase(Locale.ROOT);
        String[] tokens = name.split("-", -1);
        if (tokens.length < 2 || !tokens[0].equals("sim") || !KEYWORDS.contains(tokens[1])) {
            return INSTANT;
        }
        long latency = 0;
        long jitter = 0;
        int flaky = 0;
        boolean always429 = false;
        long rpm = 0;
        long tpm = 0;
        int malformed = 0;
        boolean down = false;
        boolean timeout = false;
        int reset = 0;
        List<String> problems = new ArrayList<>();
        for (int i = 1; i < tokens.length; i++) {
            String token = tokens[i];
            switch (token) {
                case "slow" -> latency = SLOW_LATENCY_MS;
                case "429" -> always429 = true;
                case "down" -> down = true;
                case "timeout" -> timeout = true;
                case "latency", "jitter", "flaky", "rpm", "tpm", "malformed", "reset" -> {
                    Long value = i + 1 < tokens.length ? number(tokens[i + 1]) : null;
                    if (value == null) {
                        problems.add("'" + token + "' needs a number after it");
                        continue;
                    }
                    i++;
                    boolean pct = token.equals("flaky") || token.equals("malformed") || token.equals("reset");
                    if (pct && value > 100) {
                        problems.add("'" + token + "-" + value + "' is over 100 percent");
                        continue;
                    }
                    switch (token) {
                        case "latency" -> latency = value;
                        case "jitter" -> jitter = value;
                        case "flaky" -> flaky = value.intValue();
                        case "rpm" -> rpm = value;
                        case "tpm" -> tpm = value;
                        case "malformed" -> malformed = value.intValue();
                        default -> reset = value.intValue();
                    }
                }
                default -> problems.add("unknown directive '" + token + "'");
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("Simulator model '" + model + "': " + String.join("; ", problems)
                    + ". A model named sim-<directive> takes " + "dash-separated directives: " + GRAMMAR
                    + " (sandbox/SIMULATOR.md).");
        }
        return new Directives(latency, jitter, flaky, always429, rpm, tpm, malformed, down, timeout, reset);
    }

    private static Long number(String token) {
        if (token.isEmpty() || token.length() > 12) {
            return null;
        }
        for (int i = 0; i < token.length(); i++) {
            if (token.charAt(i) < '0' || token.charAt(i) > '9') {
                return null;
            }
        }
        return Long.parseLong(token);
    }
}
