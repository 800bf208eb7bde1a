package dev.roocode.core.tokens;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingRegistry;
import com.knuddels.jtokkit.api.EncodingType;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Counts prompt tokens before dispatch with a real BPE tokenizer (jtokkit, tiktoken-compatible):
 * o200k_base for the GPT-4o / GPT-4.1 / GPT-5 / o-series families, cl100k_base for everything
 * else. For non-OpenAI models cl100k is an approximation (their tokenizers are not public for all
 * of them), close enough to size context windows and quotas; workers reconcile with real usage.
 * The one estimator of Roocode: the router sizes jobs with it and the workers' pacing reserves
 * rate-limit budget with it.
 *
 * <p>Chat framing follows OpenAI's published counting recipe: {@value #PER_MESSAGE_OVERHEAD}
 * tokens per message, one more for a {@code name}, {@value #REPLY_PRIMING} for the reply priming.
 * An image part counts {@value #IMAGE_LOW_DETAIL} tokens at detail {@code low}, else
 * {@value #IMAGE_DEFAULT} (a mid-size image at high detail). Text that happens to spell a special
 * token ({@code <|endoftext|>}) is counted as ordinary text, never rejected: it is user input.
 */
public final class TokenEstimator {
    public static final int PER_MESSAGE_OVERHEAD = 3;
    public static final int REPLY_PRIMING = 3;
    public static final int IMAGE_LOW_DETAIL = 85;
    public static final int IMAGE_DEFAULT = 765;
    /** Output tokens assumed for a chat job without max_tokens. */
    public static final int DEFAULT_OUTPUT_TOKENS = 256;

    private static final AtomicBoolean PRELOADING = new AtomicBoolean();

    private TokenEstimator() {}

    /**
     * Loads both vocabularies now, on a daemon thread, so that the first job counted does not wait for them
     * (o200k_base takes ~0.3 s to load on a 2-CPU machine, in the path of a start's first Result). A count that
     * comes meanwhile waits for the vocabulary being loaded, not for a second copy. Only the first call starts it.
     */
    public static void preload() {
        if (PRELOADING.compareAndSet(false, true)) {
            Thread loader = new Thread(
                    () -> {
                        Holder.REGISTRY.getEncoding(EncodingType.O200K_BASE);
                        Holder.REGISTRY.getEncoding(EncodingType.CL100K_BASE);
                    },
                    "roocode-tokenizer-preload");
            loader.setDaemon(true);
            loader.start();
        }
    }

    /** Input tokens of {@code prompt}: messages, parts, tools and response format, or every embedding input; at least 1. */
    public static long inputTokens(Prompt prompt) {
        Encoding encoding = encodingFor(prompt.model());
        long tokens = 0;
        Prompt.Chat chat = prompt.chat();
        if (chat != null) {
            tokens += REPLY_PRIMING + count(encoding, chat.toolsJson()) + count(encoding, chat.responseFormatJson());
            for (Prompt.Message message : chat.messages()) {
                tokens += PER_MESSAGE_OVERHEAD
                        + count(encoding, message.role())
                        + count(encoding, message.content())
                        + count(encoding, message.toolCallsJson())
                        + (message.name() == null ? 0 : 1 + count(encoding, message.name()));
                if (message.parts() != null) {
                    for (Prompt.Part part : message.parts()) {
                        tokens += "image_url".equals(part.type()) ? imageTokens(part) : count(encoding, part.text());
                    }
                }
            }
        }
        if (prompt.embeddingInputs() != null) {
            for (String input : prompt.embeddingInputs()) {
                tokens += count(encoding, input);
            }
        }
        return Math.max(1, tokens);
    }

    /** Output tokens: max_tokens when given, else {@value #DEFAULT_OUTPUT_TOKENS} for chat, 0 for embeddings. */
    public static long outputTokens(Prompt prompt) {
        if (prompt.chat() == null) {
            return 0;
        }
        Integer maxTokens = prompt.chat().maxTokens();
        return maxTokens != null ? maxTokens : DEFAULT_OUTPUT_TOKENS;
    }

    /** Tokens of {@code text} under the encoding of {@code model}. */
    public static int count(String model, String text) {
        return count(encodingFor(model), text);
    }

    static EncodingType encodingTypeFor(String model) {
        String m = model == null ? "" : model.toLowerCase(Locale.ROOT);
        int slash = m.lastIndexOf('/');
        m = slash >= 0 ? m.substring(slash + 1) : m;
        boolean oSeries = m.length() > 1 && m.charAt(0) == 'o' && m.charAt(1) >= '1' && m.charAt(1) <= '9';
        boolean o200k = m.startsWith("gpt-4o")
                || m.startsWith("chatgpt-4o")
                || m.startsWith("gpt-4.1")
                || m.startsWith("gpt-4.5")
                || m.startsWith("gpt-5")
                || oSeries
                || m.startsWith("gpt-oss");
        return o200k ? EncodingType.O200K_BASE : EncodingType.CL100K_BASE;
    }

    private static Encoding encodingFor(String model) {
        return Holder.REGISTRY.getEncoding(encodingTypeFor(model));
    }

    private static int count(Encoding encoding, String text) {
        if (text == null || text.isEmpty()) {
            return 0;
        }
        if (text.length() > Repeated.MAX_LENGTH) {
            return encoding.countTokensOrdinary(text);
        }
        Map<String, Integer> counts = Repeated.counts(encoding);
        Integer known = counts.get(text);
        if (known != null) {
            return known;
        }
        // ordinary: text that happens to contain "<|endoftext|>" is counted, never rejected
        int count = encoding.countTokensOrdinary(text);
        if (counts.size() >= Repeated.MAX_ENTRIES) {
            counts.clear();
        }
        counts.put(text, count);
        return count;
    }

    /**
     * Counts of recent short texts, per encoding: roles, names and the system prompt a batch repeats on every
     * line are counted once, not once per job. Bounded: cleared when full, texts over {@value #MAX_LENGTH}
     * characters never kept.
     */
    private static final class Repeated {
        static final int MAX_LENGTH = 4_096;
        static final int MAX_ENTRIES = 1_024;
        private static final Map<Encoding, Map<String, Integer>> BY_ENCODING = new ConcurrentHashMap<>();

        static Map<String, Integer> counts(Encoding encoding) {
            return BY_ENCODING.computeIfAbsent(encoding, e -> new ConcurrentHashMap<>());
        }
    }

    private static int imageTokens(Prompt.Part part) {
        return "low".equals(part.detail()) ? IMAGE_LOW_DETAIL : IMAGE_DEFAULT;
    }

    /** Loads the vocabularies once, on first use, off the class-loading path of the topology. */
    private static final class Holder {
        static final EncodingRegistry REGISTRY = Encodings.newLazyEncodingRegistry();
    }
}
