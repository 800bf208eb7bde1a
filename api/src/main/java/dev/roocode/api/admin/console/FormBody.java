package dev.roocode.api.admin.console;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** An {@code application/x-www-form-urlencoded} body as name → value (the first value of a repeated name). */
final class FormBody {
    private FormBody() {}

    static Map<String, String> parse(byte[] body) {
        Map<String, String> values = new LinkedHashMap<>();
        String text = new String(body, StandardCharsets.UTF_8);
        for (String pair : text.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            if (name != null && value != null) {
                values.putIfAbsent(name, value);
            }
        }
        return values;
    }

    /** Null for malformed %-escapes: the field is then missing, and the form says so. */
    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
