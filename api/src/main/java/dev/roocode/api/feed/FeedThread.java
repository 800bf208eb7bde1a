package dev.roocode.api.feed;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;

/**
 * One daemon thread with one consumer that its {@link Loop} assigns partitions to (no consumer group: every instance
 * of the service reads everything), for the API's feeds ({@code KeyRingFeed}, the console's {@code MetricsFeed}).
 * {@link #close()} stops the loop by waking the consumer up; a loop that fails is logged as an error with the feed's
 * message and the thread ends.
 */
public final class FeedThread implements AutoCloseable {
    /** What the thread runs on its consumer until {@link #stopping()}. */
    @FunctionalInterface
    public interface Loop {
        void run(KafkaConsumer<String, byte[]> consumer) throws InterruptedException;
    }

    private final Thread thread;
    private final Logger log;
    private volatile boolean stopping;
    private volatile KafkaConsumer<String, byte[]> consumer;

    /**
     * @param name     the thread's name
     * @param props    the consumer's properties ({@link #consumerProperties} and a client id)
     * @param log      the feed's logger, for {@code stoppedMessage}
     * @param stoppedMessage what the error logged when the loop fails says (what is no longer followed)
     */
    public FeedThread(String name, Map<String, Object> props, Logger log, String stoppedMessage, Loop loop) {
        this.log = log;
        Map<String, Object> copy = Map.copyOf(props);
        this.thread = new Thread(() -> run(copy, stoppedMessage, loop), name);
        this.thread.setDaemon(true);
    }

    /**
     * {@code given} (the service's consumer properties) made fit for an assigned reader: without a group or offset
     * commits, read_committed (the spend topic is written in the processor's transactions), and never creating a
     * missing topic (uncompacted, on a broker that auto-creates) by asking for it. The client id is the caller's.
     */
    public static Map<String, Object> consumerProperties(Map<String, Object> given) {
        Map<String, Object> props = new HashMap<>(given);
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        props.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        return props;
    }

    /**
     * Gives {@code record} to {@code apply}; a record that cannot be decoded is skipped with a warning naming its
     * topic, partition and offset, never its content.
     */
    public static void applyOrSkip(
            Logger log, ConsumerRecord<String, byte[]> record, Consumer<ConsumerRecord<String, byte[]>> apply) {
        try {
            apply.accept(record);
        } catch (KafkaException | IllegalArgumentException e) {
            log.warn(
                    "skipping an unreadable record of {} partition {} offset {}: {}",
                    record.topic(),
                    record.partition(),
                    record.offset(),
                    e.getClass().getSimpleName());
        }
    }

    public void start() {
        thread.start();
    }

    /** Whether {@link #close()} has been called: the loop returns. */
    public boolean stopping() {
        return stopping;
    }

    private void run(Map<String, Object> props, String stoppedMessage, Loop loop) {
        try (KafkaConsumer<String, byte[]> c =
                new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer = c;
            if (stopping) {
                return; // closed before the consumer was there to wake up
            }
            loop.run(c);
        } catch (WakeupException e) {
            // close()
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.error(stoppedMessage, e);
        } finally {
            consumer = null;
        }
    }

    /** Stops the loop and waits up to 10 s for the thread to end. */
    @Override
    public void close() {
        stopping = true;
        KafkaConsumer<String, byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
