package dev.roocode.processor.intake;

import dev.roocode.processor.requests.JobOrigin;
import org.apache.kafka.streams.processor.RecordContext;
import org.apache.kafka.streams.processor.TopicNameExtractor;

/**
 * The tenants' jobs' way into the hop topic ({@code <application.id>-jobs-by-request-id-repartition}) from their own
 * sub-topology. A sink naming the topic statically would make Streams size the hop topic by the tenants' topics too
 * (a repartition topic gets the most partitions of the sources that write it), so one tenant topic with more
 * partitions than the jobs topic would resize it, and with it the requests store's tasks and changelogs. Named here at
 * run time, it keeps the partition count the jobs, outcomes and fallback topics give it. The application id is
 * learnt from the first task that opens ({@link JobPlacement#tenant}); every task of a process has the same.
 */
public final class HopTopic implements TopicNameExtractor<byte[], byte[]> {
    private volatile String name;

    /** Called by each tenant task as it opens, before any of its records reaches the sink. */
    void learn(String applicationId) {
        this.name = applicationId + "-" + JobOrigin.HOP + "-repartition";
    }

    @Override
    public String extract(byte[] key, byte[] value, RecordContext recordContext) {
        if (name == null) {
            throw new IllegalStateException("the hop topic is named when a tenant task opens");
        }
        return name;
    }
}
