package dev.roocode.processor.router;

import static org.assertj.core.api.Assertions.assertThat;

import com.knuddels.jtokkit.api.EncodingType;
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

class TokenEstimatorTest {

    /** A gpt-4o-mini chat job with one user message, "hello world", and max_tokens 100. */
    private static Job job() {
        return Job.newBuilder()
                .setRequestId("r1")
                .setKind(JobKind.CHAT)
                .setModel("gpt-4o-mini")
                .setChat(ChatRequest.newBuilder()
                        .setMessages(List.of(ChatMessage.newBuilder().setRole("user").setContent("hello world").build()))
                        .setMaxTokens(100)
                        .build())
                .setRouting(RoutingHints.newBuilder().build())
                .setSubmittedAt(Instant.parse("2026-11-25T12:00:00Z"))
                .build();
    }

    @Test
    void shouldCountChatTokensWithTheTokenizerPlusMessageFraming() {
        // "hello world" is 2 tokens and "user" 1 in both cl100k and o200k; 3 per message, 3 reply priming
        assertThat(TokenEstimator.inputTokens(job())).isEqualTo(2 + 1 + 3 + 3);
    }

    @Test
    void shouldCountARepeatedTextTheSameAsTheFirstTime() {
        String prompt = "You summarize documents in one sentence, plainly.";
        int first = TokenEstimator.count("gpt-4o-mini", prompt);
        for (int i = 0; i < 3_000; i++) { // past the bound of remembered texts, which then starts over
            assertThat(TokenEstimator.count("gpt-4o-mini", "line " + i)).isBetween(2, 4);
        }
        assertThat(TokenEstimator.count("gpt-4o-mini", prompt)).isEqualTo(first).isEqualTo(TokenEstimator.count("gpt-4o-mini", prompt));
        assertThat(TokenEstimator.count("gpt-4", prompt)).as("per encoding").isEqualTo(TokenEstimator.count("gpt-4", new String(prompt)));
        String longText = "word ".repeat(2_000); // over the length of remembered texts
        assertThat(TokenEstimator.count("gpt-4o-mini", longText)).isEqualTo(TokenEstimator.count("gpt-4o-mini", longText)).isBetween(1_999, 2_001);
    }

    @Test
    void shouldCountLongTextFarFromFourCharactersPerToken() {
        Job job = job();
        String digits = "1234567890".repeat(100); // 1000 chars; cl100k/o200k group digits by three
        job.getChat().setMessages(List.of(ChatMessage.newBuilder().setRole("user").setContent(digits).build()));
        assertThat(TokenEstimator.inputTokens(job)).isBetween(330L, 345L);
    }

    @Test
    void shouldCountEveryEmbeddingInput() {
        Job job = job();
        job.setKind(JobKind.EMBEDDING);
        job.setChat(null);
        job.setModel("text-embedding-3-small");
        job.setEmbedding(EmbeddingRequest.newBuilder().setInput(List.of("hello world", "hello world")).build());
        assertThat(TokenEstimator.inputTokens(job)).isEqualTo(4);
        assertThat(TokenEstimator.outputTokens(job)).isZero();
    }

    @Test
    void shouldCountImagePartsByDetail() {
        Job job = job();
        job.getChat().setMessages(List.of(ChatMessage.newBuilder().setRole("user").setParts(List.of(
                ContentPart.newBuilder().setType("image_url").setImageUrl("https://x/y.png").setDetail("low").build())).build()));
        assertThat(TokenEstimator.inputTokens(job)).isEqualTo(TokenEstimator.IMAGE_LOW_DETAIL + 1 + 3 + 3);
    }

    @Test
    void shouldPickO200kForGpt4oFamilyAndCl100kOtherwise() {
        assertThat(TokenEstimator.encodingTypeFor("gpt-4o-mini")).isEqualTo(EncodingType.O200K_BASE);
        assertThat(TokenEstimator.encodingTypeFor("openai/o3-mini")).isEqualTo(EncodingType.O200K_BASE);
        assertThat(TokenEstimator.encodingTypeFor("o1")).isEqualTo(EncodingType.O200K_BASE);
        assertThat(TokenEstimator.encodingTypeFor("omni-embed")).isEqualTo(EncodingType.CL100K_BASE);
        assertThat(TokenEstimator.encodingTypeFor("gpt-4-turbo")).isEqualTo(EncodingType.CL100K_BASE);
        assertThat(TokenEstimator.encodingTypeFor("claude-3-5-sonnet")).isEqualTo(EncodingType.CL100K_BASE);
    }

    @Test
    void shouldNotRejectTextContainingSpecialTokens() {
        assertThat(TokenEstimator.count("gpt-4o", "<|endoftext|>")).isPositive();
    }

    @Test
    void shouldUseMaxTokensOrDefaultForOutput() {
        Job job = job();
        assertThat(TokenEstimator.outputTokens(job)).isEqualTo(100);
        job.getChat().setMaxTokens(null);
        assertThat(TokenEstimator.outputTokens(job)).isEqualTo(TokenEstimator.DEFAULT_OUTPUT_TOKENS);
    }
}
