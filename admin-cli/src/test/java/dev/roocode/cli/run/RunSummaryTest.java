package dev.roocode.cli.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roocode.client.batch.BatchSummary;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The summary {@code run} and {@code submit --wait} print. */
class RunSummaryTest {
    @Test
    void shouldCountLinesPerProviderMostFirstThenThoseNoProviderServed() {
        BatchSummary summary = new BatchSummary(
                "batch_1",
                Path.of("out.jsonl"),
                10,
                8,
                1,
                1,
                0,
                100,
                50,
                0.01,
                Duration.ofSeconds(2),
                Map.of("vllm-a", 2L, "openai-main", 6L, "anthropic", 1L));

        assertThat(print(summary)).contains("  served by  openai-main 6, vllm-a 2, anthropic 1, no provider 1\n");
    }

    @Test
    void shouldSayNoneWhenNoLineWasCounted() {
        BatchSummary summary =
                new BatchSummary("batch_2", Path.of("out.jsonl"), 0, 0, 0, 0, 0, 0, 0, 0, Duration.ZERO, Map.of());

        assertThat(print(summary)).contains("  served by  none\n");
    }

    private static String print(BatchSummary summary) {
        StringWriter text = new StringWriter();
        RunCommand.printSummary(new PrintWriter(text), summary);
        return text.toString().replace(System.lineSeparator(), "\n");
    }
}
