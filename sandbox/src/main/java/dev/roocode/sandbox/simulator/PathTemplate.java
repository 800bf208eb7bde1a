package dev.roocode.sandbox.simulator;

/**
 * Paths of the form {@code <prefix><name><suffix>} whose middle segment names the model or deployment, as
 * Azure ({@code /openai/deployments/{deployment}/chat/completions}), Gemini
 * ({@code /v1beta/models/{model}:generateContent}) and Hugging Face endpoints put it in the URL.
 */
record PathTemplate(String prefix, String suffix) {

    /** The name in {@code path}, or null when the path does not fit (or the name is empty or has a slash). */
    String name(String path) {
        if (!path.startsWith(prefix) || !path.endsWith(suffix) || path.length() <= prefix.length() + suffix.length()) {
            return null;
        }
        String name = path.substring(prefix.length(), path.length() - suffix.length());
        return name.indexOf('/') >= 0 ? null : name;
    }
}
