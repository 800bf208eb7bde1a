package dev.roocode.cli.batch;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * What {@code submit} remembers on this machine about a batch (lines, input file and its SHA-256,
 * when, whether every job reached the broker): the "no result yet" answer of {@code batches show}
 * before the first Result, the total of batches whose BatchStatus has none (submitted by a client
 * that did not send the batch size), and the batch a later {@code submit} of the same content resumes.
 * The record is written before the first job is sent, so a killed upload leaves it behind.
 * Best effort: a missing or unreadable record only means less to show and no resume offer.
 */
final class LocalBatches {
    /**
     * A submitted batch as remembered here.
     *
     * @param sha256      SHA-256 of the input file's bytes (hex); empty for records of older versions
     * @param submittedAt when the upload started; null for records of older versions
     * @param uploaded    whether the broker acknowledged every job (false: the upload was cut short, or is running)
     */
    record Submitted(
            String batchId,
            long jobs,
            long invalid,
            String input,
            String sha256,
            Instant submittedAt,
            boolean uploaded) {}

    private final Path dir;

    LocalBatches(Path configDir) {
        this.dir = configDir.resolve("batches");
    }

    /** SHA-256 of {@code file}'s bytes, in lower-case hex. */
    static String sha256(Path file) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /**
     * Writes {@code batch}'s record, replacing the whole file at once so that a kill mid-write leaves
     * the previous record or the new one, never half of one.
     *
     * @throws UncheckedIOException when it cannot be written: {@code submit} must not send jobs it could not resume
     */
    void remember(Submitted batch) {
        Properties properties = new Properties();
        properties.setProperty("jobs", Long.toString(batch.jobs()));
        properties.setProperty("invalid", Long.toString(batch.invalid()));
        properties.setProperty("input", batch.input());
        properties.setProperty("sha256", batch.sha256());
        if (batch.submittedAt() != null) {
            properties.setProperty("submittedAt", batch.submittedAt().toString());
        }
        properties.setProperty("uploaded", Boolean.toString(batch.uploaded()));
        try {
            Files.createDirectories(dir);
            Path temp = Files.createTempFile(dir, batch.batchId(), ".tmp");
            try (Writer writer = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
                properties.store(writer, "roocode submit");
            }
            Files.move(
                    temp,
                    dir.resolve(batch.batchId() + ".properties"),
                    StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot record batch " + batch.batchId() + " in " + dir + ": " + e.getMessage(), e);
        }
    }

    Optional<Submitted> find(String batchId) {
        Path file = dir.resolve(batchId + ".properties");
        if (!batchId.matches("[A-Za-z0-9._-]+") || !Files.isRegularFile(file)) {
            return Optional.empty();
        }
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
            String submittedAt = properties.getProperty("submittedAt");
            return Optional.of(new Submitted(
                    batchId,
                    Long.parseLong(properties.getProperty("jobs", "0")),
                    Long.parseLong(properties.getProperty("invalid", "0")),
                    properties.getProperty("input", ""),
                    properties.getProperty("sha256", ""),
                    submittedAt == null ? null : Instant.parse(submittedAt),
                    // records of older versions were written after the upload
                    Boolean.parseBoolean(properties.getProperty("uploaded", "true"))));
        } catch (IOException | NumberFormatException | DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** The most recent submission of a file whose bytes hash to {@code sha256}, if this machine recorded one. */
    Optional<Submitted> latestWithContent(String sha256) {
        if (!Files.isDirectory(dir)) {
            return Optional.empty();
        }
        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.filter(f -> f.getFileName().toString().endsWith(".properties"))
                    .toList();
        } catch (IOException e) {
            return Optional.empty();
        }
        return files.stream()
                .map(f -> f.getFileName().toString())
                .map(name -> find(name.substring(0, name.length() - ".properties".length())))
                .flatMap(Optional::stream)
                .filter(b -> b.sha256().equals(sha256) && b.submittedAt() != null)
                .max(Comparator.comparing(Submitted::submittedAt));
    }
}
