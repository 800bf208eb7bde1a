package dev.roocode.api.files;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the API knows of one stored file besides its content.
 *
 * @param id        {@code file-...}
 * @param tenant    the owner's tenant ({@link FileStore#NO_TENANT} for an admin key without one); no other tenant sees it
 * @param bytes     the content's size
 * @param createdAt seconds since the epoch, as OpenAI's {@code created_at}
 * @param filename  as uploaded, or as the API named an output file
 * @param purpose   {@code batch} (uploads) or {@code batch_output} (a batch's output and error files)
 */
public record StoredFile(String id, String tenant, long bytes, long createdAt, String filename, String purpose) {
    /** Uploaded batch input. */
    public static final String PURPOSE_BATCH = "batch";
    /** A batch's output or error file. */
    public static final String PURPOSE_BATCH_OUTPUT = "batch_output";

    /** OpenAI's {@code OpenAIFile} object (files do not expire here, so without {@code expires_at}). */
    public Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", id);
        json.put("object", "file");
        json.put("bytes", bytes);
        json.put("created_at", createdAt);
        json.put("filename", filename);
        json.put("purpose", purpose);
        json.put("status", "processed");
        return json;
    }
}
