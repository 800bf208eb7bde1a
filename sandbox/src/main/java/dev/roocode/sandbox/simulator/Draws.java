package dev.roocode.sandbox.simulator;

/**
 * Deterministic "random" numbers for one call, derived from the simulator's seed, the request id and the
 * attempt number (SplitMix64 finaliser). A retried job therefore meets the same sequence of faults on every
 * run, however the calls of other jobs interleave; no shared Random is contended by the IO threads.
 */
final class Draws {

    private final long base;

    Draws(long seed, String requestId, long attempt) {
        long idHash = requestId == null ? 0 : fnv1a(requestId);
        this.base = mix(seed ^ mix(idHash) ^ (attempt * 0x9E3779B97F4A7C15L));
    }

    /** True with the given whole percentage, independently for each salt. */
    boolean percent(int pct, int salt) {
        return pct > 0 && (pct >= 100 || unit(salt) * 100 < pct);
    }

    /** Uniform in [0, bound], inclusive. */
    long upTo(long bound, int salt) {
        return bound <= 0 ? 0 : (long) (unit(salt) * (bound + 1));
    }

    /** Uniform in [0, 1). */
    double unit(int salt) {
        return (mix(base + salt * 0xBF58476D1CE4E5B9L) >>> 11) * 0x1.0p-53;
    }

    /** A response id for this call: hex digits, stable for a given request id and attempt. */
    String id() {
        return Long.toHexString(mix(base ^ 0x5DEECE66DL));
    }

    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    static long fnv1a(CharSequence text) {
        long hash = 0xCBF29CE484222325L;
        for (int i = 0; i < text.length(); i++) {
            hash ^= text.charAt(i);
            hash *= 0x100000001B3L;
        }
        return hash;
    }
}
