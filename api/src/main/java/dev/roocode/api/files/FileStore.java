package dev.roocode.api.files;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Where the API keeps files: uploads and the output and error files of batches. Every call names the caller's
 * tenant, and a file of another tenant is answered as if it did not exist. Implementations must keep content and
 * metadata across a restart and never expose a half-written file. Thread-safe.
 */
public interface FileStore {
    /** The tenant of callers without one (an admin key). */
    String NO_TENANT = "-";

    /** A fresh file on the store's own storage to write content into before {@link #put}; the caller deletes it if unused. */
    Path newTempFile() throws IOException;

    /**
     * Makes {@code content} (a file from {@link #newTempFile}, moved, not copied) a stored file of {@code tenant}.
     *
     * @param id the id to store it under, or null for a new one; an existing file with that id is replaced
     */
    StoredFile put(String tenant, String id, String filename, String purpose, Path content) throws IOException;

    /** The file {@code id} of {@code tenant}, or empty (also when it is another tenant's). */
    Optional<StoredFile> find(String tenant, String id) throws IOException;

    /** Every file of {@code tenant}, newest first. */
    List<StoredFile> list(String tenant) throws IOException;

    /** Opens the content of {@code file} (found through {@link #find}). */
    InputStream open(StoredFile file) throws IOException;

    /** The content of {@code file} as a local path to read (a batch reads its input twice). */
    Path path(StoredFile file) throws IOException;

    /** Deletes the file {@code id} of {@code tenant}; false when there was none. */
    boolean delete(String tenant, String id) throws IOException;
}
