package dev.roocode.schemas.batch;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Reads a whole OpenAI batch input file, line by line: UTF-8 (a leading BOM is skipped),
 * {@code \n} or {@code \r\n}, blank lines skipped, last line with or without a newline. Line
 * numbers are physical (blank lines count), so they match what an editor shows. A line whose bytes
 * are not UTF-8 becomes {@link DecodedLine.Invalid} ({@link BatchErrorCodes#INVALID_JSON}); a
 * custom_id seen again makes the later line invalid with {@link BatchErrorCodes#DUPLICATE_CUSTOM_ID}.
 *
 * <p>Only one line is held as text at a time; the {@code forEach} variants do not keep the decoded
 * lines either, only a custom_id → first line map for duplicate detection.
 */
public final class BatchFileReader {
    private static final char BOM = '\uFEFF';

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
    public static long forEach(InputStream in, String batchId, Instant submittedAt,
            Consumer<? super DecodedLine> sink) throws IOException {
        Utf8Lines lines = new Utf8Lines(in);
        return decodeAll(lines::next, batchId, submittedAt, sink);
    }

    /**
     * Streams decoded lines of already-decoded text to {@code sink} in line order without keeping them.
     *
     * @return the number of non-blank lines decoded
     */
    public static long forEach(Reader reader, String batchId, Instant submittedAt, Consumer<? super DecodedLine> sink)
            throws IOException {
        BufferedReader buffered = reader instanceof BufferedReader b ? b : new BufferedReader(reader, 1 << 16);
        return decodeAll(buffered::readLine, batchId, submittedAt, sink);
    }

    private interface LineSource {
        String next() throws IOException;
    }

    private static long decodeAll(LineSource source, String batchId, Instant submittedAt,
            Consumer<? super DecodedLine> sink) throws IOException {
        Map<String, Long> firstLineByCustomId = new HashMap<>();
        long lineNumber = 0;
        long decoded = 0;
        for (String line = source.next(); line != null; line = source.next()) {
            lineNumber++;
            if (line == Utf8Lines.MALFORMED) {
                decoded++;
                sink.accept(new DecodedLine.Invalid(null, lineNumber, BatchErrorCodes.INVALID_JSON,
                        "line is not valid UTF-8"));
                continue;
            }
            if (lineNumber == 1 && !line.isEmpty() && line.charAt(0) == BOM) {
                line = line.substring(1);
            }
            if (line.isBlank()) {
                continue;
            }
            decoded++;
            sink.accept(checkDuplicate(BatchLineCodec.decode(line, lineNumber, batchId, submittedAt),
                    firstLineByCustomId));
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
        return new DecodedLine.Invalid(line.customId(), line.lineNumber(), BatchErrorCodes.DUPLICATE_CUSTOM_ID,
                "custom_id '" + line.customId() + "' is already used on line " + first);
    }
}
