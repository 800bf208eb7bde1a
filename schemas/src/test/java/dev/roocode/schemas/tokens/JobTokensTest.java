package dev.roocode.schemas.tokens;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roocode.core.tokens.TokenEstimator;
import dev.roocode.schemas.avro.ChatMessage;
import dev.roocode.schemas.avro.ChatRequest;
import dev.roocode.schemas.avro.ContentPart;
import dev.roocode.schemas.avro.EmbeddingRequest;
import dev.roocode.schemas.avro.Job;
import dev.roocode.schemas.avro.JobKind;
import dev.roocode.schemas.avro.RoutingHints;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The estimator counting a Job through the adapter, as the router and the workers' pacing do. */
class JobTokensTest {

    /** A gpt-4o-mini chat job with one user message, "hello world", and max_tokens 100. */
    private static Job job() {
        return Job.newBuilder()
                .setRequestId("r1")
                .setKind(JobKind.CHAT)
                .setModel("gpt-4o-mini")
                .setChat(ChatRequest.newBuilder()
                        .setMessages(List.of(ChatMessage.newBuilder()
                                .setRole("user")
                                .setContent("hello world")
                                .build()))
                        .setMaxTokens(100)
                        .build())
                .setRouting(RoutingHints.newBuilder().build())
                .setSubmittedAt(Instant.parse("2026-11-25T12:00:00Z"))
                .build();
    }

    @Test
    void shouldCountChatTokensWithTheTokenizerPlusMessageFraming() {
        // "hello world" is 2 tokens and "user" 1 in both cl100k and o200k; 3 per message, 3 reply priming
        assertThat(JobTokens.inputTokens(job())).isEqualTo(2 + 1 + 3 + 3);
    }

    @Test
    void shouldCountLongTextFarFromFourCharactersPerToken() {
        Job job = job();
        String digits = "1234567890".repeat(100); // 1000 chars; cl100k/o200k group digits by three
        job.getChat()
                .setMessages(List.of(ChatMessage.newBuilder()
                        .setRole("user")
                        .setContent(digits)
                        .build()));
        assertThat(JobTokens.inputTokens(job)).isBetween(330L, 345L);
    }

    @Test
    void shouldCountEveryEmbeddingInput() {
        Job job = job();
        job.setKind(JobKind.EMBEDDING);
        job.setChat(null);
        job.setModel("text-embedding-3-small");
        job.setEmbedding(EmbeddingRequest.newBuilder()
                .setInput(List.of("hello world", "hello world"))
                .build());
        assertThat(JobTokens.inputTokens(job)).isEqualTo(4);
        assertThat(JobTokens.outputTokens(job)).isZero();
    }

    @Test
    void shouldCountImagePartsByDetail() {
        Job job = job();
        job.getChat()
                .setMessages(List.of(ChatMessage.newBuilder()
                        .setRole("user")
                        .setParts(List.of(ContentPart.newBuilder()
                                .setType("image_url")
                                .setImageUrl("https://x/y.png")
                                .setDetail("low")
                                .build()))
                        .build()));
        assertThat(JobTokens.inputTokens(job)).isEqualTo(TokenEstimator.IMAGE_LOW_DETAIL + 1 + 3 + 3);
    }

    @Test
    void shouldUseMaxTokensOrDefaultForOutput() {
        Job job = job();
        assertThat(JobTokens.outputTokens(job)).isEqualTo(100);
        job.getChat().setMaxTokens(null);
        assertThat(JobTokens.outputTokens(job)).isEqualTo(TokenEstimator.DEFAULT_OUTPUT_TOKENS);
    }

    @Test
    void shouldCountAPromptThatSpellsASpecialTokenAsText() {
        Job job = job();
        job.getChat()
                .setMessages(List.of(ChatMessage.newBuilder()
                        .setRole("user")
                        .setContent("a<|endoftext|>b")
                        .build()));
        assertThat(JobTokens.inputTokens(job)).isGreaterThan(1 + 3 + 3);
    }
}
