package dev.roocode.cli;

import picocli.CommandLine.IVersionProvider;

/** Reads the version from the jar manifest, falling back to "development". */
public final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
        String version = RoocodeCommand.class.getPackage().getImplementationVersion();
        return new String[] {
            "roocode " + (version == null ? "development" : version),
            "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")"
        };
    }
}
