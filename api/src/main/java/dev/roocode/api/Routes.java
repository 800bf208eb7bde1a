package dev.roocode.api;

import io.undertow.util.HttpString;

/** Where an endpoint group registers its routes. */
public interface Routes {
    /**
     * Serves {@code method} on {@code template} (Undertow path template, e.g. {@code /v1/files/{file_id}}).
     */
    void add(HttpString method, String template, Access access, Route route);
}
