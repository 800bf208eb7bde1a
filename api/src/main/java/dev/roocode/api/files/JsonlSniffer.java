package dev.roocode.api.files;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The upload check OpenAI makes on a batch input file: JSON Lines text, judged by its start (no NUL byte in the first
 * 8 KiB, and a JSON object first). Each line is checked when a batch is created from the file; an upload is not read
 * through.
 */
final class JsonlSniffer {
    private static final int SNIFF_BYTES = 8192;
    private static final ObjectMapper JSON = new ObjectMapper();

    private JsonlSniffer() {}

    static boolean looksLikeJsonl(Path file) throws IOException {
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(SNIFF_BYTES);
        }
        for (byte b : head) {
            if (b == 0) {
                return false;
            }
        }
        try (InputStream in = Files.newInputStream(file);
                JsonParser parser = JSON.getFactory().createParser(in)) {
            // the first token of the first non-blank line: a line that is an object starts so (a BOM is skipped)
            return parser.nextToken() == JsonToken.START_OBJECT;
        } catch (IOException e) {
            return false;
        }
    }
}
