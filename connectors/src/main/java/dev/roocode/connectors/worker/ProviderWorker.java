package dev.roocode.connectors.worker;

import dev.roocode.connectors.execution.AttemptExecutor;
import dev.roocode.connectors.execution.HttpTransport;
import dev.roocode.connectors.execution.Pacer;
import dev.roocode.connectors.execution.ProviderGuard;
import dev.roocode.connectors.execution.Scheduler;
import dev.roocode.connectors.execution.Transport;
import dev.roocode.connectors.metrics.ProviderMeters;
import dev.roocode.connectors.metrics.WorkerMetrics;
import dev.roocode.connectors.provider.ProviderAdapter;
import dev.roocode.connectors.provider.ProviderAdapters;
import dev.roocode.schemas.avro.ProviderConfig;
import dev.roocode.schemas.registry.SchemaRegistryClient;
import dev.roocode.schemas.topic.Topics;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.random.RandomGenerator;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker of one provider: consumes {@code <prefix>dispatch.<provider>} in group
 * {@code roocode-connector-<provider>}, runs each job through an {@link AttemptExecutor} inside a
 * window of {@code limits.maxConcurrency} jobs, and publishes AttemptSucceeded to outcomes or
 * AttemptFailed to fallback, keyed by requestId. Undecodable records become DeadLetters on the dlq
 * topic.
 *
 * <p>Delivery: at least once. A record counts as finished once the producer acknowledged its
 * outcome (or dead letter). Commits carry the contiguous finished prefix as the offset and the
 * records finished beyond it in the commit metadata, which the next owner of the partition skips.
 * A record holds its window slot from dispatch until a successful commit covers it, so a crash
 * repeats at most one window of calls and loses none; the processor's finalizer dedups by requestId.
 *
 * <p>This class is the loop ({@link #pollOnce()}) and the worker's lifecycle; the rest is cut by job:
 * {@link JobDispatcher} (which polled records start, and pausing), {@link RecordDecoder} (record to
 * job, dead letters), {@link OutcomePublisher} (outcomes, fallback and dead letters, and their
 * acknowledgements), {@link CommitTracker} (when and what to commit, with the commit metadata),
 * {@link WorkerRebalanceListener} (assignment changes) and {@link DispatchWindow} (the slots).
 *
 * <p>Threads: everything Kafka happens on the thread running {@link #run()} (or, in unit tests, on
 * the thread calling {@link #pollOnce()}). HTTP callbacks only append to a queue that the poll thread
 * drains, so nothing ever blocks the HTTP client, and {@link PartitionProgress} needs no locks.
 */
public final class ProviderWorker implements Runnable, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ProviderWorker.class);
    private static final Duration BUSY_POLL = Duration.ofMillis(5);
    /** A full window waiting for outcome acks: they arrive on the producer's thread, poll returns only on records or time. */
    private static final Duration ACK_POLL = Duration.ofMillis(1);

    private static final Duration IDLE_POLL = Duration.ofMillis(100);

    private final ProviderConfig provider;
    private final ConnectorsConfig config;
    private final Topics topics;
    private final String dispatchTopic;
    private final Clock clock;
    private final Sleeper sleeper;
    private final ExecutorService httpExecutor;
    private final ScheduledExecutorService timer;
    private final AttemptExecutor executor;
    private final ProviderGuard guard;
    private final ProviderStatePublisher statePublisher;
    private final RecordDecoder decoder;
    private final SchemaRegistryClient registry;
    private final WorkerMetrics metrics;
    private final ProviderMeters meters;
    /** What this worker's gauges read; set at open, withdrawn at release unless a newer worker has replaced it. */
    private ProviderMeters.Sources gaugeSources;
    /** The Kafka clients' own metrics (fetch rate, records lag, request latency), bound while they are open. */
    private final List<AutoCloseable> clientMetrics = new ArrayList<>();
    /** Dispatch partitions whose lag gauge this worker holds; poll thread only. */
    private final Set<Integer> lagPartitions = new HashSet<>();

    private long lagSyncedAtMs;

    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile boolean started;
    /** {@link #run()} drives the loop on its own thread; otherwise a caller drives it with {@link #pollOnce()}. */
    private volatile boolean threaded;

    private volatile boolean closing;
    /** Whether the consumer has completed its first rebalance (assigned partitions, or none). */
    private volatile boolean joined;
    /** Jobs a graceful close left unfinished after the shutdown timeout (their next owner repeats them). */
    private volatile int abandoned;

    private volatile boolean crashed;
    private volatile Consumer<String, byte[]> consumerRef;
    private volatile OutcomePublisher publisher;

    // owned by the poll thread
    private final DispatchWindow window;
    private CommitTracker commits;
    private SlotTimings timings;
    private JobDispatcher dispatcher;
    private final KafkaClients clients;
    private Consumer<String, byte[]> consumer;
    private Producer<String, byte[]> producer;
    /** Batches whose jobs are skipped, not called; none until {@link #skipCancelled} gives the process's view. */
    private volatile CancelledBatches cancelledBatches = new CancelledBatches();

    /** A worker for {@code provider} with the adapter of its type, the system clock and the JDK HTTP client. */
    public ProviderWorker(
            ProviderConfig provider, String apiKey, ConnectorsConfig config, SchemaRegistryClient registry) {
        this(provider, ProviderAdapters.forType(provider.getType()), apiKey, config, registry, Clock.systemUTC(), null);
    }

    /** A worker with an explicit adapter, clock and transport and real Kafka clients. */
    public ProviderWorker(
            ProviderConfig provider,
            ProviderAdapter adapter,
            String apiKey,
            ConnectorsConfig config,
            SchemaRegistryClient registry,
            Clock clock,
            Function<ScheduledExecutorService, Transport> transport) {
        this(provider, adapter, apiKey, config, registry, clock, transport, WorkerMetrics.disabled());
    }

    /** A worker recording its calls, gauges and dispatch lag into {@code metrics}. */
    public ProviderWorker(
            ProviderConfig provider,
            ProviderAdapter adapter,
            String apiKey,
            ConnectorsConfig config,
            SchemaRegistryClient registry,
            Clock clock,
            Function<ScheduledExecutorService, Transport> transport,
            WorkerMetrics metrics) {
        this(
                provider,
                adapter,
                apiKey,
                config,
                registry,
                clock,
                null,
                Sleeper.REAL,
                transport,
                KafkaClients.REAL,
                metrics);
    }

    /** The full constructor without metrics (unit tests). */
    ProviderWorker(
            ProviderConfig provider,
            ProviderAdapter adapter,
            String apiKey,
            ConnectorsConfig config,
            SchemaRegistryClient registry,
            Clock clock,
            Scheduler scheduler,
            Sleeper sleeper,
            Function<ScheduledExecutorService, Transport> transport,
            KafkaClients clients) {
        this(
                provider,
                adapter,
                apiKey,
                config,
                registry,
                clock,
                scheduler,
                sleeper,
                transport,
                clients,
                WorkerMetrics.disabled());
    }

    /**
     * The full constructor.
     *
     * @param scheduler where retries and pacing waits are scheduled, or null for the worker's timer thread
     * @param sleeper   how the poll thread waits for outstanding outcomes on revocation and close
     * @param transport a transport factory given the worker's timer, or null for {@link HttpTransport}
     * @param clients   creates the consumer and producer (mock clients in unit tests)
     * @param metrics   where calls, gauges and the dispatch lag are recorded
     */
    ProviderWorker(
            ProviderConfig provider,
            ProviderAdapter adapter,
            String apiKey,
            ConnectorsConfig config,
            SchemaRegistryClient registry,
            Clock clock,
            Scheduler scheduler,
            Sleeper sleeper,
            Function<ScheduledExecutorService, Transport> transport,
            KafkaClients clients,
            WorkerMetrics metrics) {
        this.provider = provider;
        this.metrics = metrics;
        this.meters = metrics.provider(provider.getName());
        this.clients = clients;
        this.config = config;
        this.registry = registry;
        this.topics = config.topics();
        this.dispatchTopic = topics.dispatch(provider.getName()).name();
        this.window = new DispatchWindow(provider.getLimits().getMaxConcurrency());
        this.clock = clock;
        this.sleeper = sleeper;
        this.httpExecutor = Executors.newFixedThreadPool(
                config.httpThreads(), new NamedThreads("roocode-http-" + provider.getName()));
        ScheduledThreadPoolExecutor timerPool =
                new ScheduledThreadPoolExecutor(1, new NamedThreads("roocode-timer-" + provider.getName()));
        timerPool.setRemoveOnCancelPolicy(true); // every call schedules a timeout that is cancelled when it answers
        this.timer = timerPool;
        Transport http = transport != null
                ? transport.apply(timer)
                : new HttpTransport(
                        httpExecutor,
                        timer,
                        clock,
                        Duration.ofMillis(Math.min(10_000, Math.max(1, provider.getTimeoutMs()))));
        // jitter is drawn on HTTP and timer threads: ask ThreadLocalRandom for the calling thread's generator each time
        RandomGenerator jitter = () -> ThreadLocalRandom.current().nextLong();
        this.guard = new ProviderGuard(provider, clock, config.credentialRejections());
        this.executor = new AttemptExecutor(
                adapter,
                provider,
                apiKey,
                http,
                clock,
                scheduler != null ? scheduler : Scheduler.of(timer),
                jitter,
                guard,
                meters);
        this.statePublisher = new ProviderStatePublisher(
                provider, topics.providerHealth(), registry, guard, clock, config.stateInterval());
        this.decoder = new RecordDecoder(
                provider.getName(),
                topics.dispatch(provider.getName()).valueSerde(registry),
                topics.dlq().name(),
                topics.dlq().valueSerde(registry),
                clock);
    }

    /** Makes this worker skip the jobs of the batches {@code cancelled} holds, instead of calling them; set before {@link #start()}. */
    public ProviderWorker skipCancelled(CancelledBatches cancelled) {
        this.cancelledBatches = cancelled;
        return this;
    }

    /** The consumer group of {@code provider}'s workers. */
    public static String groupId(String provider) {
        return "roocode-connector-" + provider;
    }

    public ProviderConfig provider() {
        return provider;
    }

    /** Jobs handed to HTTP whose attempt has not finished, as last seen by the poll thread. */
    public int inFlight() {
        OutcomePublisher current = publisher;
        return current == null ? 0 : current.inFlightView();
    }

    /**
     * Whether this worker has joined its consumer group: its first rebalance has completed, with
     * partitions or with none (another instance holds them all). Readiness asks this.
     */
    public boolean joined() {
        return joined;
    }

    /** Jobs the graceful close left unfinished (0 until it ran, and after a clean one). */
    public int abandoned() {
        return abandoned;
    }

    /** The pacer and circuit breaker of this worker's provider. */
    public ProviderGuard guard() {
        return guard;
    }

    /** Starts {@link #run()} on a new thread named after the provider and returns it. */
    public Thread start() {
        Thread thread = new Thread(this, "roocode-worker-" + provider.getName());
        thread.start();
        return thread;
    }

    @Override
    public void run() {
        threaded = true;
        started = true;
        try {
            open();
            while (!closing && !crashed) {
                pollOnce();
            }
            closeClients();
        } catch (RuntimeException e) {
            log.error(
                    "provider={} worker stopped by an unexpected error; uncommitted jobs will be repeated",
                    provider.getName(),
                    e);
            closeAbruptly();
        } finally {
            release();
        }
    }

    /** Creates the clients and subscribes; then {@link #pollOnce()} runs the loop one step at a time. */
    void open() {
        started = true;
        consumer = clients.consumer(KafkaClients.consumerProps(config, provider.getName(), window.size()));
        consumerRef = consumer;
        producer = clients.producer(KafkaClients.producerProps(config, provider.getName()));
        openMetrics();
        timings = new SlotTimings(provider.getName(), window.size());
        publisher = new OutcomePublisher(
                provider.getName(),
                producer,
                topics,
                topics.outcomes().valueSerde(registry),
                topics.fallback().valueSerde(registry),
                window,
                clock,
                sleeper,
                () -> crashed,
                timings);
        dispatcher = new JobDispatcher(
                provider,
                consumer,
                window,
                decoder,
                publisher,
                executor,
                guard,
                clock,
                () -> cancelledBatches,
                () -> crashed,
                timings);
        // a commit's callback runs inside poll: resuming there lets the same poll fetch the next records
        commits = new CommitTracker(
                provider.getName(),
                window.size(),
                config.commitInterval(),
                clock,
                window.progress(),
                window::release,
                dispatcher::updatePause,
                timings);
        WorkerRebalanceListener listener = new WorkerRebalanceListener(
                provider.getName(),
                dispatchTopic,
                consumer,
                window,
                commits,
                publisher,
                guard.pacer(),
                config.revocationTimeout(),
                () -> crashed);
        consumer.subscribe(List.of(dispatchTopic), new JoinListener(listener));
        log.info("provider={} worker started on {} (window {})", provider.getName(), dispatchTopic, window.size());
    }

    /** One turn of the loop: publish what finished, poll, dispatch what came, commit what is due, report the provider's state. */
    void pollOnce() {
        try {
            publisher.drain();
            dispatcher.updatePause();
            // commit callbacks only run inside poll: poll briefly while anything waits for an answer, an ack or a
            // commit
            int unacked = publisher.unacked();
            boolean busy = publisher.inFlight() > 0 || unacked > 0 || window.slots() > 0;
            Duration timeout = window.isFull() && unacked > 0 ? ACK_POLL : busy ? BUSY_POLL : IDLE_POLL;
            timings.pollStarting();
            ConsumerRecords<String, byte[]> records = ConsumerRecords.empty();
            try {
                records = consumer.poll(timeout);
            } finally {
                timings.pollReturned(records.count()); // also when woken (WakeupException)
            }
            dispatcher.dispatch(records);
            publisher.drain();
            commits.maybeCommitAsync(consumer, window.slots());
            statePublisher.maybePublish(consumer, producer, window.slots());
            syncLagGauges();
        } catch (WakeupException e) {
            // close() or crash(): the loop condition decides
        }
    }

    /** Points the provider's gauges at this worker and binds its clients' own metrics. */
    private void openMetrics() {
        Pacer pacer = guard.pacer();
        gaugeSources =
                new ProviderMeters.Sources(this::inFlight, guard::breakerState, pacer::rpmBudget, pacer::tpmBudget);
        meters.watch(gaugeSources);
        if (metrics.enabled()) {
            clientMetrics.add(bind(new KafkaClientMetrics(consumer)));
            clientMetrics.add(bind(new KafkaClientMetrics(producer)));
        }
    }

    private KafkaClientMetrics bind(KafkaClientMetrics binder) {
        binder.bindTo(metrics.registry());
        return binder;
    }

    /**
     * Once a second: a lag gauge ({@code roocode.dispatch.lag}) for each dispatch partition assigned to this worker,
     * read from the consumer's own {@code records-lag} metric; revoked partitions' gauges go.
     */
    private void syncLagGauges() {
        long now = clock.millis();
        if (now - lagSyncedAtMs < 1_000) {
            return;
        }
        lagSyncedAtMs = now;
        Set<Integer> assigned = new HashSet<>();
        for (TopicPartition partition : consumer.assignment()) {
            assigned.add(partition.partition());
        }
        for (Integer partition : List.copyOf(lagPartitions)) {
            if (!assigned.contains(partition)) {
                meters.unwatchLag(partition);
                lagPartitions.remove(partition);
            }
        }
        Consumer<String, byte[]> mine = consumer;
        for (Integer partition : assigned) {
            if (lagPartitions.add(partition)) {
                String wanted = Integer.toString(partition);
                meters.watchLag(partition, () -> recordsLag(mine, dispatchTopic, wanted));
            }
        }
    }

    /** The consumer's {@code records-lag} of one partition (NaN until it has fetched from it). */
    static double recordsLag(Consumer<?, ?> consumer, String topic, String partition) {
        Map<MetricName, ? extends Metric> metrics;
        try {
            metrics = consumer.metrics();
        } catch (RuntimeException e) {
            return Double.NaN; // closed between the scrape's start and the gauge's removal
        }
        for (Map.Entry<MetricName, ? extends Metric> entry : metrics.entrySet()) {
            MetricName name = entry.getKey();
            if ("records-lag".equals(name.name())
                    && "consumer-fetch-manager-metrics".equals(name.group())
                    && partition.equals(name.tags().get("partition"))
                    && topic.equals(name.tags().get("topic"))) {
                Object value = entry.getValue().metricValue();
                return value instanceof Number number ? number.doubleValue() : Double.NaN;
            }
        }
        return Double.NaN;
    }

    private void closeMetrics() {
        lagPartitions.forEach(meters::unwatchLag);
        lagPartitions.clear();
        if (gaugeSources != null) {
            meters.unwatch(gaugeSources);
        }
        for (AutoCloseable binder : clientMetrics) {
            try {
                binder.close();
            } catch (Exception e) {
                log.debug("provider={} client metrics close: {}", provider.getName(), e.toString());
            }
        }
        clientMetrics.clear();
    }

    /** Stops the clients the way the worker is stopping: abruptly after {@link #crash()}, gracefully otherwise. */
    private void closeClients() {
        if (crashed) {
            closeAbruptly();
        } else {
            closeGracefully();
        }
    }

    private void closeGracefully() {
        consumer.pause(consumer.assignment());
        publisher.awaitDrained(config.shutdownTimeout(), () -> publisher.inFlight() == 0 && publisher.unacked() == 0);
        int unfinished = publisher.inFlight() + publisher.unacked();
        if (unfinished > 0) {
            abandoned = unfinished;
            log.warn(
                    "provider={} closing with {} job(s) unfinished after {}: not committed, the next owner of their"
                            + " partitions repeats them",
                    provider.getName(),
                    unfinished,
                    config.shutdownTimeout());
        }
        commits.commitSync(consumer, window.progress().keySet());
        // a static member stays in the group on close by default; a clean stop hands its partitions over now
        consumer.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
        producer.close();
        log.info("provider={} worker stopped", provider.getName());
    }

    private void closeAbruptly() {
        if (consumer != null) {
            try {
                consumer.close(CloseOptions.timeout(Duration.ZERO));
            } catch (RuntimeException e) {
                log.debug("provider={} consumer close: {}", provider.getName(), e.toString());
            }
        }
        if (producer != null) {
            producer.close(Duration.ZERO);
        }
    }

    /** Notes the first completed rebalance, then hands every callback to the worker's own listener. */
    private final class JoinListener implements ConsumerRebalanceListener {
        private final ConsumerRebalanceListener delegate;

        JoinListener(ConsumerRebalanceListener delegate) {
            this.delegate = delegate;
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            delegate.onPartitionsAssigned(partitions);
            joined = true;
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            delegate.onPartitionsRevoked(partitions);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            delegate.onPartitionsLost(partitions);
        }
    }

    private void release() {
        closeMetrics();
        httpExecutor.shutdownNow();
        timer.shutdownNow();
        finished.countDown();
    }

    /** Graceful stop: no new jobs, waits for in-flight ones (shutdown.timeout.ms), commits, closes. */
    @Override
    public void close() {
        closing = true;
        stop(config.shutdownTimeout().plusSeconds(10));
    }

    /**
     * Abrupt stop for tests, as close to kill -9 as one JVM allows: stops polling at once, commits
     * nothing, abandons in-flight calls and closes the clients with zero timeout.
     */
    public void crash() {
        crashed = true;
        stop(Duration.ofSeconds(10));
    }

    private void stop(Duration wait) {
        if (!started) {
            httpExecutor.shutdownNow();
            timer.shutdownNow();
            return;
        }
        if (!threaded) {
            // driven by pollOnce() on the caller's thread: stop right here, once
            if (finished.getCount() > 0) {
                try {
                    closeClients();
                } finally {
                    release();
                }
            }
            return;
        }
        Consumer<String, byte[]> current = consumerRef;
        if (current != null) {
            current.wakeup();
        }
        try {
            if (!finished.await(wait.toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("provider={} worker did not stop within {}", provider.getName(), wait);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
