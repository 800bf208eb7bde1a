package dev.roocode.processor;

import dev.roocode.core.service.Readiness;
import dev.roocode.core.tokens.TokenEstimator;
import dev.roocode.processor.metrics.ProcessorMetrics;
import dev.roocode.processor.requests.ProcessorSettings;
import dev.roocode.processor.topology.RoocodeTopology;
import dev.roocode.schemas.metrics.ServiceMetrics;
import dev.roocode.schemas.registry.SchemaRegistryClient;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.apache.kafka.streams.processor.StateRestoreListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs the processor topology: {@link #start()}, {@link #awaitRunning(Duration)}, {@link #close()}. */
public final class ProcessorApp implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ProcessorApp.class);

    private final ProcessorConfig config;
    private final TopicCatalog catalog;
    private final KafkaStreams streams;
    private final Topology topology;
    /** Store partitions being restored (global tables included): not ready while any is. */
    private final Set<String> restoring = ConcurrentHashMap.newKeySet();

    private final ServiceMetrics metrics;
    private KafkaStreamsMetrics streamsMetrics;

    public ProcessorApp(ProcessorConfig config, SchemaRegistryClient registry) {
        this(config, registry, ServiceMetrics.disabled());
    }

    /**
     * A processor recording into {@code metrics} (the caller's: it serves and closes them), Kafka Streams' own
     * metrics (process rate, commit latency, state stores) included.
     */
    public ProcessorApp(ProcessorConfig config, SchemaRegistryClient registry, ServiceMetrics metrics) {
        this.config = config;
        // the Admin client needs the same security settings as Streams: with bootstrap.servers alone it
        // times out on a SASL/TLS cluster and no job can be placed
        this.catalog = new TopicCatalog(Admin.create(config.adminProperties()));
        ProcessorSettings settings = new ProcessorSettings(
                config.topics(),
                registry,
                Pattern.compile(config.replyTopicsAllowed()),
                Duration.ofMillis(config.getLong(ProcessorConfig.DEDUP_RETENTION_MS)),
                config.getInt(ProcessorConfig.ROUTE_MAX_ATTEMPTS),
                catalog,
                config.deferral(),
                catalog::partitions,
                config.outageMaxWait(),
                new ProcessorMetrics(metrics),
                config.batchMargin());
        this.topology = RoocodeTopology.build(settings);
        this.streams = new KafkaStreams(topology, config.streamsProperties());
        if (metrics.enabled()) {
            this.streamsMetrics = metrics.bind(new KafkaStreamsMetrics(streams));
        }
        this.metrics = metrics;
        streams.setUncaughtExceptionHandler(e -> {
            log.error("Stream thread failed; replacing it (its tasks resume from the last commit)", e);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        streams.setGlobalStateRestoreListener(new StateRestoreListener() {
            @Override
            public void onRestoreStart(TopicPartition partition, String store, long startOffset, long endOffset) {
                restoring.add(store + "/" + partition);
            }

            @Override
            public void onBatchRestored(TopicPartition partition, String store, long batchEndOffset, long restored) {}

            @Override
            public void onRestoreEnd(TopicPartition partition, String store, long totalRestored) {
                restoring.remove(store + "/" + partition);
            }

            @Override
            public void onRestoreSuspended(TopicPartition partition, String store, long totalRestored) {
                restoring.remove(store + "/" + partition);
            }
        });
    }

    /** Calls {@code listener} on each Kafka Streams state change; set before {@link #start()}. */
    public void onStateChange(KafkaStreams.StateListener listener) {
        streams.setStateListener(listener);
    }

    /**
     * Ready when Kafka Streams is RUNNING (not REBALANCING, not ERROR) and no state store, global
     * tables included, is being restored: only then are jobs routed against the current providers
     * and routes.
     */
    public Readiness readiness() {
        KafkaStreams.State state = streams.state();
        if (state != KafkaStreams.State.RUNNING) {
            return Readiness.notReady("Kafka Streams " + state);
        }
        int open = restoring.size();
        return open == 0
                ? Readiness.ready("Kafka Streams RUNNING")
                : Readiness.notReady("restoring " + open + " store partition(s)");
    }

    /** Live unless Kafka Streams failed (ERROR, or on its way there). */
    public boolean live() {
        KafkaStreams.State state = streams.state();
        return state != KafkaStreams.State.ERROR && state != KafkaStreams.State.PENDING_ERROR;
    }

    public Topology topology() {
        return topology;
    }

    public void start() {
        // the router counts every job's tokens: load the vocabularies while Streams restores, not on the first job
        TokenEstimator.preload();
        streams.start();
    }

    /** Waits until every task is assigned and running. */
    public void awaitRunning(Duration timeout) throws TimeoutException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (streams.state() != KafkaStreams.State.RUNNING) {
            if (System.nanoTime() > deadline) {
                throw new TimeoutException(
                        "processor not running after " + timeout + " (state " + streams.state() + ")");
            }
            Thread.sleep(50);
        }
    }

    public KafkaStreams.State state() {
        return streams.state();
    }

    public ProcessorConfig config() {
        return config;
    }

    /**
     * Stops cleanly and leaves the consumer group, so a restarted or other instance takes the tasks
     * at once instead of after the session timeout (Streams stays in the group on close by default).
     */
    @Override
    public void close() {
        close(config.shutdownTimeout());
    }

    /**
     * {@link #close()} within {@code timeout}: false when Kafka Streams did not finish in time (its
     * open transactions abort and the next owner of those tasks redoes them).
     */
    public boolean close(Duration timeout) {
        boolean clean =
                streams.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                        .withTimeout(timeout));
        if (streamsMetrics != null) {
            metrics.unbind(streamsMetrics);
        }
        catalog.close();
        return clean;
    }
}
