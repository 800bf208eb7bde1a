package dev.roocode.cli.connection;

import dev.roocode.cli.common.CliException;
import java.net.URI;
import java.net.URISyntaxException;

/** Checks URLs given on the command line or in files, with one-line errors. */
public final class Urls {
    private Urls() {}

    /** {@code value} trimmed, when it is an absolute http(s) URL with a host; else a usage error naming {@code what}. */
    public static String check(String what, String value) {
        String url = value == null ? "" : value.trim();
        try {
            URI uri = new URI(url);
            if (uri.getScheme() == null
                    || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))) {
                throw CliException.usage(
                        what + ": '" + url + "' is not an http(s) URL; use e.g. https://api.example.com/v1");
            }
            if (uri.getHost() == null || uri.getHost().isBlank()) {
                throw CliException.usage(what + ": '" + url + "' has no host; use e.g. https://api.example.com/v1");
            }
            return url;
        } catch (URISyntaxException e) {
            throw CliException.usage(what + ": '" + url + "' is not a valid URL (" + e.getReason() + ")");
        }
    }
}
