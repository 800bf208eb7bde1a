package dev.roocode.connectors.execution;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roocode.connectors.TestJobs;
import dev.roocode.schemas.avro.DispatchedJob;
import dev.roocode.schemas.avro.Job;
import dev.roocode.schemas.tokens.JobTokens;
import java.util.List;
import org.junit.jupiter.api.Test;

class TokenReservationTest {
    @Test
    void shouldTakeThePromptTokensTheRouterCounted() {
        Job job = TestJobs.chatJob("r1", "Summarize this document in one sentence.")
                .build();
        job.getChat().setMaxTokens(32);
        DispatchedJob dispatched = TestJobs.dispatched(job);
        dispatched.getAssignment().setEstimatedInputTokens(1234L);

        assertThat(TokenReservation.estimateOf(dispatched)).isEqualTo(new TokenReservation.Estimate(1234, 32));
    }

    @Test
    void shouldCountThePromptItselfWhenTheRouterDidNot() {
        Job job = TestJobs.chatJob("r1", "Summarize this document in one sentence.")
                .build();
        DispatchedJob dispatched = TestJobs.dispatched(job);
        dispatched.getAssignment().setEstimatedInputTokens(0L);

        TokenReservation.Estimate estimate = TokenReservation.estimateOf(dispatched);
        assertThat(estimate).isEqualTo(TokenReservation.estimateOf(job));
        assertThat(estimate.prompt()).isBetween(8L, 20L);
        assertThat(estimate.output()).isEqualTo(TokenReservation.DEFAULT_MAX_TOKENS);
    }

    @Test
    void shouldReserveNoOutputForAnEmbedding() {
        DispatchedJob dispatched = TestJobs.dispatched(
                TestJobs.embeddingJob("e1", List.of("a", "b")).build());
        dispatched.getAssignment().setEstimatedInputTokens(7L);

        assertThat(TokenReservation.estimateOf(dispatched)).isEqualTo(new TokenReservation.Estimate(7, 0));
    }

    @Test
    void shouldCountAPromptThatSpellsASpecialTokenInsteadOfThrowing() {
        Job job = TestJobs.chatJob("r1", "Explain what <|endoftext|> means in a GPT prompt.")
                .build();

        assertThat(TokenReservation.estimateOf(job).prompt()).isGreaterThan(10L);
    }

    @Test
    void shouldReserveWhatTheRouterWouldCountWhenTheAssignmentCarriesNoCount() {
        Job job = TestJobs.chatJob("r1", "Summarize this document in one sentence.")
                .build();
        job.setModel("gpt-4o");
        job.getChat().setToolsJson("[{\"type\":\"function\",\"function\":{\"name\":\"lookup\",\"parameters\":{}}}]");

        assertThat(TokenReservation.estimateOf(job))
                .isEqualTo(new TokenReservation.Estimate(JobTokens.inputTokens(job), JobTokens.outputTokens(job)));
    }
}
