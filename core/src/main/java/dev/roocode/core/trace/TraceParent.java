package dev.roocode.core.trace;

import java.util.concurrent.ThreadLocalRandom;

/**
 * A W3C Trace Context {@code traceparent} (version 00): a 16-byte trace id shared by every hop of one
 * request, the 8-byte id of the span that sent it (the parent of the receiver's span) and the flags
 * byte. Each hop keeps the trace id and writes its own span id ({@link #child()}) on what it sends on,
 * so a job's dispatch record, its provider calls and its Result all name one trace.
 *
 * <p>Parsing follows the spec's rules for version 00: lowercase hex, neither id all zeros, version ff
 * refused; anything else yields null, and the caller starts a {@link #fresh()} trace: a bad header is
 * never an error.
 *
 * @param traceId  32 lowercase hex digits, not all zero
 * @param parentId 16 lowercase hex digits, not all zero
 * @param flags    the trace-flags byte (bit 0: sampled)
 */
public record TraceParent(String traceId, String parentId, int flags) {
    /** The Kafka record header and HTTP request header that carry it. */
    public static final String HEADER = "traceparent";

    private static final int SAMPLED = 0x01;
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    public TraceParent {
        if (!isId(traceId, 32) || !isId(parentId, 16) || flags < 0 || flags > 0xff) {
            throw new IllegalArgumentException("not a W3C traceparent: " + traceId + "/" + parentId + "/" + flags);
        }
    }

    /** A new trace: random trace and span ids, sampled. */
    public static TraceParent fresh() {
        return new TraceParent(randomHex(32), randomHex(16), SAMPLED);
    }

    /**
     * {@code value} parsed, or null when it is absent or not a valid version-00 header (a future version's
     * longer header is read by its first 55 characters, as the spec asks).
     */
    public static TraceParent parse(String value) {
        if (value == null) {
            return null;
        }
        String v = value.strip();
        if (v.length() < 55 || v.charAt(2) != '-' || v.charAt(35) != '-' || v.charAt(52) != '-') {
            return null;
        }
        String version = v.substring(0, 2);
        if (!isHex(version) || version.equals("ff") || (version.equals("00") && v.length() != 55)) {
            return null;
        }
        if (v.length() > 55 && v.charAt(55) != '-') {
            return null;
        }
        String traceId = v.substring(3, 35);
        String parentId = v.substring(36, 52);
        String flags = v.substring(53, 55);
        if (!isId(traceId, 32) || !isId(parentId, 16) || !isHex(flags)) {
            return null;
        }
        return new TraceParent(traceId, parentId, Integer.parseInt(flags, 16));
    }

    /** {@code value} parsed, or a fresh trace when it is absent or malformed. */
    public static TraceParent parseOrFresh(String value) {
        TraceParent parsed = parse(value);
        return parsed == null ? fresh() : parsed;
    }

    /** The same trace, sent by a new span: what a hop writes on the records and calls it makes. */
    public TraceParent child() {
        return new TraceParent(traceId, randomHex(16), flags);
    }

    /** Whether the sampled flag is set. */
    public boolean sampled() {
        return (flags & SAMPLED) != 0;
    }

    /** The header value, {@code 00-<trace id>-<parent id>-<flags>}. */
    public String header() {
        // written on every record and call a hop sends: no Formatter for the two flag digits
        return "00-" + traceId + "-" + parentId + "-" + HEX[flags >> 4] + HEX[flags & 0xf];
    }

    @Override
    public String toString() {
        return header();
    }

    private static boolean isId(String s, int length) {
        return s != null && s.length() == length && isHex(s) && !allZero(s);
    }

    private static boolean allZero(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) != '0') {
                return false;
            }
        }
        return true;
    }

    private static boolean isHex(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                return false;
            }
        }
        return true;
    }

    private static String randomHex(int digits) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        char[] hex = new char[digits];
        boolean zero = true;
        for (int i = 0; i < digits; i += 16) {
            long bits = random.nextLong();
            zero &= bits == 0;
            for (int j = 0; j < 16; j++, bits >>>= 4) {
                hex[i + j] = HEX[(int) (bits & 0xf)];
            }
        }
        return zero ? randomHex(digits) : new String(hex); // all zeros is not a valid id (1 in 2^64)
    }
}
