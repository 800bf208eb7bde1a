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
 * instead of an exception somewhere in a 64 KB read-ahead buffer that kills the whole file.
 */
final class Utf8Lines {
    /** Returned by {@link #next()} for a line whose bytes are not UTF-8; compare by identity. */
    static final String MALFORMED = new String("<malformed>");

    private final InputStream in;
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder(); // REPORTs by default
    private final byte[] chunk = new byte[1 << 16];
    private int chunkPos;
    private int chunkLen;
    private byte[] line = new byte[1024];

    Utf8Lines(InputStream in) {
        this.in = in;
    }

    /** The next line without its terminator ({@code \n} or {@code \r\n}), {@link #MALFORMED}, or null at the end. */
    String next() throws IOException {
        int len = 0;
        boolean any = false;
        while (true) {
            if (chunkPos == chunkLen) {
                chunkLen = in.read(chunk);
                chunkPos = 0;
                if (chunkLen <= 0) {
                    chunkLen = 0;
                    return any ? decode(len) : null;
                }
            }
            any = true;
            int start = chunkPos;
            while (chunkPos < chunkLen && chunk[chunkPos] != '\n') {
                chunkPos++;
            }
            int n = chunkPos - start;
            if (len + n > line.length) {
                line = Arrays.copyOf(line, Math.max(line.length * 2, len + n));
            }
            System.arraycopy(chunk, start, line, len, n);
            len += n;
            if (chunkPos < chunkLen) {
                chunkPos++; // the '\n'
                return decode(len);
            }
        }
    }

    private String decode(int len) {
        if (len > 0 && line[len - 1] == '\r') {
            len--;
        }
        try {
            return decoder.reset().decode(ByteBuffer.wrap(line, 0, len)).toString();
        } catch (CharacterCodingException e) {
            return MALFORMED;
        }
    }
}
