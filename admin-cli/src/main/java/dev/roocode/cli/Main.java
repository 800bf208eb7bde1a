package dev.roocode.cli;

import picocli.CommandLine;

/** Entry point of the {@code roocode} launcher. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.exit(RoocodeCommand.commandLine().execute(args));
    }
}
