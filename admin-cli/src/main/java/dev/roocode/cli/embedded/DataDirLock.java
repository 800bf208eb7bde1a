package dev.roocode.cli.embedded;

import dev.roocode.cli.common.CliException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An exclusive lock on a data folder, held from before the broker starts until the stack stops: two
 * processes on one folder corrupt the broker's metadata log, so the second one stops at once and
 * names the first. The lock file ({@value #FILE}) holds the owner's process id; the operating system
 * releases the lock when the process dies, however it dies, so a stale file never blocks a start.
 */
public final class DataDirLock implements AutoCloseable {
    /** Name of the lock file in the data folder. */
    public static final String FILE = "roocode.lock";

    private final FileChannel channel;
    private final FileLock lock;

    private DataDirLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Locks {@code dataDir} (created if missing) for this process.
     *
     * @throws CliException (exit 1) naming the process that holds it, when another process, or another
     *                      stack in this one, has it
     */
    public static DataDirLock acquire(Path dataDir) {
        Path file = dataDir.resolve(FILE);
        FileChannel channel = null;
        try {
            Private.createDirectories(dataDir);
            channel = FileChannel.open(
                    file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            Private.restrict(file);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null; // held by this JVM already
            }
            if (lock == null) {
                String owner = readOwner(channel);
                channel.close();
                throw inUse(dataDir, owner);
            }
            byte[] pid = Long.toString(ProcessHandle.current().pid()).getBytes(StandardCharsets.US_ASCII);
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(pid), 0);
            channel.force(false);
            return new DataDirLock(channel, lock);
        } catch (IOException e) {
            closeQuietly(channel);
            throw new UncheckedIOException("cannot lock data dir " + dataDir + ": " + e.getMessage(), e);
        }
    }

    private static CliException inUse(Path dataDir, String owner) {
        return CliException.failure("data dir " + dataDir + " is in use by process "
                + (owner.isEmpty() ? "(unknown)" : owner) + "; stop it or use another --data-dir");
    }

    private static String readOwner(FileChannel channel) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(32);
        channel.read(buffer, 0);
        return new String(buffer.array(), 0, buffer.position(), StandardCharsets.US_ASCII).trim();
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // already failing
            }
        }
    }

    /** Releases the lock (the file stays: removing it could race with a process locking it). */
    @Override
    public void close() {
        try {
            if (lock.isValid()) {
                lock.release();
            }
            channel.close();
        } catch (IOException e) {
            // the lock dies with the channel or the process anyway
        }
    }
}
