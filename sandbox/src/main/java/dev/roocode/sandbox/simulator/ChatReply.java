package dev.roocode.sandbox.simulator;

/**
 * The deterministic answer to a chat request: {@code "Simulated reply to: "} plus the first 60 characters of
 * the last user message, cut to {@code max_tokens} (finish reason {@code length}) when it does not fit.
 */
record ChatReply(String content, boolean truncated, long promptTokens, long completionTokens) {

    static final String PREFIX = "Simulated reply to: ";
    static final int QUOTED_CHARS = 60;

    static ChatReply answer(SimRequest request) {
        String user = request.lastUserText();
        String content = PREFIX + (user.length() > QUOTED_CHARS ? user.substring(0, QUOTED_CHARS) : user);
        long tokens = SimRequest.estimateTokens(content.length());
        if (request.maxTokens() >= 0 && request.maxTokens() < tokens) {
            int chars = (int) Math.min(content.length(), request.maxTokens() * 4L);
            return new ChatReply(content.substring(0, chars), true, request.promptTokens(), request.maxTokens());
        }
        return new ChatReply(content, false, request.promptTokens(), tokens);
    }

    /** Tokens a call claims against a tpm limit: prompt plus the cap, or plus the reply when uncapped. */
    static long rateLimitTokens(SimRequest request) {
        if (request.operation() == Operation.EMBEDDINGS) {
            return request.promptTokens();
        }
        long completion =
                request.maxTokens() >= 0 ? request.maxTokens() : answer(request).completionTokens();
        return request.promptTokens() + completion;
    }
}
