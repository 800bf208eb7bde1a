package dev.roocode.bench.floor;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * {@code FloorWorkerMain <bootstrap> <simulatorUrl> <window>}: the floor's worker, the connectors' hop with
 * no logic. A consumer on {@code floor.dispatch} calls the simulator with the JDK HttpClient (async, at most
 * {@code window} calls in flight, partitions paused when full), publishes the answer body to
 * {@code floor.outcomes} and commits each partition's contiguous acknowledged prefix, as Roocode's worker
 * does; no mapping, retries, pacing or breaker.
 */
public final class FloorWorkerMain {
    private static final String BODY = "{\"model\":\"gpt-4o-mini\",\"max_tokens\":16,\"messages\":"
            + "[{\"role\":\"user\",\"content\":\"Summarize this document in one sentence.\"}]}";

    private FloorWorkerMain() {}

    public static void main(String[] args) {
        String bootstrap = args[0];
        URI chat = URI.create(args[1] + "/v1/chat/completions");
        int window = Integer.parseInt(args[2]);
        // the same callback executor as the connectors' HttpTransport (a small pool, http.threads = 2)
        ExecutorService callbacks = Executors.newFixedThreadPool(2);
        HttpClient http = HttpClient.newBuilder()
                .executor(callbacks)
                .version(HttpClient.Version.HTTP_1_1)
                .build();
        Map<String, Object> consumerProps = new HashMap<>();
        consumerProps.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        consumerProps.put(ConsumerConfig.GROUP_ID_CONFIG, "floor-worker");
        consumerProps.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        consumerProps.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        consumerProps.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        consumerProps.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 10_000);
        Map<String, Object> producerProps = new HashMap<>();
        producerProps.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        producerProps.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        Map<TopicPartition, Progress> progress = new ConcurrentHashMap<>();
        AtomicInteger inFlight = new AtomicInteger();
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        try (KafkaConsumer<byte[], byte[]> consumer =
                        new KafkaConsumer<>(consumerProps, new ByteArrayDeserializer(), new ByteArrayDeserializer());
                KafkaProducer<byte[], byte[]> producer =
                        new KafkaProducer<>(producerProps, new ByteArraySerializer(), new ByteArraySerializer())) {
            consumer.subscribe(List.of(FloorTopics.DISPATCH), new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                    partitions.forEach(progress::remove);
                }

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {}
            });
            long lastCommit = System.nanoTime();
            boolean paused = false;
            while (true) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(paused ? 5 : 50))) {
                    TopicPartition tp = new TopicPartition(record.topic(), record.partition());
                    Progress p = progress.computeIfAbsent(tp, t -> new Progress());
                    p.start(record.offset());
                    inFlight.incrementAndGet();
                    HttpRequest request = HttpRequest.newBuilder(chat)
                            .header("Content-Type", "application/json")
                            .header("X-Roocode-Request-Id", new String(record.key(), StandardCharsets.UTF_8))
                            .POST(HttpRequest.BodyPublishers.ofString(BODY))
                            .build();
                    http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray())
                            .whenComplete((answer, error) -> {
                                if (error != null) {
                                    failures.add(error);
                                    return;
                                }
                                producer.send(
                                        new ProducerRecord<>(FloorTopics.OUTCOMES, record.key(), answer.body()),
                                        (meta, sendError) -> {
                                            inFlight.decrementAndGet();
                                            if (sendError == null) {
                                                p.done(record.offset());
                                            } else {
                                                failures.add(sendError);
                                            }
                                        });
                            });
                }
                if (!failures.isEmpty()) {
                    throw new IllegalStateException("floor worker failed", failures.peek());
                }
                if (!paused && inFlight.get() >= window) {
                    consumer.pause(consumer.assignment());
                    paused = true;
                } else if (paused && inFlight.get() < window) {
                    consumer.resume(consumer.paused());
                    paused = false;
                }
                if (System.nanoTime() - lastCommit > 100_000_000L) {
                    lastCommit = System.nanoTime();
                    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
                    progress.forEach((tp, p) -> {
                        long next = p.committable();
                        if (next >= 0) {
                            offsets.put(tp, new OffsetAndMetadata(next));
                        }
                    });
                    if (!offsets.isEmpty()) {
                        consumer.commitAsync(offsets, null);
                    }
                }
            }
        }
    }

    /** Offsets of one partition: pending ones and the highest started; the committable offset is the first pending. */
    private static final class Progress {
        private final ConcurrentSkipListSet<Long> pending = new ConcurrentSkipListSet<>();
        private volatile long highest = -1;

        void start(long offset) {
            pending.add(offset);
            highest = Math.max(highest, offset);
        }

        void done(long offset) {
            pending.remove(offset);
        }

        long committable() {
            Long first = pending.ceiling(Long.MIN_VALUE);
            return first != null ? first : highest < 0 ? -1 : highest + 1;
        }
    }
}
