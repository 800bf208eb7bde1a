package dev.roocode.cli;

import dev.roocode.cli.common.CliContext;
import dev.roocode.cli.common.LogFile;
import org.apache.logging.log4j.LogManager;

/** Entry point of the {@code roocode} launcher. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        // before anything logs: the log4j2 configuration reads the file name from this property
        LogFile.setDefault(CliContext.home(System.getenv()));
        int exit = RoocodeCommand.commandLine().execute(args);
        // log4j's own shutdown hook is off (it would stop logging under a stack that is still closing)
        LogManager.shutdown();
        System.exit(exit);
    }
}
