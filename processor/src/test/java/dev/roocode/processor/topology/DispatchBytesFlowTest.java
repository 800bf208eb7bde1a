package dev.roocode.processor.topology;

import static dev.roocode.processor.topology.Fixtures.chatJob;
import static dev.roocode.processor.topology.Fixtures.provider;
import static org.assertj.core.api.Assertions.assertThat;

import dev.roocode.schemas.avro.DispatchedJob;
import dev.roocode.schemas.avro.Job;
import dev.roocode.schemas.avro.ProviderStatus;
import dev.roocode.schemas.serde.AvroSerde;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The DispatchedJob of a new job is written from the bytes the job arrived as, not from the Job encoded again. */
class DispatchBytesFlowTest {
    private static final String DISPATCH = "roocode.dispatch.cheap";

    private TopologyHarness harness;

    @BeforeEach
    void start() {
        harness = new TopologyHarness(3);
        harness.addProviders(provider("cheap", 0.15, ProviderStatus.ACTIVE));
    }

    @AfterEach
    void stop() {
        harness.close();
    }

    @Test
    void shouldWriteTheDispatchedJobFromTheBytesTheJobArrivedAs() {
        Job job = chatJob("r1", "b1");
        // keys in an order the decoded map does not iterate in: encoded again, the job's bytes would differ
        Map<String, String> metadata = new LinkedHashMap<>();
        for (int i = 40; i > 0; i--) {
            metadata.put("key-" + i, "value-" + i);
        }
        job.setMetadata(metadata);
        byte[] received = harness.bytes(harness.topics.jobs().name(), job);

        harness.driver
                .createInputTopic(harness.topics.jobs().name(), new StringSerializer(), new ByteArraySerializer())
                .pipeInput("r1", received);

        List<byte[]> written = harness.driver
                .createOutputTopic(DISPATCH, new StringDeserializer(), new ByteArrayDeserializer())
                .readValuesToList();
        assertThat(written).singleElement().satisfies(bytes -> {
            assertThat(Arrays.copyOfRange(bytes, 5, received.length))
                    .isEqualTo(Arrays.copyOfRange(received, 5, received.length));
            DispatchedJob dispatched =
                    new AvroSerde<>(DispatchedJob.class, harness.registry).deserialize(DISPATCH, bytes);
            assertThat(dispatched.getJob()).isEqualTo(job);
            assertThat(dispatched.getAssignment().getProvider()).isEqualTo("cheap");
        });
    }
}
