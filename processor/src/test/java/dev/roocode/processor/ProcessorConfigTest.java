package dev.roocode.processor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class ProcessorConfigTest {
    private static Properties streams(Map<String, Object> extra) {
        Map<String, Object> settings = new HashMap<>(Map.of(ProcessorConfig.BOOTSTRAP_SERVERS, "localhost:9092",
                ProcessorConfig.SCHEMA_REGISTRY_URL, "http://localhost:8081"));
        settings.putAll(extra);
        return new ProcessorConfig(settings).streamsProperties();
    }

    @Test
    void shouldGiveExactlyOnceTransactionsAMinuteSoASlowCommitOnABusyMachineIsNotFenced() {
        // Streams' own default is 10 s, which a starved 2-core machine exceeded with large jobs in a batch
        assertThat(streams(Map.of()).get("producer.transaction.timeout.ms")).isEqualTo(60_000);
    }

    @Test
    void shouldKeepATransactionTimeoutTheOperatorSet() {
        assertThat(streams(Map.of("producer.transaction.timeout.ms", "20000")).get("producer.transaction.timeout.ms")).isEqualTo("20000");
        Properties unprefixed = streams(Map.of("transaction.timeout.ms", "30000"));
        assertThat(unprefixed.get("transaction.timeout.ms")).isEqualTo("30000");
        assertThat(unprefixed).doesNotContainKey("producer.transaction.timeout.ms");
    }
}
