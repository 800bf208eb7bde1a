package dev.roocode.bench.floor;

import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;

/**
 * {@code FloorStreamsMain <bootstrap> <stateDir>}: the floor's Streams process, the processor's two hops
 * with no logic: {@code floor.jobs → floor.dispatch} and {@code floor.outcomes → floor.results}, bytes in,
 * bytes out. {@code ROOCODE_PROCESSING_GUARANTEE} and {@code ROOCODE_COMMIT_INTERVAL_MS} set the same
 * settings as the processor's (defaults exactly_once_v2 and 100 ms, as the processor's).
 */
public final class FloorStreamsMain {
    private FloorStreamsMain() {}

    public static void main(String[] args) throws InterruptedException {
        Properties props = new Properties();
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, args[0]);
        props.put(StreamsConfig.STATE_DIR_CONFIG, args[1]);
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "floor-streams");
        props.put(
                StreamsConfig.PROCESSING_GUARANTEE_CONFIG,
                System.getenv().getOrDefault("ROOCODE_PROCESSING_GUARANTEE", StreamsConfig.EXACTLY_ONCE_V2));
        props.put(
                StreamsConfig.COMMIT_INTERVAL_MS_CONFIG,
                System.getenv().getOrDefault("ROOCODE_COMMIT_INTERVAL_MS", "100"));
        props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, -1);
        props.put("session.timeout.ms", 10_000);
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(FloorTopics.JOBS, Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()))
                .to(FloorTopics.DISPATCH, Produced.with(Serdes.ByteArray(), Serdes.ByteArray()));
        builder.stream(FloorTopics.OUTCOMES, Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()))
                .to(FloorTopics.RESULTS, Produced.with(Serdes.ByteArray(), Serdes.ByteArray()));
        KafkaStreams streams = new KafkaStreams(builder.build(), props);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            streams.close();
                            stopped.countDown();
                        },
                        "floor-streams-shutdown"));
        streams.start();
        stopped.await();
    }
}
