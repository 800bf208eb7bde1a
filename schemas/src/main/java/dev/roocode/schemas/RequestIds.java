package dev.roocode.schemas;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The one rule for what a requestId may be, used by everything that makes or reads one: the batch file
 * reader (so a line whose id the processor would refuse becomes an error line before anything is sent),
 * the processor (which refuses any other record key), and the connectors (which send it in an HTTP header).
 *
 * <p>A requestId is at most {@value #MAX_BYTES} bytes of UTF-8, not blank, with no control character
 * (C0, DEL, C1): it is a Kafka key, a store key, a log field and a header, and a tab or a newline in any
 * of those hides a job.
 */
public final class RequestIds {
    /** Longest requestId, in UTF-8 bytes. */
    public static final int MAX_BYTES = 512;

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private RequestIds() {}

    /** What makes {@code id} unusable as a requestId, in a few words ("has a tab at position 3"), or null when it is fine. */
    public static String problem(String id) {
        if (id == null || id.isEmpty()) {
            return "is empty";
        }
        if (id.isBlank()) {
            return "is blank";
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (Character.isISOControl(c)) {
                return "has a control character (" + controlName(c) + ") at position " + (i + 1);
            }
            if (Character.isHighSurrogate(c) && i + 1 < id.length() && Character.isLowSurrogate(id.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return "has an unpaired surrogate (\\u" + Integer.toHexString(c) + ") at position " + (i + 1);
            }
        }
        int bytes = utf8Length(id);
        return bytes > MAX_BYTES ? "is " + bytes + " bytes in UTF-8, longer than " + MAX_BYTES : null;
    }

    /**
     * A record key as a requestId, or null when it is absent, not UTF-8 or breaks {@link #problem}'s rule.
     * Most keys are printable ASCII: those are checked byte by byte, without a decoder per record.
     */
    public static String ofKey(byte[] key) {
        if (key == null || key.length == 0 || key.length > MAX_BYTES) {
            return null;
        }
        boolean blank = true;
        for (byte b : key) {
            if (b < 0) {
                return nonAsciiOfKey(key);
            }
            if (b < 0x20 || b == 0x7f) {
                return null;
            }
            blank &= b == ' ';
        }
        return blank ? null : new String(key, StandardCharsets.US_ASCII);
    }

    private static String nonAsciiOfKey(byte[] key) {
        try {
            String id = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(key))
                    .toString();
            return problem(id) == null ? id : null;
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /**
     * {@code id} as an HTTP header value: printable ASCII stays as it is, every other character (and
     * {@code %} itself) is percent-encoded as its UTF-8 bytes, so {@code "r/é"} is sent as {@code "r/%C3%A9"}.
     * HTTP header values are ASCII in practice; a raw emoji makes the JDK client refuse the whole call.
     */
    public static String toHeaderValue(String id) {
        if (id.chars().allMatch(c -> c > 0x20 && c < 0x7f && c != '%')) {
            return id;
        }
        StringBuilder encoded = new StringBuilder(id.length() + 16);
        for (byte b : id.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c > 0x20 && c < 0x7f && c != '%') {
                encoded.append((char) c);
            } else {
                encoded.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
            }
        }
        return encoded.toString();
    }

    /** The requestId a {@link #toHeaderValue} header carries; a value that is not such a form is returned as it is. */
    public static String fromHeaderValue(String value) {
        if (value == null || value.indexOf('%') < 0) {
            return value;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            int high = c == '%' && i + 2 < value.length() ? Character.digit(value.charAt(i + 1), 16) : -1;
            int low = high < 0 ? -1 : Character.digit(value.charAt(i + 2), 16);
            if (low >= 0) {
                bytes.write(high << 4 | low);
                i += 2;
            } else if (c < 0x80) {
                bytes.write(c);
            } else {
                return value;
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static int utf8Length(String id) {
        int bytes = 0;
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (c < 0x80) {
                bytes++;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c)) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }

    private static String controlName(char c) {
        return switch (c) {
            case '\t' -> "a tab";
            case '\n' -> "a newline";
            case '\r' -> "a carriage return";
            default -> String.format("U+%04X", (int) c);
        };
    }
}
