package dev.roocode.schemas.serde;

import dev.roocode.schemas.registry.SchemaRegistryClient;
import dev.roocode.schemas.registry.SchemaRegistryException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.Encoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Serde for one generated Avro record type in the Confluent wire format. Writing registers the
 * record's schema under {@code <topic>-value} (TopicNameStrategy) once per topic; reading resolves
 * the writer schema by id and projects it onto the reader's generated class, so records written
 * by older or newer compatible schemas decode.
 *
 * <p>Decoding failures (wrong magic byte, unknown schema id, truncated bytes, missing fields) throw
 * {@link SerializationException} with a one-line reason, which callers turn into dead letters.
 */
public final class AvroSerde<T extends SpecificRecord> implements Serde<T> {
    private static final byte MAGIC_BYTE = 0;
    /**
     * Each thread's output buffer and buffered encoder, reused from record to record: the unbuffered encoder
     * of a first version wrote every varint byte through a synchronized {@code ByteArrayOutputStream}, and
     * encoding was a tenth of the processor's CPU per routed job.
     */
    private static final ThreadLocal<Encoding> ENCODING = ThreadLocal.withInitial(Encoding::new);
    /** Each thread's decoder, reused from record to record (it keeps no reference to the bytes it read). */
    private static final ThreadLocal<BinaryDecoder[]> DECODER = ThreadLocal.withInitial(() -> new BinaryDecoder[1]);

    private final Class<T> type;
    private final Schema readerSchema;
    private final SchemaRegistryClient registry;
    private final Map<String, Integer> idByTopic = new ConcurrentHashMap<>();
    private final Map<Integer, SpecificDatumReader<T>> readerByWriterId = new ConcurrentHashMap<>();
    private final FieldWriter<T> writer;
    /**
     * Parsing Canonical Form fingerprint of the first field's schema (null when the type is not a record with fields):
     * a record written with a schema of that form encodes, byte for byte, as that field does.
     */
    private final Long firstFieldFingerprint;
    /** writer schema id → whether that schema has the first field's Parsing Canonical Form; see {@link #serializeWithFirstField}. */
    private final Map<Integer, Boolean> firstFieldWriterById = new ConcurrentHashMap<>();

    public AvroSerde(Class<T> type, SchemaRegistryClient registry) {
        this.type = type;
        this.readerSchema = SpecificData.get().getSchema(type);
        this.registry = registry;
        this.writer = new FieldWriter<>(readerSchema);
        this.firstFieldFingerprint = readerSchema.getType() == Schema.Type.RECORD
                        && !readerSchema.getFields().isEmpty()
                ? SchemaNormalization.parsingFingerprint64(
                        readerSchema.getFields().get(0).schema())
                : null;
    }

    /** The record class this serde reads and writes. */
    public Class<T> type() {
        return type;
    }

    /** Encodes {@code value} for {@code topic}, registering the schema on first use. */
    public byte[] serialize(String topic, T value) {
        return serialize(topic, value, null);
    }

    /**
     * Encodes {@code value} for {@code topic} as {@link #serialize} does, except that its first field is copied from
     * {@code firstField}, the Confluent-framed record that field's value was decoded from, instead of being encoded
     * again: Avro's binary form of a record is its fields' one after the other, so the bytes of the first field are the
     * received record's body whenever the schema it was written with has the field's Parsing Canonical Form (the form
     * that fixes the encoding). When it does not (an older or newer writer), or {@code firstField} is not framed Avro,
     * the value is encoded whole as {@link #serialize} does. The caller guarantees that {@code value}'s first field is
     * the record decoded from {@code firstField}, unchanged since.
     */
    public byte[] serializeWithFirstField(String topic, T value, byte[] firstField) {
        return serialize(topic, value, encodesAsFirstField(firstField) ? firstField : null);
    }

    /** Whether {@code framed}'s writer schema encodes as this type's first field (by its id, checked once per id). */
    private boolean encodesAsFirstField(byte[] framed) {
        if (firstFieldFingerprint == null || framed == null || framed.length < 5 || framed[0] != MAGIC_BYTE) {
            return false;
        }
        int id = ByteBuffer.wrap(framed, 1, 4).getInt();
        Boolean same = firstFieldWriterById.get(id);
        if (same == null) {
            try {
                same = SchemaNormalization.parsingFingerprint64(registry.getById(id)) == firstFieldFingerprint;
            } catch (SchemaRegistryException e) {
                return false; // not cached: the whole record is encoded, which needs no registry lookup of this id
            }
            firstFieldWriterById.put(id, same);
        }
        return same;
    }

    /** Encodes {@code value}; with {@code firstField} (checked by the caller) its first field is copied from there. */
    private byte[] serialize(String topic, T value, byte[] firstField) {
        if (value == null) {
            return null;
        }
        int id = idByTopic.computeIfAbsent(topic, t -> registry.register(t + "-value", readerSchema));
        Encoding encoding = ENCODING.get();
        Output out = encoding.out;
        out.reset();
        out.write(MAGIC_BYTE);
        out.write(id >>> 24);
        out.write(id >>> 16);
        out.write(id >>> 8);
        out.write(id);
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, encoding.encoder);
        encoding.encoder = encoder;
        try {
            if (firstField == null) {
                writer.write(value, encoder);
            } else {
                encoder.writeFixed(firstField, 5, firstField.length - 5);
                writer.writeFieldsAfterFirst(value, encoder);
            }
            encoder.flush();
        } catch (IOException | AvroRuntimeException | ClassCastException | NullPointerException e) {
            encoding.encoder = null; // it may hold part of the record, which it would write into the next one
            throw new SerializationException(
                    "cannot encode " + type.getSimpleName() + " for " + topic + ": " + e.getMessage(), e);
        }
        byte[] bytes = out.toByteArray();
        out.shrinkIfLarge();
        return bytes;
    }

    /** Decodes Confluent-framed Avro bytes; throws {@link SerializationException} on anything undecodable. */
    public T deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        if (data.length < 5) {
            throw new SerializationException("not Confluent-framed Avro: " + data.length + " bytes, need at least 5");
        }
        if (data[0] != MAGIC_BYTE) {
            throw new SerializationException("not Confluent-framed Avro: unknown magic byte " + data[0]);
        }
        int id = ByteBuffer.wrap(data, 1, 4).getInt();
        SpecificDatumReader<T> reader;
        try {
            reader = readerByWriterId.computeIfAbsent(
                    id, i -> new SpecificDatumReader<>(registry.getById(i), readerSchema));
        } catch (SchemaRegistryException e) {
            throw new SerializationException("unknown schema id " + id + ": " + e.getMessage(), e);
        }
        BinaryDecoder[] reused = DECODER.get();
        BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(data, 5, data.length - 5, reused[0]);
        reused[0] = decoder;
        try {
            T value = reader.read(null, decoder);
            if (!decoder.isEnd()) {
                throw new SerializationException(
                        "trailing bytes after " + type.getSimpleName() + " (schema id " + id + ")");
            }
            return value;
        } catch (IOException | RuntimeException e) {
            if (e instanceof SerializationException se) {
                throw se;
            }
            throw new SerializationException(
                    "cannot decode " + type.getSimpleName() + " with schema id " + id + ": " + oneLine(e), e);
        }
    }

    private static String oneLine(Exception e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    @Override
    public Serializer<T> serializer() {
        return this::serialize;
    }

    @Override
    public Deserializer<T> deserializer() {
        return this::deserialize;
    }

    /** The record's writer, which can also write all its fields but the first, for {@link #serializeWithFirstField}. */
    private static final class FieldWriter<T> extends SpecificDatumWriter<T> {
        private final Schema schema;

        FieldWriter(Schema schema) {
            super(schema);
            this.schema = schema;
        }

        /** Every field of {@code value} after the first, as {@link #write} would write them. */
        void writeFieldsAfterFirst(T value, Encoder out) throws IOException {
            List<Schema.Field> fields = schema.getFields();
            for (int i = 1; i < fields.size(); i++) {
                writeField(value, fields.get(i), out, null);
            }
        }
    }

    /** A thread's buffer and the encoder last used on it. */
    private static final class Encoding {
        final Output out = new Output();
        BinaryEncoder encoder;
    }

    /** An unsynchronized growable byte buffer. */
    private static final class Output extends OutputStream {
        private static final int INITIAL = 1024;
        /** A buffer grown past this by one large record goes back to {@link #INITIAL} after it. */
        private static final int KEEP_AT_MOST = 1 << 20;

        private byte[] bytes = new byte[INITIAL];
        private int size;

        void reset() {
            size = 0;
        }

        void shrinkIfLarge() {
            if (bytes.length > KEEP_AT_MOST) {
                bytes = new byte[INITIAL];
                size = 0;
            }
        }

        byte[] toByteArray() {
            return Arrays.copyOf(bytes, size);
        }

        @Override
        public void write(int b) {
            ensure(1);
            bytes[size++] = (byte) b;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            ensure(len);
            System.arraycopy(b, off, bytes, size, len);
            size += len;
        }

        private void ensure(int more) {
            if (size + more > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
            }
        }
    }
}
