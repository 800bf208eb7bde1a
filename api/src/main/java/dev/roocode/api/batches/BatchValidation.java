package dev.roocode.api.batches;

import dev.roocode.schemas.avro.Job;
import dev.roocode.schemas.avro.JobKind;
import dev.roocode.schemas.batch.BatchErrorCodes;
import dev.roocode.schemas.batch.BatchFileReader;
import dev.roocode.schemas.batch.BatchLineCodec;
import dev.roocode.schemas.batch.DecodedLine;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The check OpenAI makes while a batch is {@code validating}: every line of the input file, read by Roocode's own
 * batch file reader (so a line that passes here is a line {@code roocode run} accepts), must be a valid request to
 * the batch's endpoint. Any bad line fails the whole batch with OpenAI's {@code errors} list; nothing is sent then.
 */
final class BatchValidation {
    /** OpenAI's limit of requests in one batch. */
    static final long MAX_LINES = 50_000;
    /** At most this many errors are listed; the first ones are what a caller fixes first. */
    static final int MAX_ERRORS = 100;

    /** One entry of OpenAI's {@code errors.data}. */
    record LineError(String code, String message, String param, Long line) {
        Map<String, Object> toJson() {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("code", code);
            json.put("message", message);
            json.put("param", param);
            json.put("line", line);
            return json;
        }
    }

    /** What the check found: the lines, those that become jobs, and the errors (empty when the batch may run). */
    record Outcome(long lines, long jobs, List<LineError> errors) {}

    private BatchValidation() {}

    static Outcome check(Path file, String batchId, String endpoint) throws IOException {
        List<LineError> errors = new ArrayList<>();
        long[] jobs = {0};
        long lines;
        try (InputStream in = Files.newInputStream(file)) {
            lines = BatchFileReader.forEach(
                    in, batchId, Instant.EPOCH, BatchFileReader.DEFAULT_MAX_LINE_BYTES, decoded -> {
                        LineError error = errorOf(decoded, endpoint);
                        if (error == null) {
                            jobs[0]++;
                        } else if (errors.size() < MAX_ERRORS) {
                            errors.add(error);
                        }
                    });
        }
        if (lines == 0) {
            errors.add(new LineError("empty_file", "The batch input file is empty.", null, null));
        } else if (lines > MAX_LINES) {
            errors.add(
                    0,
                    new LineError(
                            "too_many_tasks",
                            "The batch input file has " + lines + " requests; a batch holds at most " + MAX_LINES + ".",
                            null,
                            null));
        }
        return new Outcome(lines, jobs[0], errors);
    }

    private static LineError errorOf(DecodedLine decoded, String endpoint) {
        if (decoded instanceof DecodedLine.Invalid invalid) {
            return switch (invalid.code()) {
                case BatchErrorCodes.INVALID_JSON ->
                    new LineError(
                            "invalid_json_line",
                            "This line is not parseable as valid JSON (" + invalid.message() + ").",
                            null,
                            invalid.lineNumber());
                case BatchErrorCodes.DUPLICATE_CUSTOM_ID ->
                    new LineError(
                            "duplicate_custom_id",
                            "The custom_id for this request is a duplicate of another request. The custom_id parameter"
                                    + " must be unique for each request in a batch (" + invalid.message() + ").",
                            "custom_id",
                            invalid.lineNumber());
                case BatchErrorCodes.UNSUPPORTED_URL ->
                    new LineError("invalid_url", invalid.message() + ".", "url", invalid.lineNumber());
                default -> new LineError(invalid.code(), invalid.message() + ".", null, invalid.lineNumber());
            };
        }
        DecodedLine.Valid valid = (DecodedLine.Valid) decoded;
        if (!matches(valid.job(), endpoint)) {
            return new LineError(
                    "url_mismatch",
                    "The URL provided for this request does not match the batch endpoint '" + endpoint
                            + "'. Every line of a batch must call the batch's endpoint.",
                    "url",
                    valid.lineNumber());
        }
        return null;
    }

    /**
     * Whether a decoded line's request is one for {@code endpoint}: the codec keeps a line's kind, not its url, so
     * embeddings lines match {@code /v1/embeddings} and chat lines the chat and responses endpoints.
     */
    private static boolean matches(Job job, String endpoint) {
        return switch (endpoint) {
            case BatchLineCodec.EMBEDDINGS_URL -> job.getKind() == JobKind.EMBEDDING;
            default -> job.getKind() != JobKind.EMBEDDING;
        };
    }
}
