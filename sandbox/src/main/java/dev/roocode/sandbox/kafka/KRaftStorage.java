package dev.roocode.sandbox.kafka;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.metadata.storage.Formatter;

/**
 * The data directory's KRaft formatting, as {@code kafka-storage format} does it: a formatted
 * directory has {@code meta.properties} with its cluster id and is reused as is; an empty one
 * is formatted with a new cluster id; anything else is left alone.
 */
final class KRaftStorage {
    static final String META_PROPERTIES = "meta.properties";

    private KRaftStorage() {}

    /** Throws if {@code directory} holds files but is not a formatted Kafka directory (it might be the user's). */
    static void requireEmptyOrFormatted(Path directory) throws IOException {
        if (Files.exists(directory.resolve(META_PROPERTIES))) {
            return;
        }
        try (Stream<Path> entries = Files.list(directory)) {
            if (entries.findAny().isPresent()) {
                throw new IllegalStateException(directory + " is neither empty nor a Kafka data directory (no "
                        + META_PROPERTIES + "); refusing to format it");
            }
        }
    }

    /**
     * The cluster id of a formatted {@code directory}; formats an empty one first (broker and metadata log in
     * one place), with {@code scramArguments} ({@code kafka-storage format --add-scram}) as bootstrap records.
     */
    static String formatOrReadClusterId(
            Path directory, int nodeId, String controllerListener, List<String> scramArguments) {
        Path meta = directory.resolve(META_PROPERTIES);
        if (Files.exists(meta)) {
            Properties properties = new Properties();
            try (InputStream in = Files.newInputStream(meta)) {
                properties.load(in);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + meta, e);
            }
            return properties.getProperty("cluster.id");
        }
        String clusterId = Uuid.randomUuid().toString();
        Formatter formatter = new Formatter()
                .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                .setNodeId(nodeId)
                .setClusterId(clusterId)
                .setControllerListenerName(controllerListener)
                .setMetadataLogDirectory(directory.toString())
                .addDirectory(directory.toString());
        if (!scramArguments.isEmpty()) {
            formatter.setScramArguments(scramArguments);
        }
        try {
            formatter.run();
        } catch (Exception e) {
            throw new IllegalStateException(
                    "cannot format Kafka data directory " + directory + ": " + e.getMessage(), e);
        }
        return clusterId;
    }
}
