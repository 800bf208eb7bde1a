package dev.roocode.core.service;

import java.util.Objects;

/** Whether a service is ready to take work, and in one short line why not. */
public record Readiness(boolean ready, String detail) {
    public Readiness {
        Objects.requireNonNull(detail, "detail");
    }

    public static Readiness ready(String detail) {
        return new Readiness(true, detail);
    }

    public static Readiness notReady(String detail) {
        return new Readiness(false, detail);
    }
}
