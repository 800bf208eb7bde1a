package dev.roocode.bench.cluster;

import dev.roocode.sandbox.kafka.EmbeddedKafka;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * {@code BrokerMain <dataDir> <port>}: a single-node KRaft broker in its own process, so it can be
 * killed and restarted on the same data and port. Prints {@code BROKER READY <bootstrap>} when serving.
 */
public final class BrokerMain {
    private BrokerMain() {}

    public static void main(String[] args) throws Exception {
        EmbeddedKafka kafka = EmbeddedKafka.builder()
                .dataDirectory(Path.of(args[0]))
                .port(Integer.parseInt(args[1]))
                // one node: a few partitions for the internal topics load and recover much faster than 50
                .brokerProperty("offsets.topic.num.partitions", "4")
                .brokerProperty("transaction.state.log.num.partitions", "4")
                .build()
                .start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            kafka.close();
                            stopped.countDown();
                        },
                        "broker-shutdown"));
        System.out.println("BROKER READY " + kafka.bootstrapServers());
        System.out.flush();
        stopped.await();
    }
}
