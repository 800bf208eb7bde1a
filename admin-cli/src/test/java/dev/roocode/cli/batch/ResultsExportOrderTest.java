package dev.roocode.cli.batch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roocode.schemas.avro.Result;
import dev.roocode.schemas.avro.ResultStatus;
import dev.roocode.schemas.batch.BatchLineCodec;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ResultsExportOrderTest {
    @Test
    void shouldOrderByInputLineNumberNotByCustomIdNorAsText() {
        List<Result> results = List.of(result("a", "10"), result("z", "2"), result("m", "1"));

        assertThat(ResultsExportCommand.inInputOrder(results))
                .extracting(ResultsExportOrderTest::customId)
                .containsExactly("m", "z", "a");
    }

    @Test
    void shouldPutResultsWithoutALineNumberLastByCustomId() {
        List<Result> results = List.of(result("y", null), result("b", "x"), result("q", "3"), result("c", null));

        assertThat(ResultsExportCommand.inInputOrder(results))
                .extracting(ResultsExportOrderTest::customId)
                .containsExactly("q", "b", "c", "y");
    }

    private static String customId(Result result) {
        return result.getMetadata().get(BatchLineCodec.METADATA_CUSTOM_ID);
    }

    private static Result result(String customId, String line) {
        Map<String, String> metadata = new HashMap<>();
        metadata.put(BatchLineCodec.METADATA_CUSTOM_ID, customId);
        if (line != null) {
            metadata.put(BatchLineCodec.METADATA_LINE, line);
        }
        return Result.newBuilder()
                .setRequestId("batch/" + customId)
                .setBatchId("batch")
                .setStatus(ResultStatus.SUCCEEDED)
                .setMetadata(metadata)
                .setSubmittedAt(Instant.EPOCH)
                .setCompletedAt(Instant.EPOCH)
                .setLatencyMs(0)
                .build();
    }
}
