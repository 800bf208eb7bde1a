package dev.roocode.bench.load;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
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
 * One load phase: sends {@code count} jobs keyed {@code <phase id>/<index>} to the input topic, as fast as
 * possible or at a steady rate, while a collector thread reads the output topic (read_committed, no group)
 * and notes, per job, when its first answer came and how many came. Only keys (request ids) are read, so
 * the collector costs little next to what it measures.
 */
public final class LoadRun {
    private final String bootstrap;
    private final String inTopic;
    private final String outTopic;
    private final JobSource source;
    private Duration stallTimeout = Duration.ofSeconds(90);
    private boolean sendTwice;

    public LoadRun(String bootstrap, String inTopic, String outTopic, JobSource source) {
        this.bootstrap = bootstrap;
        this.inTopic = inTopic;
        this.outTopic = outTopic;
        this.source = source;
    }

    /** How long without a new answer before the phase gives up and reports the rest as lost. */
    public LoadRun stallTimeout(Duration stallTimeout) {
        this.stallTimeout = stallTimeout;
        return this;
    }

    /** Sends every job twice in a row (a duplicate submission), to check it is answered once. */
    public LoadRun sendTwice(boolean sendTwice) {
        this.sendTwice = sendTwice;
        return this;
    }

    /** Sends as fast as the producer goes and waits for every answer. */
    public Measurement maxRate(String label, int count) throws InterruptedException {
        return run(label, count, 0, i -> {});
    }

    /** Sends at {@code ratePerSecond} (paced every millisecond) and waits for every answer. */
    public Measurement steady(String label, int count, double ratePerSecond) throws InterruptedException {
        return run(label, count, ratePerSecond, i -> {});
    }

    /**
     * Sends {@code count} jobs at {@code ratePerSecond} (0 = unpaced); {@code onAnswered} sees the number of
     * distinct jobs answered, from the collector thread, so faults can be injected mid-run.
     */
    public Measurement run(String label, int count, double ratePerSecond, IntConsumer onAnswered)
            throws InterruptedException {
        String phase = UUID.randomUUID().toString().substring(0, 8);
        long[] sentAt = new long[count];
        Collector collector = new Collector(phase, count, sentAt, onAnswered);
        collector.start();
        collector.awaitAssigned();
        long firstSend = System.nanoTime();
        try (KafkaProducer<String, byte[]> producer = producer()) {
            for (int i = 0; i < count; i++) {
                if (ratePerSecond > 0) {
                    long due = firstSend + (long) (i * 1e9 / ratePerSecond);
                    long wait = due - System.nanoTime();
                    if (wait > 200_000) {
                        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                    }
                }
                String id = phase + "/" + i;
                byte[] value = source.value(id, i);
                sentAt[i] = System.nanoTime();
                producer.send(new ProducerRecord<>(inTopic, id, value));
                if (sendTwice) {
                    producer.send(new ProducerRecord<>(inTopic, id, value));
                }
            }
            producer.flush();
        }
        long lastSend = System.nanoTime();
        collector.awaitAll(stallTimeout);
        return collector.measurement(label, ratePerSecond, firstSend, lastSend);
    }

    private KafkaProducer<String, byte[]> producer() {
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 1_000_000);
        return new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }

    /** Reads the output topic from its end at start, on its own thread. */
    private final class Collector extends Thread {
        private final String prefix;
        private final long[] sentAt;
        private final IntConsumer onAnswered;
        private final int[] answers;
        private final long[] answeredAt;
        private final AtomicInteger distinct = new AtomicInteger();
        private final AtomicBoolean assigned = new AtomicBoolean();
        private volatile boolean stop;
        private volatile long lastProgress = System.nanoTime();
        private long duplicates;

        Collector(String phase, int count, long[] sentAt, IntConsumer onAnswered) {
            super("bench-collector-" + phase);
            setDaemon(true);
            this.prefix = phase + "/";
            this.sentAt = sentAt;
            this.onAnswered = onAnswered;
            this.answers = new int[count];
            this.answeredAt = new long[count];
        }

        @Override
        public void run() {
            Map<String, Object> props = new HashMap<>();
            props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
            try (KafkaConsumer<String, byte[]> consumer =
                    new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
                List<TopicPartition> partitions = new ArrayList<>();
                consumer.partitionsFor(outTopic)
                        .forEach(p -> partitions.add(new TopicPartition(outTopic, p.partition())));
                consumer.assign(partitions);
                consumer.seekToEnd(partitions);
                partitions.forEach(consumer::position);
                assigned.set(true);
                while (!stop) {
                    for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                        accept(record.key());
                    }
                }
            }
        }

        private void accept(String key) {
            if (key == null || !key.startsWith(prefix)) {
                return;
            }
            int index;
            try {
                index = Integer.parseInt(key.substring(prefix.length()));
            } catch (NumberFormatException e) {
                return;
            }
            if (index < 0 || index >= answers.length) {
                return;
            }
            if (answers[index]++ == 0) {
                answeredAt[index] = System.nanoTime();
                lastProgress = answeredAt[index];
                onAnswered.accept(distinct.incrementAndGet());
            } else {
                duplicates++;
            }
        }

        void awaitAssigned() throws InterruptedException {
            while (!assigned.get()) {
                if (!isAlive()) {
                    throw new IllegalStateException("collector died before assignment");
                }
                Thread.sleep(20);
            }
        }

        /** Until every job is answered, or no answer came for {@code stall}; then 2 s more for late duplicates. */
        void awaitAll(Duration stall) throws InterruptedException {
            lastProgress = System.nanoTime();
            while (distinct.get() < answers.length && System.nanoTime() - lastProgress < stall.toNanos()) {
                Thread.sleep(50);
            }
            Thread.sleep(2000);
            stop = true;
            join(10_000);
        }

        Measurement measurement(String label, double offered, long firstSend, long lastSend) {
            int count = answers.length;
            int[] latencies = new int[count];
            int n = 0;
            long lastAnswer = firstSend;
            Map<Integer, List<Integer>> perSecond = new HashMap<>();
            for (int i = 0; i < count; i++) {
                if (answers[i] > 0) {
                    int ms = (int) ((answeredAt[i] - sentAt[i]) / 1_000_000);
                    latencies[n++] = ms;
                    lastAnswer = Math.max(lastAnswer, answeredAt[i]);
                    perSecond
                            .computeIfAbsent(
                                    (int) ((answeredAt[i] - firstSend) / 1_000_000_000L), s -> new ArrayList<>())
                            .add(ms);
                }
            }
            int seconds = perSecond.keySet().stream()
                            .mapToInt(Integer::intValue)
                            .max()
                            .orElse(-1)
                    + 1;
            List<Measurement.Point> timeline = new ArrayList<>();
            for (int s = 0; s < seconds; s++) {
                int[] sorted = perSecond.getOrDefault(s, List.of()).stream()
                        .mapToInt(Integer::intValue)
                        .sorted()
                        .toArray();
                timeline.add(new Measurement.Point(
                        s, sorted.length, Percentiles.at(sorted, 0.5), Percentiles.at(sorted, 0.99)));
            }
            double sendSeconds = Math.max(1e-9, (lastSend - firstSend) / 1e9);
            double answerSeconds = Math.max(1e-9, (lastAnswer - firstSend) / 1e9);
            return new Measurement(
                    label,
                    count,
                    n,
                    duplicates,
                    offered,
                    count / sendSeconds,
                    n / answerSeconds,
                    Percentiles.of(latencies, n, 0.5),
                    Percentiles.of(latencies, n, 0.99),
                    Percentiles.of(latencies, n, 1.0),
                    timeline,
                    firstSend);
        }
    }
}
