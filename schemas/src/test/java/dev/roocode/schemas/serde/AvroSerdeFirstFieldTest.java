package dev.roocode.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roocode.schemas.avro.Assignment;
import dev.roocode.schemas.avro.AttemptRecord;
import dev.roocode.schemas.avro.ChatMessage;
import dev.roocode.schemas.avro.ChatRequest;
import dev.roocode.schemas.avro.DispatchedJob;
import dev.roocode.schemas.avro.ErrorClass;
import dev.roocode.schemas.avro.Job;
import dev.roocode.schemas.avro.JobKind;
import dev.roocode.schemas.avro.RoutingHints;
import dev.roocode.schemas.avro.RoutingStrategy;
import dev.roocode.schemas.registry.InMemorySchemaRegistryClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.junit.jupiter.api.Test;

/**
 * A DispatchedJob written from its Job's received bytes ({@link AvroSerde#serializeWithFirstField}) must read back
 * as the one encoded whole, and must be encoded whole when the Job was written with another schema.
 */
class AvroSerdeFirstFieldTest {
    private static final Instant T0 = Instant.ofEpochMilli(1_795_000_000_000L);

    private final InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();
    private final AvroSerde<Job> jobs = new AvroSerde<>(Job.class, registry);
    private final AvroSerde<DispatchedJob> dispatched = new AvroSerde<>(DispatchedJob.class, registry);

    private static Job job(Map<String, String> metadata) {
        return Job.newBuilder()
                .setRequestId("r-1")
                .setBatchId("b-1")
                .setKind(JobKind.CHAT)
                .setModel("gpt-4o-mini")
                .setChat(ChatRequest.newBuilder()
                        .setMessages(List.of(ChatMessage.newBuilder()
                                .setRole("user")
                                .setContent("Summarize: the cat sat on the mat.")
                                .build()))
                        .setMaxTokens(50)
                        .build())
                .setRouting(RoutingHints.newBuilder()
                        .setDeadline(T0.plusSeconds(60))
                        .build())
                .setMetadata(metadata)
                .setSubmittedAt(T0)
                .setOpenAiParamsJson("{\"user\":\"u\"}")
                .build();
    }

    /** Keys in an order a decoded map (a HashMap) does not keep, so a re-encoded Job differs from the one received. */
    private static Map<String, String> unorderedMetadata() {
        Map<String, String> metadata = new LinkedHashMap<>();
        for (int i = 40; i > 0; i--) {
            metadata.put("key-" + i, "value-" + i);
        }
        return metadata;
    }

    private static DispatchedJob dispatchedOf(Job job, List<AttemptRecord> history) {
        return DispatchedJob.newBuilder()
                .setJob(job)
                .setAssignment(Assignment.newBuilder()
                        .setProvider("cheap")
                        .setProviderModel("gpt-4o-mini-2024")
                        .setAttempt(history.size() + 1)
                        .setStrategy(RoutingStrategy.COST)
                        .setEstimatedInputTokens(12)
                        .setEstimatedCostUsd(0.000_42)
                        .setAssignedAt(T0.plusMillis(5))
                        .build())
                .setHistory(history)
                .build();
    }

    private static List<AttemptRecord> history() {
        return List.of(AttemptRecord.newBuilder()
                .setProvider("dear")
                .setProviderModel("m")
                .setAttempt(1)
                .setCalls(3)
                .setLatencyMs(1234)
                .setHttpStatus(503)
                .setErrorClass(ErrorClass.PROVIDER_UNAVAILABLE)
                .setMessage("unavailable")
                .build());
    }

    @Test
    void shouldWriteTheReceivedJobBytesAndReadBackAsTheJobEncodedWhole() {
        byte[] received = jobs.serialize("jobs", job(unorderedMetadata()));
        Job decoded = jobs.deserialize("jobs", received);
        DispatchedJob value = dispatchedOf(decoded, history());

        byte[] fast = dispatched.serializeWithFirstField("dispatch.cheap", value, received);
        byte[] slow = dispatched.serialize("dispatch.cheap", value);

        assertThat(fast).isNotEqualTo(slow); // the metadata's order as received, not as the decoded map iterates
        assertThat(Arrays.copyOfRange(fast, 0, 5)).isEqualTo(Arrays.copyOfRange(slow, 0, 5));
        assertThat(Arrays.copyOfRange(fast, 5, received.length))
                .isEqualTo(Arrays.copyOfRange(received, 5, received.length));
        assertThat(dispatched.deserialize("dispatch.cheap", fast))
                .isEqualTo(dispatched.deserialize("dispatch.cheap", slow))
                .isEqualTo(value);
    }

    @Test
    void shouldWriteTheSameBytesAsTheWholeEncodingWhenTheJobReEncodesAsReceived() {
        byte[] received = jobs.serialize("jobs", job(Map.of("custom_id", "line-1")));
        DispatchedJob value = dispatchedOf(jobs.deserialize("jobs", received), List.of());

        assertThat(dispatched.serializeWithFirstField("dispatch.cheap", value, received))
                .isEqualTo(dispatched.serialize("dispatch.cheap", value));
    }

    @Test
    void shouldEncodeTheJobAgainWhenItsWriterSchemaIsAnOlderOne() throws IOException {
        Schema v1 = schemaHistory("Job/v1.avsc");
        byte[] current = jobs.serialize("jobs", job(unorderedMetadata()));
        byte[] received = reencode(current, Job.getClassSchema(), v1, registry.register("older-jobs-value", v1));
        Job decoded = jobs.deserialize("jobs", received);
        DispatchedJob value = dispatchedOf(decoded, history());

        byte[] written = dispatched.serializeWithFirstField("dispatch.cheap", value, received);

        assertThat(written).isEqualTo(dispatched.serialize("dispatch.cheap", value));
        assertThat(dispatched.deserialize("dispatch.cheap", written)).isEqualTo(value);
    }

    @Test
    void shouldEncodeTheJobAgainWhenTheReceivedBytesAreNotFramedAvro() {
        DispatchedJob value = dispatchedOf(job(Map.of()), List.of());

        assertThat(dispatched.serializeWithFirstField("dispatch.cheap", value, new byte[] {1, 2, 3, 4, 5, 6}))
                .isEqualTo(dispatched.serialize("dispatch.cheap", value));
    }

    private static Schema schemaHistory(String path) throws IOException {
        try (InputStream in = AvroSerdeFirstFieldTest.class.getResourceAsStream("/schema-history/" + path)) {
            return new Schema.Parser().parse(in);
        }
    }

    /** {@code framed}'s record (written with {@code from}) written again with the older {@code to}, framed with {@code id}. */
    private static byte[] reencode(byte[] framed, Schema from, Schema to, int id) throws IOException {
        GenericRecord record = new GenericDatumReader<GenericRecord>(from, to)
                .read(null, DecoderFactory.get().binaryDecoder(framed, 5, framed.length - 5, null));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0);
        out.write(ByteBuffer.allocate(4).putInt(id).array());
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(to).write(record, encoder);
        encoder.flush();
        return out.toByteArray();
    }
}
