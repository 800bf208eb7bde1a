package dev.roocode.cli.e2e;

import java.util.Map;
import java.util.zip.CRC32;
import org.apache.kafka.clients.producer.Partitioner;
import org.apache.kafka.common.Cluster;

/**
 * librdkafka's default partitioner ({@code consistent_random}) for keyed records, which the Python, Go,
 * .NET and Node clients and kcat use: CRC32 of the key bytes, unsigned, modulo the partition count.
 * Lets a Java test producer place jobs as those clients do.
 */
public final class Crc32Partitioner implements Partitioner {

    /** The partition librdkafka picks for {@code key} among {@code partitions}. */
    static int partitionOf(byte[] key, int partitions) {
        CRC32 crc = new CRC32();
        crc.update(key);
        return (int) (crc.getValue() % partitions);
    }

    @Override
    public int partition(String topic, Object key, byte[] keyBytes, Object value, byte[] valueBytes, Cluster cluster) {
        return partitionOf(keyBytes, cluster.partitionCountForTopic(topic));
    }

    @Override
    public void configure(Map<String, ?> configs) {}

    @Override
    public void close() {}
}
