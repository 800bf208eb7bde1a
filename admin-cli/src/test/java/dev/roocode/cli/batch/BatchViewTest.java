package dev.roocode.cli.batch;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.roocode.schemas.avro.BatchStatus;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What {@code batches show} prints of a batch's status. */
class BatchViewTest {
    private static final Instant T0 = Instant.parse("2026-11-25T12:00:00Z");

    @Test
    void shouldShowFinishedJobsPerProviderInTextAndJson() throws Exception {
        BatchStatus status = BatchStatus.newBuilder()
                .setBatchId("b")
                .setSucceeded(9)
                .setFailed(3)
                .setFirstResultAt(T0)
                .setUpdatedAt(T0.plusSeconds(10))
                .setByProvider(Map.of("sim", 8L, "vllm-a", 2L))
                .build();
        BatchEstimate estimate = BatchEstimate.of(List.of(status), 12L, T0.plusSeconds(10));
        StringWriter text = new StringWriter();

        BatchView.details(new PrintWriter(text), status, estimate);
        JsonNode json =
                new ObjectMapper().readTree(BatchView.toNode(status, estimate).toString());

        assertThat(text.toString()).contains("served by    sim 8, vllm-a 2, no provider 2");
        assertThat(json.get("byProvider")).isEqualTo(new ObjectMapper().readTree("{\"sim\":8,\"vllm-a\":2}"));
    }
}
