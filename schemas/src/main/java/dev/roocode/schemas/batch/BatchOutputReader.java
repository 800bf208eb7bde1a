package dev.roocode.schemas.batch;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses OpenAI batch output lines back, for tests and tools. Lenient where real files are: an
 * integer {@code error.code}, a missing final newline, {@code \r\n}, blank lines, unknown fields.
 * Roocode's {@code roocode} extension object is read into {@link BatchOutputLine#served()}.
 */
public final class BatchOutputReader {
    private BatchOutputReader() {}

    /** Parses every non-blank line of a UTF-8 output file. */
    public static List<BatchOutputLine> read(Path file) throws IOException {
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return read(reader);
        }
    }

    /** Parses every non-blank line of {@code reader}; does not close it. */
    public static List<BatchOutputLine> read(Reader reader) throws IOException {
        BufferedReader buffered = reader instanceof BufferedReader b ? b : new BufferedReader(reader);
        List<BatchOutputLine> lines = new ArrayList<>();
        long lineNumber = 0;
        for (String line = buffered.readLine(); line != null; line = buffered.readLine()) {
            lineNumber++;
            if (!line.isBlank()) {
                lines.add(parse(line, lineNumber));
            }
        }
        return lines;
    }

    /** Parses one line. */
    public static BatchOutputLine parse(String line) {
        return parse(line, 0);
    }

    private static BatchOutputLine parse(String line, long lineNumber) {
        String where = lineNumber > 0 ? "output line " + lineNumber : "output line";
        JsonNode root;
        try {
            root = BatchJson.MAPPER.readTree(line);
        } catch (JsonProcessingException e) {
            throw new BatchFormatException(
                    where + " is not valid JSON: " + BatchJson.oneLine(e.getOriginalMessage()), e);
        }
        if (root == null || !root.isObject()) {
            throw new BatchFormatException(where + " is not a JSON object", null);
        }
        BatchOutputLine.Response response = null;
        JsonNode r = root.get("response");
        if (r != null && r.isObject()) {
            JsonNode status = r.get("status_code");
            if (status == null || !status.canConvertToInt()) {
                throw new BatchFormatException(where + " has a response without an integer status_code", null);
            }
            response = new BatchOutputLine.Response(status.asInt(), text(r.get("request_id")), r.get("body"));
        }
        BatchOutputLine.Error error = null;
        JsonNode e = root.get("error");
        if (e != null && e.isObject()) {
            // the format says string; hand-made files use integers (see batch-files/README.md)
            error = new BatchOutputLine.Error(text(e.get("code")), text(e.get("message")));
        }
        if (response == null && error == null) {
            throw new BatchFormatException(where + " has neither a response nor an error", null);
        }
        return new BatchOutputLine(
                text(root.get("id")),
                text(root.get("custom_id")),
                response,
                error,
                served(root.get(BatchOutputWriter.EXTENSION)));
    }

    /** Roocode's extension object; null when absent (a file from OpenAI) or not an object. Missing fields read as none. */
    private static BatchOutputLine.Served served(JsonNode node) {
        if (node == null || !node.isObject()) {
            return null;
        }
        JsonNode attempts = node.get("attempts");
        JsonNode fellBack = node.get("fell_back");
        return new BatchOutputLine.Served(
                text(node.get("served_by")),
                text(node.get("model")),
                attempts != null && attempts.canConvertToInt() ? attempts.asInt() : 0,
                fellBack != null && fellBack.asBoolean(false));
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() ? null : node.asText();
    }
}
