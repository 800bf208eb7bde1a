package dev.roocode.schemas.batch;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Reads a whole OpenAI batch input file, line by line: UTF-8 (a leading BOM is skipped),
 * {@code \n} or {@code \r\n}, blank lines skipped, last line with or without a newline. Line
 * numbers are physical (blank lines count), so they match what an editor shows. A line whose bytes
 * are not UTF-8 becomes {@link DecodedLine.Invalid} ({@link BatchErrorCodes#INVALID_JSON}), and so does
 * one longer than the line limit ({@link BatchErrorCodes#LINE_TOO_LONG}; its custom_id is still read
 * when it comes first); a custom_id seen again makes the later line invalid with
 * {@link BatchErrorCodes#DUPLICATE_CUSTOM_ID}. Every rule the processor applies to a job is checked
 * here, so a reader that reads the whole file before sending (as the batch runner does) never fails
 * half-way.
 *
 * <p>Only one line is held as text at a time; the {@code forEach} variants do not keep the decoded
 * lines either, only a custom_id → first line map for duplicate detection.
 */
public final class BatchFileReader {
    private static final char BOM = '\uFEFF';
    /**
     * The default line limit in bytes: a line becomes one Kafka record, and Kafka's default record limit
     * ({@code max.request.size} of producers, {@code message.max.bytes} of brokers) is 1 MiB (1,048,576
     * bytes); this leaves room for the job's requestId, metadata and, in the processor, its assignment.
     */
    public static final int DEFAULT_MAX_LINE_BYTES = 1_000_000;

    private BatchFileReader() {}

    /** Decodes every line of {@code file} into a list in line order. */
    public static List<DecodedLine> read(Path file, String batchId, Instant submittedAt) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, batchId, submittedAt);
        }
    }

    /** Decodes every line of a UTF-8 stream into a list in line order; does not close the stream. */
    public static List<DecodedLine> read(InputStream in, String batchId, Instant submittedAt) throws IOException {
        List<DecodedLine> lines = new ArrayList<>();
        forEach(in, batchId, submittedAt, lines::add);
        return lines;
    }

    /**
     * Streams decoded lines of a UTF-8 stream to {@code sink} in line order without keeping them.
     *
     * @return the number of non-blank lines decoded
     */
    public static long forEach(InputStream in, String batchId, Instant submittedAt, Consumer<? super DecodedLine> sink)
            throws IOException {
        return forEach(in, batchId, submittedAt, DEFAULT_MAX_LINE_BYTES, sink);
    }

    /**
     * Streams decoded lines of a UTF-8 stream to {@code sink} in line order without keeping them; a line
     * over {@code maxLineBytes} bytes is {@link BatchErrorCodes#LINE_TOO_LONG} and never held whole.
     *
     * @return the number of non-blank lines decoded
     */
    public static long forEach(
            InputStream in, String batchId, Instant submittedAt, int maxLineBytes, Consumer<? super DecodedLine> sink)
            throws IOException {
        Utf8Lines lines = new Utf8Lines(in, maxLineBytes);
        return decodeAll(
                new LineSource(maxLineBytes) {
                    @Override
                    String next() throws IOException {
                        String line = lines.next();
                        if (line == Utf8Lines.TOO_LONG) {
                            tooLong(lines.tooLongBytes(), lines.tooLongPrefix());
                        }
                        return line;
                    }
                },
                batchId,
                submittedAt,
                sink);
    }

    /**
     * Streams decoded lines of already-decoded text to {@code sink} in line order without keeping them.
     * Prefer the {@link InputStream} form: a {@link Reader} has already decoded (or failed on) the bytes,
     * and holds a too-long line whole before it is refused.
     *
     * @return the number of non-blank lines decoded
     */
    public static long forEach(Reader reader, String batchId, Instant submittedAt, Consumer<? super DecodedLine> sink)
            throws IOException {
        BufferedReader buffered = reader instanceof BufferedReader b ? b : new BufferedReader(reader, 1 << 16);
        return decodeAll(
                new LineSource(DEFAULT_MAX_LINE_BYTES) {
                    @Override
                    String next() throws IOException {
                        String line = buffered.readLine();
                        if (line == null || line.length() <= DEFAULT_MAX_LINE_BYTES / 3) {
                            return line; // at most 3 bytes a char: surely within the limit
                        }
                        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
                        if (bytes.length <= DEFAULT_MAX_LINE_BYTES) {
                            return line;
                        }
                        tooLong(bytes.length, Arrays.copyOf(bytes, Utf8Lines.PREFIX_BYTES));
                        return Utf8Lines.TOO_LONG;
                    }
                },
                batchId,
                submittedAt,
                sink);
    }

    /** Lines one at a time; after {@link Utf8Lines#TOO_LONG}, what is known of that line. */
    private abstract static class LineSource {
        final int maxLineBytes;
        long tooLongBytes;
        byte[] tooLongPrefix;

        LineSource(int maxLineBytes) {
            this.maxLineBytes = maxLineBytes;
        }

        abstract String next() throws IOException;

        void tooLong(long bytes, byte[] prefix) {
            tooLongBytes = bytes;
            tooLongPrefix = prefix;
        }

        DecodedLine.Invalid tooLongLine(long lineNumber) {
            return new DecodedLine.Invalid(
                    customIdOf(tooLongPrefix),
                    lineNumber,
                    BatchErrorCodes.LINE_TOO_LONG,
                    "line is " + tooLongBytes + " bytes, longer than the limit of " + maxLineBytes
                            + " (a line is sent as one Kafka record)");
        }
    }

    /**
     * The top-level custom_id of a line from its first bytes, or null when it is not among them (or they
     * are not JSON): a too-long line is not read whole, but its error line should still name it.
     */
    static String customIdOf(byte[] prefix) {
        try (JsonParser parser = BatchJson.MAPPER.getFactory().createParser(prefix)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            for (JsonToken token = parser.nextToken(); token == JsonToken.FIELD_NAME; token = parser.nextToken()) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if ("custom_id".equals(field)) {
                    String customId = value == JsonToken.VALUE_STRING ? parser.getText() : null;
                    return customId == null || customId.isEmpty() ? null : customId;
                }
                parser.skipChildren();
            }
            return null;
        } catch (IOException e) {
            return null; // the prefix ended, or it is not JSON
        }
    }

    private static long decodeAll(
            LineSource source, String batchId, Instant submittedAt, Consumer<? super DecodedLine> sink)
            throws IOException {
        Map<String, Long> firstLineByCustomId = new HashMap<>();
        long lineNumber = 0;
        long decoded = 0;
        for (String line = source.next(); line != null; line = source.next()) {
            lineNumber++;
            if (line == Utf8Lines.MALFORMED) {
                decoded++;
                sink.accept(new DecodedLine.Invalid(
                        null, lineNumber, BatchErrorCodes.INVALID_JSON, "line is not valid UTF-8"));
                continue;
            }
            if (line == Utf8Lines.TOO_LONG) {
                decoded++;
                sink.accept(checkDuplicate(source.tooLongLine(lineNumber), firstLineByCustomId));
                continue;
            }
            if (lineNumber == 1 && !line.isEmpty() && line.charAt(0) == BOM) {
                line = line.substring(1);
            }
            if (line.isBlank()) {
                continue;
            }
            decoded++;
            sink.accept(
                    checkDuplicate(BatchLineCodec.decode(line, lineNumber, batchId, submittedAt), firstLineByCustomId));
        }
        return decoded;
    }

    private static DecodedLine checkDuplicate(DecodedLine line, Map<String, Long> firstLineByCustomId) {
        if (line.customId() == null) {
            return line;
        }
        Long first = firstLineByCustomId.putIfAbsent(line.customId(), line.lineNumber());
        if (first == null) {
            return line;
        }
        return new DecodedLine.Invalid(
                line.customId(),
                line.lineNumber(),
                BatchErrorCodes.DUPLICATE_CUSTOM_ID,
                "custom_id '" + line.customId() + "' is already used on line " + first);
    }
}
