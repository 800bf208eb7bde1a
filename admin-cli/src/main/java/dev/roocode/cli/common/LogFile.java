package dev.roocode.cli.common;

import java.nio.file.Path;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;

/**
 * Where this process logs. The log4j2 configuration writes to the file named by the system property
 * {@value #PROPERTY}: {@code $ROOCODE_HOME/roocode.log} for short commands, set by {@code Main}; the
 * embedded stack's commands move it into their data folder (locked to one process), so two processes
 * never write, or roll, one file.
 */
public final class LogFile {
    /** System property the log4j2 configuration reads. */
    public static final String PROPERTY = "roocode.log.file";
    /** Name of the log file in its folder. */
    public static final String NAME = "roocode.log";

    private LogFile() {}

    /** Names the default log file ({@code <home>/roocode.log}) unless the JVM was started with one. */
    public static void setDefault(Path home) {
        if (System.getProperty(PROPERTY) == null) {
            System.setProperty(PROPERTY, home.resolve(NAME).toString());
        }
    }

    /** Logs to {@code <folder>/roocode.log} from now on; returns that file. */
    public static Path moveTo(Path folder) {
        Path file = folder.toAbsolutePath().normalize().resolve(NAME);
        if (!file.toString().equals(System.getProperty(PROPERTY))) {
            System.setProperty(PROPERTY, file.toString());
            if (LogManager.getContext(false) instanceof LoggerContext context) {
                context.reconfigure(); // re-reads the configuration, so ${sys:roocode.log.file} takes the new value
            }
        }
        return file;
    }

    /** The file logged to now. */
    public static Path current() {
        return Path.of(System.getProperty(PROPERTY, NAME));
    }
}
