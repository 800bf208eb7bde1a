package dev.roocode.sandbox.junit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Locates the shared test data folder ({@code ../shared} next to the repository: real OpenAI batch
 * files, provider specs) that is not copied into the project.
 *
 * <p>Where it looks, first match wins: system property {@code roocode.shared.dir}, environment
 * variable {@code ROOCODE_SHARED_DIR}, then a {@code shared/} folder holding {@code batch-files/}
 * next to the working directory or any of its parents (so {@code <repo>/../shared} is found from a
 * module directory, also when the repository is a worktree one level deeper).
 *
 * <p>When the folder or a file is missing the calling test is skipped with a printed notice, unless
 * {@code CI=true} or {@code -Droocode.requireShared=true}: then it fails, so CI cannot go green by
 * silently skipping. schemas and connectors keep copies in their tests (they build before this module).
 */
public final class SharedFiles {
    /** System property naming the shared folder. */
    public static final String DIR_PROPERTY = "roocode.shared.dir";
    /** Environment variable naming the shared folder. */
    public static final String DIR_ENV = "ROOCODE_SHARED_DIR";
    /** System property that turns a missing folder from a skip into a failure. */
    public static final String REQUIRE_PROPERTY = "roocode.requireShared";

    private SharedFiles() {}

    /** The shared folder; skips (or fails, on CI) the calling test when it is absent. */
    public static Path dir() {
        Optional<Path> dir = locate();
        if (dir.isEmpty()) {
            missing(
                    configured() != null
                            ? "shared test data folder " + configured() + " (from -D" + DIR_PROPERTY + " or " + DIR_ENV
                                    + ") does not exist"
                            : "shared test data folder not found (set -D" + DIR_PROPERTY + "=... or " + DIR_ENV
                                    + "; looked for shared/batch-files above "
                                    + Path.of("").toAbsolutePath() + ")");
        }
        return dir.get();
    }

    /** A file below the shared folder, e.g. {@code file("batch-files/x.jsonl")}; skips or fails when absent. */
    public static Path file(String relative) {
        Path file = dir().resolve(relative);
        if (!Files.isRegularFile(file)) {
            missing("shared test file not found: " + file);
        }
        return file;
    }

    /** A file of the real OpenAI batch files, {@code shared/batch-files/<name>}. */
    public static Path batchFile(String name) {
        return file("batch-files/" + name);
    }

    /** Where the shared folder is, if anywhere. */
    public static Optional<Path> locate() {
        String configured = configured();
        if (configured != null) {
            Path dir = Path.of(configured).toAbsolutePath().normalize();
            return Files.isDirectory(dir) ? Optional.of(dir) : Optional.empty();
        }
        for (Path p = Path.of(System.getProperty("user.dir")).toAbsolutePath(); p != null; p = p.getParent()) {
            Path candidate = p.resolve("shared");
            if (Files.isDirectory(candidate.resolve("batch-files"))) {
                return Optional.of(candidate.normalize());
            }
        }
        return Optional.empty();
    }

    private static String configured() {
        String configured = System.getProperty(DIR_PROPERTY);
        if (configured == null || configured.isBlank()) {
            configured = System.getenv(DIR_ENV);
        }
        return configured == null || configured.isBlank() ? null : configured;
    }

    /** Whether a missing folder must fail the build rather than skip. */
    public static boolean required() {
        return "true".equalsIgnoreCase(System.getenv("CI")) || Boolean.getBoolean(REQUIRE_PROPERTY);
    }

    private static void missing(String notice) {
        if (required()) {
            Assertions.fail(notice + " and it is required (CI=true or -D" + REQUIRE_PROPERTY + "=true)");
        }
        System.out.println("NOTICE: skipping test, " + notice);
        Assumptions.assumeTrue(false, notice);
    }
}
