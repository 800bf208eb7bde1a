package dev.roocode.api.files;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A {@link FileStore} in one local folder: {@code <id>} holds the content and {@code <id>.json} the metadata, each
 * written to a temporary file in {@code tmp/} and renamed into place (content first), so a file is listed only once
 * both are whole, and both survive a restart. Temporary files left by a crash are removed when the store opens.
 */
public final class LocalFileStore implements FileStore {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String META = ".json";
    /** What an id may look like: nothing that could leave the folder. */
    private static final Pattern ID = Pattern.compile("file-[A-Za-z0-9_-]{1,100}");

    private final Path dir;
    private final Path tmp;
    private final Clock clock;

    public LocalFileStore(Path dir, Clock clock) throws IOException {
        this.dir = Files.createDirectories(dir);
        this.tmp = Files.createDirectories(dir.resolve("tmp"));
        this.clock = clock;
        try (Stream<Path> leftovers = Files.list(tmp)) {
            for (Path leftover : leftovers.toList()) {
                Files.deleteIfExists(leftover);
            }
        }
    }

    /** A new file id in OpenAI's style. */
    public static String newId() {
        return "file-" + UUID.randomUUID().toString().replace("-", "");
    }

    @Override
    public Path newTempFile() throws IOException {
        return Files.createTempFile(tmp, "upload", ".part");
    }

    @Override
    public StoredFile put(String tenant, String id, String filename, String purpose, Path content) throws IOException {
        String fileId = id == null ? newId() : id;
        requireId(fileId);
        StoredFile file = new StoredFile(
                fileId, tenant, Files.size(content), clock.instant().getEpochSecond(), filename, purpose);
        Files.move(content, dir.resolve(fileId), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        ObjectNode meta = JSON.createObjectNode();
        meta.put("id", file.id());
        meta.put("tenant", file.tenant());
        meta.put("bytes", file.bytes());
        meta.put("created_at", file.createdAt());
        meta.put("filename", file.filename());
        meta.put("purpose", file.purpose());
        Path metaTemp = Files.createTempFile(tmp, fileId, META);
        JSON.writeValue(metaTemp.toFile(), meta);
        Files.move(
                metaTemp,
                dir.resolve(fileId + META),
                StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
        return file;
    }

    @Override
    public Optional<StoredFile> find(String tenant, String id) throws IOException {
        if (id == null || !ID.matcher(id).matches()) {
            return Optional.empty();
        }
        return read(dir.resolve(id + META)).filter(f -> f.tenant().equals(tenant));
    }

    @Override
    public List<StoredFile> list(String tenant) throws IOException {
        List<StoredFile> files = new ArrayList<>();
        try (Stream<Path> entries = Files.list(dir)) {
            for (Path entry : entries.filter(p -> p.getFileName().toString().endsWith(META))
                    .toList()) {
                read(entry).filter(f -> f.tenant().equals(tenant)).ifPresent(files::add);
            }
        }
        files.sort(Comparator.comparingLong(StoredFile::createdAt)
                .thenComparing(StoredFile::id)
                .reversed());
        return files;
    }

    @Override
    public InputStream open(StoredFile file) throws IOException {
        return Files.newInputStream(path(file));
    }

    @Override
    public Path path(StoredFile file) {
        requireId(file.id());
        return dir.resolve(file.id());
    }

    @Override
    public boolean delete(String tenant, String id) throws IOException {
        if (find(tenant, id).isEmpty()) {
            return false;
        }
        // metadata first: a crash in between leaves orphaned content, never a listed file without content
        Files.deleteIfExists(dir.resolve(id + META));
        Files.deleteIfExists(dir.resolve(id));
        return true;
    }

    private static Optional<StoredFile> read(Path meta) throws IOException {
        JsonNode node;
        try {
            node = JSON.readTree(meta.toFile());
        } catch (NoSuchFileException | java.io.FileNotFoundException e) {
            return Optional.empty();
        }
        return Optional.of(new StoredFile(
                node.path("id").asText(),
                node.path("tenant").asText(),
                node.path("bytes").asLong(),
                node.path("created_at").asLong(),
                node.path("filename").asText(),
                node.path("purpose").asText()));
    }

    private static void requireId(String id) {
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException("not a file id: " + id);
        }
    }
}
