package dev.roocode.connectors.provider;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What a provider answered to one {@link HttpCall}: status, headers (names matched case-insensitively)
 * and body bytes, plus when the answer arrived so HTTP-date {@code Retry-After} values can be turned
 * into delays without a clock.
 */
public record HttpAnswer(int status, Map<String, List<String>> headers, byte[] body, Instant receivedAt) {

    public HttpAnswer {
        TreeMap<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.forEach((name, values) -> {
            if (name != null) {
                copy.put(name.toLowerCase(Locale.ROOT), List.copyOf(values));
            }
        });
        headers = copy;
        body = body == null ? new byte[0] : body;
    }

    /** An answer without arrival time, for tests and fixtures. */
    public HttpAnswer(int status, Map<String, List<String>> headers, byte[] body) {
        this(status, headers, body, null);
    }

    /** The first value of header {@code name}, ignoring case. */
    public Optional<String> header(String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    /** Whether the status is 2xx. */
    public boolean isSuccess() {
        return status >= 200 && status < 300;
    }

    @Override
    public String toString() {
        return "HttpAnswer[status=" + status + ", body=" + body.length + " bytes]";
    }
}
