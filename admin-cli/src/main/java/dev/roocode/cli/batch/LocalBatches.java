package dev.roocode.cli.batch;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;

/**
 * What {@code submit} remembers on this machine about a batch (lines, input file): the "no result
 * yet" answer of {@code batches show} before the first Result, and the total of batches whose
 * BatchStatus has none (submitted by a client that did not send the batch size). Best effort: a
 * missing or unreadable record only means less to show.
 */
final class LocalBatches {
    /** A submitted batch as remembered here. */
    record Submitted(String batchId, long jobs, long invalid, String input) {}

    private final Path dir;

    LocalBatches(Path configDir) {
        this.dir = configDir.resolve("batches");
    }

    void remember(Submitted batch) {
        Properties properties = new Properties();
        properties.setProperty("jobs", Long.toString(batch.jobs()));
        properties.setProperty("invalid", Long.toString(batch.invalid()));
        properties.setProperty("input", batch.input());
        try {
            Files.createDirectories(dir);
            try (Writer writer = Files.newBufferedWriter(dir.resolve(batch.batchId() + ".properties"), StandardCharsets.UTF_8)) {
                properties.store(writer, "roocode submit");
            }
        } catch (IOException e) {
            // best effort: only the ETA of 'batches show' depends on it
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
            return Optional.of(new Submitted(batchId, Long.parseLong(properties.getProperty("jobs", "0")),
                    Long.parseLong(properties.getProperty("invalid", "0")), properties.getProperty("input", "")));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }
}
