package dev.roocode.bench.routing;

import dev.roocode.schemas.avro.Job;
import dev.roocode.schemas.avro.Result;
import dev.roocode.schemas.serde.AvroSerde;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The measured phase of the cost scenario: sends jobs at a steady rate, each with a tight or a loose deadline,
 * and keeps every job's Result (provider, cost, completion time, attempts), read from the results topic.
 */
final class CostRun {
    /** What became of one job. */
    record Outcome(long sentAtMs, long deadlineMs, Result result) {}

    private final String bootstrap;
    private final String jobsTopic;
    private final String resultsTopic;
    private final AvroSerde<Job> jobSerde;
    private final AvroSerde<Result> resultSerde;
    private volatile boolean stop;
    private volatile boolean assigned;
    private int duplicates;

    CostRun(
            String bootstrap,
            String jobsTopic,
            String resultsTopic,
            AvroSerde<Job> jobSerde,
            AvroSerde<Result> resultSerde) {
        this.bootstrap = bootstrap;
        this.jobsTopic = jobsTopic;
        this.resultsTopic = resultsTopic;
        this.jobSerde = jobSerde;
        this.resultSerde = resultSerde;
    }

    /**
     * Sends {@code count} jobs at {@code rate} per second and waits until each has a Result or none came for
     * {@code stall}; {@code progress} hears about every 10,000 answers.
     */
    Outcome[] run(
            String model,
            int count,
            double rate,
            double tightShare,
            Duration tight,
            Duration loose,
            Duration stall,
            Consumer<String> progress)
            throws InterruptedException {
        // as the client's batch runner sends a file: each job knows its line and the batch's size
        return run(
                count,
                rate,
                stall,
                progress,
                (id, i, now) -> DeadlineJobs.inBatch(
                        DeadlineJobs.chat(id, model, now, now.plus(DeadlineJobs.tight(i, tightShare) ? tight : loose)),
                        i + 1,
                        count));
    }

    /** Makes job {@code index}, named {@code id}, sent at {@code now}. */
    @FunctionalInterface
    interface JobMaker {
        Job make(String id, int index, Instant now);
    }

    /** As {@link #run(String, int, double, double, Duration, Duration, Duration, java.util.function.Consumer)}, with jobs from {@code maker}. */
    Outcome[] run(int count, double rate, Duration stall, Consumer<String> progress, JobMaker maker)
            throws InterruptedException {
        String phase = UUID.randomUUID().toString().substring(0, 8);
        long[] sentAt = new long[count];
        long[] deadline = new long[count];
        Result[] results = new Result[count];
        AtomicInteger answered = new AtomicInteger();
        AtomicInteger duplicates = new AtomicInteger();
        stop = false;
        assigned = false;
        Thread collector = new Thread(() -> collect(phase + "/", results, answered, duplicates), "cost-collector");
        collector.setDaemon(true);
        collector.start();
        while (!assigned) {
            if (!collector.isAlive()) {
                throw new IllegalStateException("the Result collector stopped before it was assigned");
            }
            Thread.sleep(20);
        }
        long start = System.nanoTime();
        try (KafkaProducer<String, byte[]> producer = producer()) {
            for (int i = 0; i < count; i++) {
                long wait = start + (long) (i * 1e9 / rate) - System.nanoTime();
                if (wait > 200_000) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
                Instant now = Instant.now();
                String id = phase + "/" + i;
                Job job = maker.make(id, i, now);
                Instant due = job.getRouting().getDeadline();
                sentAt[i] = now.toEpochMilli();
                deadline[i] = due == null ? Long.MAX_VALUE : due.toEpochMilli();
                producer.send(new ProducerRecord<>(jobsTopic, id, jobSerde.serialize(jobsTopic, job)));
                if (i > 0 && i % 10_000 == 0) {
                    progress.accept(String.format("sent %d, answered %d", i, answered.get()));
                }
            }
        }
        long lastProgress = System.nanoTime();
        int seen = answered.get();
        while (answered.get() < count && System.nanoTime() - lastProgress < stall.toNanos()) {
            Thread.sleep(1000);
            if (answered.get() != seen) {
                seen = answered.get();
                lastProgress = System.nanoTime();
                if (seen / 10_000 != (seen - 1) / 10_000) {
                    progress.accept("answered " + seen + " of " + count);
                }
            }
        }
        Thread.sleep(2000); // late duplicates would show now
        stop = true;
        collector.join(10_000);
        if (duplicates.get() > 0) {
            progress.accept("duplicate Results: " + duplicates.get());
        }
        this.duplicates = duplicates.get();
        Outcome[] outcomes = new Outcome[count];
        for (int i = 0; i < count; i++) {
            outcomes[i] = new Outcome(sentAt[i], deadline[i], results[i]);
        }
        return outcomes;
    }

    /** Duplicate Results seen by the last {@link #run}. */
    int duplicates() {
        return duplicates;
    }

    private void collect(String prefix, Result[] results, AtomicInteger answered, AtomicInteger duplicates) {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
        try (KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            consumer.partitionsFor(resultsTopic)
                    .forEach(p -> partitions.add(new TopicPartition(resultsTopic, p.partition())));
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position);
            assigned = true;
            while (!stop) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    if (record.key() == null || !record.key().startsWith(prefix)) {
                        continue;
                    }
                    int index = Integer.parseInt(record.key().substring(prefix.length()));
                    if (results[index] == null) {
                        results[index] = resultSerde.deserialize(record.topic(), record.value());
                        answered.incrementAndGet();
                    } else {
                        duplicates.incrementAndGet();
                    }
                }
            }
        }
    }

    private KafkaProducer<String, byte[]> producer() {
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }
}
