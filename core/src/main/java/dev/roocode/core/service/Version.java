package dev.roocode.core.service;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The Roocode version this code was built as, from a resource Maven filters at build time. */
public final class Version {
    private static final String RESOURCE = "version.properties";

    private Version() {}

    /** The project version, e.g. {@code 0.1.0-SNAPSHOT}, or {@code unknown} when the resource is missing. */
    public static String current() {
        try (InputStream in = Version.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                return "unknown";
            }
            Properties properties = new Properties();
            properties.load(in);
            String version = properties.getProperty("version", "unknown");
            // an unfiltered copy (run from an IDE without Maven's resource step) still says something true
            return version.startsWith("${") ? "unknown" : version;
        } catch (IOException e) {
            return "unknown";
        }
    }
}
