package dev.roocode.cli.embedded;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Owner-only permissions for what holds prompts, answers and encrypted keys: folders 0700, files
 * 0600, on file systems with POSIX permissions (elsewhere the platform's defaults stay). Kafka creates
 * its segment files itself with the process umask (Java cannot change it); inside a 0700 folder other
 * users cannot reach them whatever their own mode.
 */
public final class Private {
    static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");
    static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

    private Private() {}

    /** Creates {@code dir} and any missing parents as 0700 folders, and makes {@code dir} itself 0700. */
    public static Path createDirectories(Path dir) throws IOException {
        Path absolute = dir.toAbsolutePath().normalize();
        Path missing = absolute;
        while (missing.getParent() != null && !Files.exists(missing.getParent())) {
            missing = missing.getParent();
        }
        Files.createDirectories(absolute);
        // the folders this call created, from the top one down, get 0700 (an existing parent is the user's business)
        for (Path p = absolute; p != null && p.startsWith(missing); p = p.getParent()) {
            setIfPosix(p, DIRECTORY);
        }
        setIfPosix(absolute, DIRECTORY);
        return dir;
    }

    /** Makes {@code file} 0600. */
    public static void restrict(Path file) throws IOException {
        setIfPosix(file, FILE);
    }

    /** Makes every folder under {@code root} (itself included) 0700 and every file 0600; files that vanish meanwhile are skipped. */
    public static void restrictTree(Path root) throws IOException {
        if (!posix(root)) {
            return;
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                set(dir, DIRECTORY);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                if (attrs.isRegularFile()) {
                    set(file, FILE);
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                return FileVisitResult.CONTINUE; // a segment deleted by retention while we walk
            }
        });
    }

    private static void setIfPosix(Path path, Set<PosixFilePermission> permissions) throws IOException {
        if (posix(path)) {
            set(path, permissions);
        }
    }

    private static void set(Path path, Set<PosixFilePermission> permissions) throws IOException {
        try {
            if (!Files.getPosixFilePermissions(path).equals(permissions)) {
                Files.setPosixFilePermissions(path, permissions);
            }
        } catch (NoSuchFileException e) {
            // gone meanwhile
        }
    }

    private static boolean posix(Path path) {
        return path.getFileSystem().supportedFileAttributeViews().contains("posix");
    }
}
