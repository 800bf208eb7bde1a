package dev.roocode.connectors.worker;

import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Creates a worker's Kafka clients; unit tests substitute MockConsumer and MockProducer. */
interface KafkaClients {

    Consumer<String, byte[]> consumer(Map<String, Object> props);

    Producer<String, byte[]> producer(Map<String, Object> props);

    /** Real clients with String keys and raw byte values (values are Avro-encoded by the worker). */
    KafkaClients REAL = new KafkaClients() {
        @Override
        public Consumer<String, byte[]> consumer(Map<String, Object> props) {
            return new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
        }

        @Override
        public Producer<String, byte[]> producer(Map<String, Object> props) {
            return new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
        }
    };
}
