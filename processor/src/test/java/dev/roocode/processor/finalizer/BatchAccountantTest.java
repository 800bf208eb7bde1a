package dev.roocode.processor.finalizer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roocode.processor.topology.RoocodeTopology;
import dev.roocode.schemas.avro.BatchStatus;
import dev.roocode.schemas.avro.Result;
import dev.roocode.schemas.avro.ResultStatus;
import dev.roocode.schemas.batch.BatchLineCodec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BatchAccountantTest {
    private static final Instant T0 = Instant.parse("2026-11-25T12:00:00Z");

    private MockProcessorContext<String, BatchStatus> context;
    private BatchAccountant accountant;

    @BeforeEach
    void setUp() {
        context = new MockProcessorContext<>();
        KeyValueStore<String, BatchStatus> store = Stores.keyValueStoreBuilder(
                        Stores.inMemoryKeyValueStore(RoocodeTopology.BATCHES_STORE), Serdes.String(), avroSerde())
                .withLoggingDisabled().build();
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
        accountant = new BatchAccountant();
        accountant.init(context);
    }

    @Test
    void shouldRecordTheBatchSizeThatTheJobsCarry() {
        account(result("b1", ResultStatus.SUCCEEDED, T0, "3"));
        account(result("b1", ResultStatus.FAILED, T0.plusSeconds(2), "3"));

        BatchStatus last = lastForwarded();
        assertThat(last.getTotal()).isEqualTo(3L);
        assertThat(last.getSucceeded()).isEqualTo(1);
        assertThat(last.getFailed()).isEqualTo(1);
        assertThat(last.getFirstResultAt()).isEqualTo(T0);
        assertThat(last.getUpdatedAt()).isEqualTo(T0.plusSeconds(2));
    }

    @Test
    void shouldKeepAKnownTotalWhenALaterResultDoesNotSayIt() {
        account(result("b1", ResultStatus.SUCCEEDED, T0, "5"));
        account(result("b1", ResultStatus.SUCCEEDED, T0.plusSeconds(1), null));

        assertThat(lastForwarded().getTotal()).isEqualTo(5L);
        assertThat(lastForwarded().getSucceeded()).isEqualTo(2);
    }

    @Test
    void shouldLeaveTheTotalUnknownWithoutTheKey() {
        account(result("b1", ResultStatus.SUCCEEDED, T0, null));

        assertThat(lastForwarded().getTotal()).isNull();
    }

    @Test
    void shouldIgnoreABatchSizeThatIsNotANonNegativeNumber() {
        assertThat(BatchAccountant.batchSize(Map.of(BatchLineCodec.METADATA_BATCH_SIZE, "many"))).isNull();
        assertThat(BatchAccountant.batchSize(Map.of(BatchLineCodec.METADATA_BATCH_SIZE, "-1"))).isNull();
        assertThat(BatchAccountant.batchSize(Map.of(BatchLineCodec.METADATA_BATCH_SIZE, " 12 "))).isEqualTo(12L);
        assertThat(BatchAccountant.batchSize(Map.of())).isNull();
    }

    /** Avro's single-object encoding: enough for a store in a unit test, no registry needed. */
    private static Serde<BatchStatus> avroSerde() {
        return Serdes.serdeFrom((topic, status) -> {
            try {
                return status == null ? null : status.toByteBuffer().array();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, (topic, bytes) -> {
            try {
                return bytes == null ? null : BatchStatus.fromByteBuffer(ByteBuffer.wrap(bytes));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private void account(Result result) {
        accountant.process(new Record<>(result.getBatchId(), BatchAccountant.deltaOf(result), result.getCompletedAt().toEpochMilli()));
    }

    private BatchStatus lastForwarded() {
        List<MockProcessorContext.CapturedForward<? extends String, ? extends BatchStatus>> forwarded = context.forwarded();
        assertThat(forwarded).isNotEmpty();
        return forwarded.get(forwarded.size() - 1).record().value();
    }

    private static Result result(String batchId, ResultStatus status, Instant completedAt, String batchSize) {
        Map<String, String> metadata = new HashMap<>();
        metadata.put(BatchLineCodec.METADATA_CUSTOM_ID, "c-" + completedAt.toEpochMilli());
        if (batchSize != null) {
            metadata.put(BatchLineCodec.METADATA_BATCH_SIZE, batchSize);
        }
        return Result.newBuilder()
                .setRequestId(batchId + "/" + metadata.get(BatchLineCodec.METADATA_CUSTOM_ID))
                .setBatchId(batchId)
                .setStatus(status)
                .setMetadata(metadata)
                .setSubmittedAt(T0.minusSeconds(1))
                .setCompletedAt(completedAt)
                .setLatencyMs(1000)
                .build();
    }
}
