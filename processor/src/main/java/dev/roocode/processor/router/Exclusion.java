package dev.roocode.processor.router;

/** Why {@code provider} may not serve a job; NO_ROUTE messages list these. */
public record Exclusion(String provider, String reason) {
    @Override
    public String toString() {
        return provider + ": " + reason;
    }
}
