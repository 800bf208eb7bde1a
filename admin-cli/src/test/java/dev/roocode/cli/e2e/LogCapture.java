package dev.roocode.cli.e2e;

import java.io.StringWriter;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.WriterAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.layout.PatternLayout;

/** Copies every log line of this JVM (all configured loggers) into memory, so a test can search it. */
public final class LogCapture implements AutoCloseable {
    private final StringWriter lines = new StringWriter();
    private final WriterAppender appender;
    private final LoggerContext context = (LoggerContext) LogManager.getContext(false);

    public LogCapture() {
        Configuration config = context.getConfiguration();
        appender = WriterAppender.newBuilder()
                .setName("capture")
                .setTarget(lines)
                .setLayout(PatternLayout.newBuilder()
                        .withPattern("%level %c - %msg%n%throwable")
                        .build())
                .build();
        appender.start();
        config.getRootLogger().addAppender(appender, null, null);
        for (LoggerConfig logger : config.getLoggers().values()) {
            logger.addAppender(appender, null, null);
        }
        context.updateLoggers();
    }

    public String text() {
        synchronized (lines) {
            return lines.toString();
        }
    }

    @Override
    public void close() {
        Configuration config = context.getConfiguration();
        config.getRootLogger().removeAppender("capture");
        for (LoggerConfig logger : config.getLoggers().values()) {
            logger.removeAppender("capture");
        }
        context.updateLoggers();
        appender.stop();
    }
}
