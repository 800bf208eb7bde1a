package dev.roocode.connectors.execution;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import dev.roocode.schemas.avro.Assignment;
import dev.roocode.schemas.avro.ChatMessage;
import dev.roocode.schemas.avro.ChatRequest;
import dev.roocode.schemas.avro.ContentPart;
import dev.roocode.schemas.avro.DispatchedJob;
import dev.roocode.schemas.avro.Job;
import dev.roocode.schemas.avro.JobKind;
import dev.roocode.schemas.avro.Usage;

/**
 * The tokens a call reserves against the TPM budget before it starts: the prompt counted with a real
 * BPE tokenizer (jtokkit, cl100k_base: exact for OpenAI's previous generation, within a few percent
 * for most others) plus {@code max_tokens}, which providers such as OpenAI count against the limit
 * at request time. The answer's usage then replaces the estimate ({@link Pacer#reconcile}).
 */
public final class TokenEstimator {
    /** Tokens OpenAI adds per chat message for role and separators. */
    static final int PER_MESSAGE = 4;
    /** The output reserved when a chat job sets no max_tokens. */
    static final int DEFAULT_MAX_TOKENS = 256;

    private static final class Holder {
        static final Encoding ENCODING = Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.CL100K_BASE);
    }

    private TokenEstimator() {}

    /** A job's prompt tokens (by this tokenizer) and the output it may produce. */
    public record Estimate(long prompt, long output) {
        public long total() {
            return prompt + output;
        }
    }

    /** The tokens {@code job} is expected to use: prompt plus output cap. */
    public static long estimate(Job job) {
        return estimateOf(job).total();
    }

    /**
     * {@link #estimateOf(Job)}, with the prompt tokens the router already counted for the assignment
     * when it did (same tokenizer, and OpenAI's full chat framing), so the hot path counts nothing twice.
     */
    public static Estimate estimateOf(DispatchedJob dispatched) {
        Job job = dispatched.getJob();
        Assignment assignment = dispatched.getAssignment();
        if (assignment == null || assignment.getEstimatedInputTokens() <= 0) {
            return estimateOf(job);
        }
        long output = job.getKind() == JobKind.CHAT && job.getChat() != null ? outputCap(job.getChat()) : 0;
        return new Estimate(assignment.getEstimatedInputTokens(), output);
    }

    /** The output a chat may produce: its max_tokens, or {@link #DEFAULT_MAX_TOKENS} when it sets none. */
    private static long outputCap(ChatRequest chat) {
        return chat.getMaxTokens() == null ? DEFAULT_MAX_TOKENS : chat.getMaxTokens();
    }

    /** {@link #estimate} split into prompt and output. */
    public static Estimate estimateOf(Job job) {
        switch (job.getKind()) {
            case CHAT -> {
                ChatRequest chat = job.getChat();
                if (chat == null) {
                    return new Estimate(1, 0);
                }
                long tokens = 3;
                for (ChatMessage message : chat.getMessages()) {
                    tokens += PER_MESSAGE + count(message.getContent());
                    if (message.getParts() != null) {
                        for (ContentPart part : message.getParts()) {
                            tokens += count(part.getText());
                        }
                    }
                }
                return new Estimate(tokens, outputCap(chat));
            }
            case EMBEDDING -> {
                long tokens = 0;
                if (job.getEmbedding() != null) {
                    for (String input : job.getEmbedding().getInput()) {
                        tokens += count(input);
                    }
                }
                return new Estimate(Math.max(1, tokens), 0);
            }
            default -> {
                return new Estimate(1, 0);
            }
        }
    }

    /** The tokens an answer reported, or -1 when it reported none. */
    public static long actual(Usage usage) {
        if (usage == null) {
            return -1;
        }
        if (usage.getTotalTokens() > 0) {
            return usage.getTotalTokens();
        }
        long sum = usage.getInputTokens() + usage.getOutputTokens();
        return sum > 0 ? sum : -1;
    }

    static int count(String text) {
        return text == null || text.isEmpty() ? 0 : Holder.ENCODING.countTokens(text);
    }
}
