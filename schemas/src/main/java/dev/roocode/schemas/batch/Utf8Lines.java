package dev.roocode.schemas.batch;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Splits a byte stream on {@code \n} and decodes each line strictly as UTF-8. Splitting before
 * decoding is what lets one line with broken bytes become an invalid line with its exact number,
 * instead of an exception somewhere in a 64 KB read-ahead buffer that kills the whole file. A line
 * longer than the limit is not held: only its first {@value #PREFIX_BYTES} bytes are kept (to find its
 * custom_id), the rest is counted and skipped.
 */
final class Utf8Lines {
    /** Returned by {@link #next()} for a line whose bytes are not UTF-8; compare by identity. */
    static final String MALFORMED = new String("<malformed>");
    /** Returned by {@link #next()} for a line longer than the limit; see {@link #tooLongBytes()} and {@link #tooLongPrefix()}. */
    static final String TOO_LONG = new String("<too long>");
    /** How much of a too-long line is kept. */
    static final int PREFIX_BYTES = 4096;

    private final InputStream in;
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder(); // REPORTs by default
    private final byte[] chunk = new byte[1 << 16];
    private int chunkPos;
    private int chunkLen;
    private byte[] line = new byte[1024];
    private final int maxLineBytes;
    private long tooLongBytes;
    private int prefixLen;

    /** Lines of {@code in}; one over {@code maxLineBytes} bytes (its terminator not counted) is {@link #TOO_LONG}. */
    Utf8Lines(InputStream in, int maxLineBytes) {
        if (maxLineBytes < 1) {
            throw new IllegalArgumentException("maxLineBytes must be at least 1, not " + maxLineBytes);
        }
        this.in = in;
        this.maxLineBytes = maxLineBytes;
    }

    /** The length in bytes of the last {@link #TOO_LONG} line. */
    long tooLongBytes() {
        return tooLongBytes;
    }

    /** The first bytes (up to {@value #PREFIX_BYTES}) of the last {@link #TOO_LONG} line. */
    byte[] tooLongPrefix() {
        return Arrays.copyOf(line, prefixLen);
    }

    /** The next line without its terminator ({@code \n} or {@code \r\n}), {@link #MALFORMED}, {@link #TOO_LONG}, or null at the end. */
    String next() throws IOException {
        int len = 0;
        long skipped = -1; // from the moment the line is known to be too long: its length so far, only the prefix kept
        boolean any = false;
        while (true) {
            if (chunkPos == chunkLen) {
                chunkLen = in.read(chunk);
                chunkPos = 0;
                if (chunkLen <= 0) {
                    chunkLen = 0;
                    return !any ? null : skipped >= 0 ? tooLong(skipped) : decode(len);
                }
            }
            any = true;
            int start = chunkPos;
            while (chunkPos < chunkLen && chunk[chunkPos] != '\n') {
                chunkPos++;
            }
            int n = chunkPos - start;
            if (skipped < 0 && len + n > maxLineBytes + 1) { // + 1: a '\r' before the '\n' is not part of the line
                int keep = Math.min(n, Math.max(0, PREFIX_BYTES - len));
                ensure(len + keep);
                System.arraycopy(chunk, start, line, len, keep);
                prefixLen = Math.min(len + keep, PREFIX_BYTES);
                skipped = len;
            }
            if (skipped >= 0) {
                skipped += n;
                if (chunkPos < chunkLen) {
                    chunkPos++; // the '\n'
                    return tooLong(skipped);
                }
                continue;
            }
            ensure(len + n);
            System.arraycopy(chunk, start, line, len, n);
            len += n;
            if (chunkPos < chunkLen) {
                chunkPos++; // the '\n'
                return decode(len);
            }
        }
    }

    private void ensure(int capacity) {
        if (capacity > line.length) {
            line = Arrays.copyOf(line, Math.max(line.length * 2, capacity));
        }
    }

    private String tooLong(long length) {
        tooLongBytes = length;
        return TOO_LONG;
    }

    private String decode(int len) {
        if (len > 0 && line[len - 1] == '\r') {
            len--;
        }
        if (len > maxLineBytes) {
            prefixLen = Math.min(len, PREFIX_BYTES);
            return tooLong(len);
        }
        try {
            return decoder.reset().decode(ByteBuffer.wrap(line, 0, len)).toString();
        } catch (CharacterCodingException e) {
            return MALFORMED;
        }
    }
}
