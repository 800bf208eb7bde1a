package dev.roocode.client.batch;

import dev.roocode.schemas.batch.BatchFileReader;
import dev.roocode.schemas.batch.DecodedLine;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/**
 * A batch input file read once, before anything is sent, with every rule a line must pass (the
 * reader's, which include the processor's requestId rule and the line limit): how many lines it has,
 * how many become jobs, and the first that cannot. {@link BatchRunner#submit(BatchInput)} sends it; a
 * command can refuse an empty or useless file before it starts anything.
 *
 * @param file the input file
 * @param batchId the batch its jobs will belong to (a custom_id's room in a requestId depends on it)
 * @param maxLineBytes the line limit the check applied, and that the submission applies
 * @param lines non-blank lines
 * @param jobs lines that become jobs
 * @param firstInvalid the first line that does not, or null
 * @param binary whether the file's first bytes hold a NUL byte, which no JSONL text does (as git and grep judge binary files)
 */
public record BatchInput(
        Path file,
        String batchId,
        int maxLineBytes,
        long lines,
        long jobs,
        DecodedLine.Invalid firstInvalid,
        boolean binary) {
    private static final int BINARY_SNIFF_BYTES = 8192;

    /** Reads {@code file} through, checking every line as a line of batch {@code batchId}. */
    public static BatchInput check(Path file, String batchId, int maxLineBytes) throws IOException {
        long[] counts = new long[2];
        DecodedLine.Invalid[] first = new DecodedLine.Invalid[1];
        try (InputStream in = Files.newInputStream(file)) {
            counts[0] = BatchFileReader.forEach(in, batchId, Instant.now(), maxLineBytes, decoded -> {
                if (decoded instanceof DecodedLine.Valid) {
                    counts[1]++;
                } else if (first[0] == null) {
                    first[0] = (DecodedLine.Invalid) decoded;
                }
            });
        }
        return new BatchInput(file, batchId, maxLineBytes, counts[0], counts[1], first[0], startsBinary(file));
    }

    /** Lines that do not become jobs; each gets an error line in the output. */
    public long invalid() {
        return lines - jobs;
    }

    private static boolean startsBinary(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            for (byte b : in.readNBytes(BINARY_SNIFF_BYTES)) {
                if (b == 0) {
                    return true;
                }
            }
            return false;
        }
    }
}
