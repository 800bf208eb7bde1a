package dev.roocode.core.tokens;

import static org.assertj.core.api.Assertions.assertThat;

import com.knuddels.jtokkit.api.EncodingType;
import java.util.List;
import org.junit.jupiter.api.Test;

class TokenEstimatorTest {

    private static Prompt chat(String model, String content, Integer maxTokens) {
        return new Prompt(
                model,
                new Prompt.Chat(
                        List.of(new Prompt.Message("user", content, null, null, List.of())), null, null, maxTokens),
                null);
    }

    @Test
    void shouldCountChatTokensWithTheTokenizerPlusMessageFraming() {
        // "hello world" is 2 tokens and "user" 1 in both cl100k and o200k; 3 per message, 3 reply priming
        assertThat(TokenEstimator.inputTokens(chat("gpt-4o-mini", "hello world", 100)))
                .isEqualTo(2 + 1 + 3 + 3);
        assertThat(TokenEstimator.inputTokens(chat("claude-3-5-sonnet", "hello world", 100)))
                .isEqualTo(2 + 1 + 3 + 3);
    }

    @Test
    void shouldCountANameToolsAndImagesOfAMessage() {
        Prompt.Message named = new Prompt.Message(
                "user",
                "hello world",
                "bob",
                null,
                List.of(new Prompt.Part("image_url", null, null), new Prompt.Part("text", "hello world", null)));
        Prompt prompt =
                new Prompt("gpt-4o", new Prompt.Chat(List.of(named), "[{\"type\":\"function\"}]", null, null), null);

        long plain = TokenEstimator.inputTokens(chat("gpt-4o", "hello world", null));
        assertThat(TokenEstimator.inputTokens(prompt))
                .isEqualTo(plain
                        + (1 + TokenEstimator.count("gpt-4o", "bob"))
                        + TokenEstimator.IMAGE_DEFAULT
                        + 2
                        + TokenEstimator.count("gpt-4o", "[{\"type\":\"function\"}]"));
    }

    @Test
    void shouldCountTextThatSpellsASpecialTokenInsteadOfThrowing() {
        for (String model : List.of("gpt-4o", "gpt-4", "claude-3-5-sonnet")) {
            assertThat(TokenEstimator.count(model, "<|endoftext|>")).as(model).isGreaterThan(1);
            assertThat(TokenEstimator.inputTokens(chat(model, "end <|endoftext|><|fim_prefix|> start", null)))
                    .as(model)
                    .isGreaterThan(TokenEstimator.inputTokens(chat(model, "end start", null)));
        }
    }

    @Test
    void shouldCountARepeatedTextTheSameAsTheFirstTime() {
        String prompt = "You summarize documents in one sentence, plainly.";
        int first = TokenEstimator.count("gpt-4o-mini", prompt);
        for (int i = 0; i < 3_000; i++) { // past the bound of remembered texts, which then starts over
            assertThat(TokenEstimator.count("gpt-4o-mini", "line " + i)).isBetween(2, 4);
        }
        assertThat(TokenEstimator.count("gpt-4o-mini", prompt))
                .isEqualTo(first)
                .isEqualTo(TokenEstimator.count("gpt-4o-mini", prompt));
        assertThat(TokenEstimator.count("gpt-4", prompt))
                .as("per encoding")
                .isEqualTo(TokenEstimator.count("gpt-4", new String(prompt)));
        String longText = "word ".repeat(2_000); // over the length of remembered texts
        assertThat(TokenEstimator.count("gpt-4o-mini", longText))
                .isEqualTo(TokenEstimator.count("gpt-4o-mini", longText))
                .isBetween(1_999, 2_001);
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
    void shouldUseMaxTokensOrDefaultForOutputAndNoneForEmbeddings() {
        assertThat(TokenEstimator.outputTokens(chat("gpt-4o", "hi", 100))).isEqualTo(100);
        assertThat(TokenEstimator.outputTokens(chat("gpt-4o", "hi", null)))
                .isEqualTo(TokenEstimator.DEFAULT_OUTPUT_TOKENS);
        Prompt embedding = new Prompt("text-embedding-3-small", null, List.of("hello world", "hello world"));
        assertThat(TokenEstimator.outputTokens(embedding)).isZero();
        assertThat(TokenEstimator.inputTokens(embedding)).isEqualTo(4);
    }
}
