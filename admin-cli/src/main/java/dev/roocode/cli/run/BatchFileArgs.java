package dev.roocode.cli.run;

import dev.roocode.cli.common.CliException;
import dev.roocode.cli.common.DurationConverter;
import dev.roocode.client.batch.BatchInput;
import dev.roocode.schemas.batch.DecodedLine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The checks {@code run} and {@code submit} make of their arguments and their input file before they
 * start or reach anything: each failure is one line naming what and where, with exit code 2, instead of
 * an error after a broker has started (or after the whole run, for an output file that cannot be written).
 */
public final class BatchFileArgs {
    private BatchFileArgs() {}

    /** The input exists, is a file and can be read. */
    public static void checkInput(Path input) {
        if (Files.isDirectory(input)) {
            throw CliException.usage(input + " is a directory, not a batch file");
        }
        if (!Files.exists(input)) {
            throw CliException.usage("no such file: " + input);
        }
        if (!Files.isRegularFile(input) || !Files.isReadable(input)) {
            throw CliException.usage("cannot read " + input);
        }
    }

    /** {@code --timeout} is more than zero. */
    public static void checkTimeout(Duration timeout) {
        if (timeout.isZero() || timeout.isNegative()) {
            throw CliException.usage("--timeout must be more than 0 (got " + DurationConverter.format(timeout) + ")");
        }
    }

    /**
     * The output file can be written, as the run writes it at the end: a temporary file in its folder moved
     * over it. {@code given} says whether the user named it with {@code --out} (the message says so) or it is
     * the default next to the input.
     */
    public static void checkOutput(Path output, boolean given, Path input) {
        String what = given ? "--out " + output : "output file " + output + " (choose another with --out)";
        Path file = output.toAbsolutePath().normalize();
        Path folder = file.getParent();
        if (Files.isDirectory(file)) {
            throw CliException.usage(what + " is a directory; name a file");
        }
        if (folder == null || !Files.isDirectory(folder)) {
            throw CliException.usage(what + ": no such directory " + folder);
        }
        if (!Files.isWritable(folder) || Files.exists(file) && !Files.isWritable(file)) {
            throw CliException.usage(what + ": not writable");
        }
        try {
            if (Files.exists(file) && Files.isSameFile(file, input)) {
                throw CliException.usage(what + " is the input file");
            }
        } catch (IOException e) {
            throw CliException.usage(what + ": " + e.getMessage());
        }
    }

    /**
     * Reads {@code input} through with every rule a line must pass, and refuses a file with nothing to run:
     * empty, binary, or with no valid line (each line's problem would be in the output, but there would be
     * nothing else, and a submitted batch of no jobs would never finish).
     */
    public static BatchInput checkContent(Path input, String batchId, int maxLineBytes) throws IOException {
        BatchInput checked = BatchInput.check(input, batchId, maxLineBytes);
        if (checked.lines() == 0) {
            throw CliException.usage(
                    input + " is empty: a batch file has one {custom_id, method, url, body} request per line");
        }
        if (checked.jobs() > 0) {
            return checked;
        }
        if (checked.binary()) {
            throw CliException.usage(input + " is a binary file, not JSONL text");
        }
        DecodedLine.Invalid first = checked.firstInvalid();
        long others = checked.invalid() - 1;
        throw CliException.usage(input + ": no line can run; line " + first.lineNumber() + ": " + first.message()
                + (others == 0 ? "" : " (and " + others + " more invalid " + (others == 1 ? "line" : "lines") + ")"));
    }

    /** {@code --max-line-bytes} is at least 1. */
    public static void checkMaxLineBytes(int maxLineBytes) {
        if (maxLineBytes < 1) {
            throw CliException.usage("--max-line-bytes must be at least 1 (got " + maxLineBytes + ")");
        }
    }
}
