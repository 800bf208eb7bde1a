package dev.roocode.cli.embedded;

import dev.roocode.cli.common.CliException;
import dev.roocode.cli.common.LogFile;
import dev.roocode.cli.common.SizeConverter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import org.apache.kafka.common.utils.internals.Exit;

/**
 * What {@code run} and {@code sandbox} check and say around an {@link EmbeddedStack}: a data folder
 * with too little free space is refused before anything starts; a start that fails, and a broker that
 * stops the process (Kafka halts the JVM when its log folder fails, e.g. on a full disk), each print
 * one line with the cause and the log's path instead of leaving the console silent.
 */
public final class EmbeddedStart {
    /** Default of {@code --min-free-space}: below it Kafka soon fails its log folder and halts. */
    public static final String DEFAULT_MIN_FREE_SPACE = "1GB";

    private EmbeddedStart() {}

    /** Throws one line when the file system of {@code dataDir} has less than {@code minBytes} usable. */
    public static void requireFreeSpace(Path dataDir, long minBytes) {
        long usable;
        try {
            usable = Files.getFileStore(dataDir).getUsableSpace();
        } catch (IOException e) {
            return; // cannot tell; the broker will say so if it cannot write
        }
        if (usable < minBytes) {
            throw CliException.failure("only " + SizeConverter.format(usable) + " free on the disk of " + dataDir
                    + ", less than --min-free-space " + SizeConverter.format(minBytes)
                    + "; free some space, use another --data-dir, or lower --min-free-space");
        }
    }

    /** A data folder this process holds: its lock, and the log file moved into it. */
    public record Claimed(DataDirLock lock, Path log) {}

    /**
     * Creates {@code dataDir} (private), locks it before anything is printed or logged (the folder and its
     * log may be another process's), checks its free space and moves the log into it; the lock is released
     * again when a check fails.
     */
    public static Claimed claim(Path dataDir, long minFreeSpace) throws IOException {
        Private.createDirectories(dataDir);
        DataDirLock lock = DataDirLock.acquire(dataDir);
        try {
            requireFreeSpace(dataDir, minFreeSpace);
            return new Claimed(lock, LogFile.moveTo(dataDir));
        } catch (RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    /** Starts the stack on a data folder locked by {@code lock}; a failure becomes one line with its cause and the log's path. */
    public static EmbeddedStack start(
            EmbeddedStack.Options options,
            Consumer<String> status,
            dev.roocode.connectors.worker.CredentialResolver credentials,
            DataDirLock lock,
            Path log) {
        try {
            return EmbeddedStack.start(options, status, credentials, lock);
        } catch (CliException e) {
            throw e;
        } catch (Exception e) {
            throw new CliException(
                    CliException.FAILURE,
                    "the embedded Roocode could not start: " + cause(e) + " (details in " + log + ")",
                    e);
        }
    }

    /**
     * Until closed, a halt or exit requested by Kafka (a failed log folder, a fatal metadata error) first
     * prints one line to {@code err}; {@code halt} then ends the process ({@code Runtime::halt} outside tests).
     */
    public static AutoCloseable reportBrokerExit(PrintWriter err, Path dataDir, Path log, IntConsumer halt) {
        Exit.Procedure report = (code, message) -> {
            err.println("roocode: the embedded Kafka broker stopped the process (" + why(message, dataDir)
                    + "); details in " + log);
            err.flush();
            halt.accept(code);
        };
        Exit.setHaltProcedure(report);
        Exit.setExitProcedure(report);
        return () -> {
            Exit.resetHaltProcedure();
            Exit.resetExitProcedure();
        };
    }

    private static String why(String message, Path dataDir) {
        try {
            long usable = Files.getFileStore(dataDir).getUsableSpace();
            if (usable < 64L << 20) {
                return "the disk of " + dataDir + " is full: " + SizeConverter.format(usable) + " free";
            }
        } catch (IOException | RuntimeException e) {
            // no better reason to give
        }
        return message == null || message.isBlank()
                ? "a fatal error"
                : message.lines().findFirst().orElse(message);
    }

    private static String cause(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && (cause.getMessage() == null || cause instanceof ExecutionException)) {
            cause = cause.getCause();
        }
        String message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        return message.lines().findFirst().orElse(message);
    }
}
