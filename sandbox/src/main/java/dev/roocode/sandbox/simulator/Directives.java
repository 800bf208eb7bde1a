package dev.roocode.sandbox.simulator;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a model name asks the simulator to do, parsed once per distinct name (see {@link ProviderSimulator}
 * for the grammar). A name that is not {@code sim} and does not start with {@code sim-} is an instant,
 * always-successful model: a {@code simple-model} must not be mistaken for directives.
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
   * @throws IllegalArgumentException naming every unknown or malformed directive, so a typo in a
   *     benchmark's model name fails loudly instead of silently running an instant model
   */
  static Directives parse(String model) {
    String name = model.toLowerCase(Locale.ROOT);
    if (!name.equals("sim") && !name.startsWith("sim-")) {
      return INSTANT;
    }
    String[] tokens = name.split("-");
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
      throw new IllegalArgumentException(
          "Simulator model '" + model + "': " + String.join("; ", problems) + ". See sandbox/SIMULATOR.md.");
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
