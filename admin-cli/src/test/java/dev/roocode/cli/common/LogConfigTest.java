package dev.roocode.cli.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.Configurator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shipped log4j2.xml (not the tests' one): a private file where LogFile says, and no shutdown hook. */
class LogConfigTest {
    @TempDir
    Path dir;

    @Test
    void shouldWriteAnOwnerOnlyLogFileWhereThePropertySaysWithNoShutdownHook() throws Exception {
        Path file = dir.resolve("home").resolve(LogFile.NAME);
        String before = System.getProperty(LogFile.PROPERTY);
        System.setProperty(LogFile.PROPERTY, file.toString());
        LoggerContext context = Configurator.initialize(
                "log-config-test",
                getClass().getClassLoader(),
                getClass().getClassLoader().getResource("log4j2.xml").toURI());
        try {
            assertThat(context.getConfiguration().isShutdownHookEnabled())
                    .as("log4j shutdown hook")
                    .isFalse();
            assertThat(file).as("created only when written").doesNotExist();

            context.getLogger("org.apache.kafka.Test").warn("a warning for the file");

            assertThat(file).exists().content().contains("a warning for the file");
            if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                        .isEqualTo("rw-------");
            }
        } finally {
            Configurator.shutdown(context);
            if (before == null) {
                System.clearProperty(LogFile.PROPERTY);
            } else {
                System.setProperty(LogFile.PROPERTY, before);
            }
        }
    }
}
