package dev.roocode.connectors.provider.support;

import java.util.Locale;
import java.util.Optional;

/**
 * A base64 {@code data:} URI of an image part, split into media type and payload for providers that
 * take inline images as separate fields (Anthropic {@code source}, Gemini {@code inlineData}).
 */
public record DataUri(String mediaType, String base64) {

    /** {@code data:<media type>;base64,<payload>}, or empty for anything else (including non-base64 data URIs). */
    public static Optional<DataUri> parse(String uri) {
        if (uri == null || !uri.regionMatches(true, 0, "data:", 0, 5)) {
            return Optional.empty();
        }
        int comma = uri.indexOf(',');
        if (comma < 0) {
            return Optional.empty();
        }
        String meta = uri.substring(5, comma);
        if (!meta.toLowerCase(Locale.ROOT).endsWith(";base64")) {
            return Optional.empty();
        }
        String mediaType = meta.substring(0, meta.length() - ";base64".length()).toLowerCase(Locale.ROOT);
        return mediaType.isEmpty() ? Optional.empty() : Optional.of(new DataUri(mediaType, uri.substring(comma + 1)));
    }

    /** Whether {@code uri} is an http(s) URL. */
    public static boolean isHttpUrl(String uri) {
        return uri != null
                && (uri.regionMatches(true, 0, "https://", 0, 8) || uri.regionMatches(true, 0, "http://", 0, 7));
    }

    @Override
    public String toString() {
        return "DataUri[" + mediaType + ", " + base64.length() + " chars]";
    }
}
