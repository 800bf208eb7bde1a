package dev.roocode.connectors.provider.contract;

import dev.roocode.schemas.avro.ErrorClass;
import java.time.Duration;

/**
 * One error answer of a provider and what it must classify as. The body is the fixture
 * {@code <name>.response.json}, headers (optional) {@code <name>.headers.json}: a JSON object of
 * header name to value.
 *
 * @param retryAfter the delay the classifier must derive from the headers, or null when none
 */
public record ErrorCase(String name, int status, ErrorClass errorClass, boolean retryable, Duration retryAfter) {

    /** A case without Retry-After. */
    public static ErrorCase of(String name, int status, ErrorClass errorClass, boolean retryable) {
        return new ErrorCase(name, status, errorClass, retryable, null);
    }

    /** The same case expecting {@code delay} from its headers. */
    public ErrorCase retryAfter(Duration delay) {
        return new ErrorCase(name, status, errorClass, retryable, delay);
    }

    @Override
    public String toString() {
        return name + " (" + status + " -> " + errorClass + (retryable ? ", retryable" : "") + ")";
    }
}
