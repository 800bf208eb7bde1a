package dev.roocode.connectors.worker;

import dev.roocode.connectors.execution.AttemptExecutor;
import dev.roocode.connectors.execution.AttemptOutcome;
import dev.roocode.connectors.execution.ProviderGuard;
import dev.roocode.connectors.execution.Transport;
import dev.roocode.connectors.execution.HttpTransport;
import dev.roocode.connectors.execution.Scheduler;
import dev.roocode.connectors.execution.TokenEstimator;
import dev.roocode.connectors.provider.ProviderAdapter;
import dev.roocode.connectors.provider.ProviderAdapters;
import dev.roocode.schemas.avro.AttemptFailed;
import dev.roocode.schemas.avro.AttemptRecord;
import dev.roocode.schemas.avro.AttemptSucceeded;
import dev.roocode.schemas.avro.DeadLetter;
import dev.roocode.schemas.avro.DispatchedJob;
import dev.roocode.schemas.avro.ErrorClass;
import dev.roocode.schemas.avro.ErrorInfo;
import dev.roocode.schemas.avro.ProviderConfig;
import dev.roocode.schemas.registry.SchemaRegistryClient;
import dev.roocode.schemas.registry.SchemaRegistryException;
import dev.roocode.schemas.serde.AvroSerde;
import dev.roocode.schemas.topic.Topics;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.random.RandomGenerator;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
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
 * {@link CommitTracker} decides when to commit: as soon as finished records hold half the window, so
 * a fast provider is not held back by the commit interval.
 *
 * <p>Threads: everything Kafka happens on the thread running {@link #run()}. HTTP callbacks only
 * append to a queue that the poll thread drains, so nothing ever blocks the HTTP client, and
 * {@link PartitionProgress} needs no locks. This class is longer than most because the consumer
 * loop, rebalance handling and shutdown share that single-threaded state (commit timing lives in
 * {@link CommitTracker}).
 */
public final class ProviderWorker implements Runnable, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ProviderWorker.class);
    private static final Duration BUSY_POLL = Duration.ofMillis(5);
    /** A full window waiting for outcome acks: they arrive on the producer's thread, poll returns only on records or time. */
    private static final Duration ACK_POLL = Duration.ofMillis(1);
    private static final Duration IDLE_POLL = Duration.ofMillis(100);
    private static final Duration REGISTRY_BACKOFF = Duration.ofSeconds(1);

    private final ProviderConfig provider;
    private final ConnectorsConfig config;
    private final Topics topics;
    private final String dispatchTopic;
    private final int window;
    private final Clock clock;
    private final ExecutorService httpExecutor;
    private final ScheduledExecutorService timer;
    private final AttemptExecutor executor;
    private final ProviderGuard guard;
    private final ProviderStatePublisher statePublisher;
    private final AvroSerde<DispatchedJob> dispatchSerde;
    private final AvroSerde<AttemptSucceeded> outcomeSerde;
    private final AvroSerde<AttemptFailed> fallbackSerde;
    private final AvroSerde<DeadLetter> dlqSerde;

    private final Queue<Completion> completions = new ConcurrentLinkedQueue<>();
    private final Queue<Ack> acks = new ConcurrentLinkedQueue<>();
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile boolean started;
    private volatile boolean closing;
    private volatile boolean crashed;
    private volatile int inFlightView;
    private volatile Consumer<String, byte[]> consumerRef;

    // owned by the poll thread
    private final Map<TopicPartition, PartitionProgress> progress = new HashMap<>();
    private final CommitTracker commits;
    private final KafkaClients clients;
    private Consumer<String, byte[]> consumer;
    private Producer<String, byte[]> producer;
    private int inFlight;
    /** Window slots taken: dispatched records not yet covered by a successful commit (see PartitionProgress). */
    private int slots;
    private int unacked;
    private Instant registryBackoffUntil = Instant.EPOCH;
    /** Until when the pacer has no budget or a 429 paused the provider: no new calls, partitions paused. */
    private Instant paceBackoffUntil = Instant.EPOCH;
    private int totalPartitions;
    /** Batches whose jobs are skipped, not called; none until {@link #skipCancelled} gives the process's view. */
    private volatile CancelledBatches cancelledBatches = new CancelledBatches();

    /** A worker for {@code provider} with the adapter of its type, the system clock and the JDK HTTP client. */
    public ProviderWorker(ProviderConfig provider, String apiKey, ConnectorsConfig config, SchemaRegistryClient registry) {
        this(provider, ProviderAdapters.forType(provider.getType()), apiKey, config, registry, Clock.systemUTC(), null);
    }

    /** A worker with an explicit adapter, clock and transport and real Kafka clients. */
    public ProviderWorker(ProviderConfig provider, ProviderAdapter adapter, String apiKey, ConnectorsConfig config,
                          SchemaRegistryClient registry, Clock clock, Function<ScheduledExecutorService, Transport> transport) {
        this(provider, adapter, apiKey, config, registry, clock, transport, KafkaClients.REAL);
    }

    /**
     * The full constructor.
     *
     * @param transport a transport factory given the worker's timer, or null for {@link HttpTransport}
     * @param clients creates the consumer and producer (mock clients in unit tests)
     */
    ProviderWorker(ProviderConfig provider, ProviderAdapter adapter, String apiKey, ConnectorsConfig config,
                   SchemaRegistryClient registry, Clock clock, Function<ScheduledExecutorService, Transport> transport,
                   KafkaClients clients) {
        this.provider = provider;
        this.clients = clients;
        this.config = config;
        this.topics = config.topics();
        this.dispatchTopic = topics.dispatch(provider.getName()).name();
        this.window = Math.max(1, provider.getLimits().getMaxConcurrency());
        this.clock = clock;
        this.httpExecutor = Executors.newFixedThreadPool(config.httpThreads(), new NamedThreads("roocode-http-" + provider.getName()));
        ScheduledThreadPoolExecutor timerPool = new ScheduledThreadPoolExecutor(1, new NamedThreads("roocode-timer-" + provider.getName()));
        timerPool.setRemoveOnCancelPolicy(true); // every call schedules a timeout that is cancelled when it answers
        this.timer = timerPool;
        Transport http = transport != null ? transport.apply(timer)
                : new HttpTransport(httpExecutor, timer, clock, Duration.ofMillis(Math.min(10_000, Math.max(1, provider.getTimeoutMs()))));
        // jitter is drawn on HTTP and timer threads: ask ThreadLocalRandom for the calling thread's generator each time
        RandomGenerator jitter = () -> ThreadLocalRandom.current().nextLong();
        this.guard = new ProviderGuard(provider, clock, config.credentialRejections());
        this.executor = new AttemptExecutor(adapter, provider, apiKey, http, clock, Scheduler.of(timer), jitter, guard);
        this.statePublisher = new ProviderStatePublisher(provider, topics.providerHealth(), registry, guard, clock,
                config.stateInterval());
        this.dispatchSerde = topics.dispatch(provider.getName()).valueSerde(registry);
        this.outcomeSerde = topics.outcomes().valueSerde(registry);
        this.fallbackSerde = topics.fallback().valueSerde(registry);
        this.dlqSerde = topics.dlq().valueSerde(registry);
        // a commit's callback runs inside poll: resuming there lets the same poll fetch the next records
        this.commits = new CommitTracker(provider.getName(), window, config.commitInterval(), clock, progress,
                freed -> slots -= freed, this::updatePause);
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
        return inFlightView;
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
        started = true;
        try {
            consumer = clients.consumer(consumerProps());
            consumerRef = consumer;
            producer = clients.producer(producerProps());
            consumer.subscribe(List.of(dispatchTopic), new Rebalance());
            LOG.info("provider={} worker started on {} (window {})", provider.getName(), dispatchTopic, window);
            loop();
            if (crashed) {
                closeAbruptly();
            } else {
                closeGracefully();
            }
        } catch (RuntimeException e) {
            LOG.error("provider={} worker stopped by an unexpected error; uncommitted jobs will be repeated", provider.getName(), e);
            closeAbruptly();
        } finally {
            httpExecutor.shutdownNow();
            timer.shutdownNow();
            finished.countDown();
        }
    }

    private void loop() {
        while (!closing && !crashed) {
            try {
                drain();
                updatePause();
                // commit callbacks only run inside poll: poll briefly while anything waits for an answer, an ack or a commit
                boolean busy = inFlight > 0 || unacked > 0 || slots > 0;
                Duration timeout = slots >= window && unacked > 0 ? ACK_POLL : busy ? BUSY_POLL : IDLE_POLL;
                ConsumerRecords<String, byte[]> records = consumer.poll(timeout);
                dispatch(records);
                drain();
                commits.maybeCommitAsync(consumer, slots);
                statePublisher.maybePublish(consumer, producer, slots);
            } catch (WakeupException e) {
                // close() or crash(): the loop condition decides
            }
        }
    }

    private void dispatch(ConsumerRecords<String, byte[]> records) {
        boolean stop = false;
        for (TopicPartition tp : records.partitions()) {
            PartitionProgress partition = progress.get(tp);
            for (ConsumerRecord<String, byte[]> record : records.records(tp)) {
                if (crashed) {
                    return;
                }
                if (stop || slots >= window) {
                    // window full: re-read from here once it drains, instead of buffering records
                    stop = true;
                    consumer.seek(tp, record.offset());
                    break;
                }
                if (partition.isAlreadyDone(record.offset())) {
                    partition.skipped(record.offset()); // an earlier owner finished it and said so in its commit
                    continue;
                }
                Decoded decoded = decode(record);
                if (decoded.registryDown()) {
                    // not the record's fault: read it again once the registry answers, never dead-letter it
                    LOG.warn("provider={} requestId={} schema registry unavailable, pausing {} ms: {}", provider.getName(), record.key(),
                            REGISTRY_BACKOFF.toMillis(), decoded.reason());
                    registryBackoffUntil = clock.instant().plus(REGISTRY_BACKOFF);
                    stop = true;
                    consumer.seek(tp, record.offset());
                    break;
                }
                String cancelled = decoded.job() == null ? null : cancelledBatches.reasonToSkip(decoded.job());
                if (cancelled != null) {
                    // its batch was cancelled: answered at once as CANCELLED, no call, no pacing budget spent
                    partition.dispatched(record.offset());
                    slots++;
                    inFlight++;
                    completions.add(new Completion(partition, record.offset(), skipped(decoded.job(), cancelled)));
                    continue;
                }
                TokenEstimator.Estimate tokens = decoded.job() == null ? null : TokenEstimator.estimateOf(decoded.job());
                Duration wait = decoded.job() == null ? Duration.ZERO : guard.waitTime(tokens);
                if (!wait.isZero()) {
                    // no budget (or a 429 paused the provider): the whole worker stops starting calls until then
                    paceBackoffUntil = clock.instant().plus(wait);
                    stop = true;
                    consumer.seek(tp, record.offset());
                    break;
                }
                partition.dispatched(record.offset());
                slots++;
                if (decoded.job() == null) {
                    deadLetter(record, partition, decoded.reason());
                    continue;
                }
                inFlight++;
                long offset = record.offset();
                // runs on an HTTP or timer thread: only enqueue, never touch Kafka here
                executor.execute(decoded.job(), tokens).thenAccept(outcome -> completions.add(new Completion(partition, offset, outcome)));
            }
        }
        inFlightView = inFlight;
    }

    /** The outcome of a job skipped because its batch was cancelled: not retryable, for the processor to finish as CANCELLED. */
    private AttemptOutcome skipped(DispatchedJob job, String message) {
        LOG.debug("provider={} requestId={} skipped: {}", provider.getName(), job.getJob().getRequestId(), message);
        AttemptRecord attempt = AttemptRecord.newBuilder()
                .setProvider(provider.getName())
                .setProviderModel(job.getAssignment().getProviderModel())
                .setAttempt(job.getAssignment().getAttempt())
                .setLatencyMs(0)
                .setErrorClass(ErrorClass.CANCELLED)
                .build();
        return new AttemptOutcome.Failed(AttemptFailed.newBuilder()
                .setDispatched(job)
                .setAttempt(attempt)
                .setError(ErrorInfo.newBuilder().setErrorClass(ErrorClass.CANCELLED).setMessage(message).setProvider(provider.getName()).build())
                .setRetryable(false)
                .setFailedAt(clock.instant())
                .build());
    }

    /** A decoded job, or why the record cannot be one; {@code registryDown} when decoding could not be tried. */
    private record Decoded(DispatchedJob job, String reason, boolean registryDown) {}

    private Decoded decode(ConsumerRecord<String, byte[]> record) {
        try {
            DispatchedJob job = dispatchSerde.deserialize(record.topic(), record.value());
            return job == null ? new Decoded(null, "null value", false) : new Decoded(job, null, false);
        } catch (SerializationException e) {
            return new Decoded(null, e.getMessage() == null ? "undecodable" : e.getMessage(), isRegistryOutage(e));
        }
    }

    /** Unreachable registry (-1) or a server-side error (5xx, 5xxxx), as opposed to an unknown id or a bad record. */
    private static boolean isRegistryOutage(SerializationException e) {
        if (!(e.getCause() instanceof SchemaRegistryException registry)) {
            return false;
        }
        int code = registry.errorCode();
        return code == -1 || code / 100 == 5 || code / 10_000 == 5;
    }

    private void deadLetter(ConsumerRecord<String, byte[]> record, PartitionProgress partition, String reason) {
        LOG.warn("provider={} requestId={} undecodable record at {}-{}@{} sent to dlq: {}", provider.getName(), record.key(),
                record.topic(), record.partition(), record.offset(), reason);
        DeadLetter letter = DeadLetter.newBuilder()
                .setRequestId(record.key())
                .setSourceTopic(record.topic())
                .setPartition(record.partition())
                .setOffset(record.offset())
                .setKey(record.key() == null ? null : ByteBuffer.wrap(record.key().getBytes(StandardCharsets.UTF_8)))
                .setValue(record.value() == null ? null : ByteBuffer.wrap(record.value()))
                .setErrorClass(ErrorClass.INVALID_JOB)
                .setReason(reason)
                .setFailedAt(clock.instant())
                .build();
        String dlq = topics.dlq().name();
        send(new Publish(partition, record.offset(), new ProducerRecord<>(dlq, record.key(), dlqSerde.serialize(dlq, letter))));
    }

    /** Publishes finished attempts and applies producer acknowledgements to partition progress. */
    private void drain() {
        Completion completion;
        while ((completion = completions.poll()) != null) {
            inFlight--;
            send(new Publish(completion.partition(), completion.offset(), toRecord(completion.outcome())));
        }
        inFlightView = inFlight;
        Ack ack;
        while ((ack = acks.poll()) != null) {
            unacked--;
            if (ack.failure() == null) {
                PartitionProgress partition = ack.publish().partition();
                if (!partition.completed(ack.publish().offset()) && partition.isRevoked()) {
                    slots--; // a late completion of a partition we lost: published, never committed by us
                }
            } else if (!crashed && ack.publish().attempts() < 3) {
                LOG.warn("provider={} requestId={} publish to {} failed, retrying: {}", provider.getName(), ack.publish().record().key(),
                        ack.publish().record().topic(), ack.failure().toString());
                send(ack.publish().retry());
            } else {
                LOG.error("provider={} requestId={} publish to {} failed; its offset stays uncommitted", provider.getName(),
                        ack.publish().record().key(), ack.publish().record().topic(), ack.failure());
            }
        }
    }

    private ProducerRecord<String, byte[]> toRecord(AttemptOutcome outcome) {
        if (outcome instanceof AttemptOutcome.Succeeded succeeded) {
            String topic = topics.outcomes().name();
            return new ProducerRecord<>(topic, outcome.requestId(), outcomeSerde.serialize(topic, succeeded.value()));
        }
        AttemptFailed failed = ((AttemptOutcome.Failed) outcome).value();
        LOG.debug("provider={} requestId={} attempt failed: {}", provider.getName(), outcome.requestId(), failed.getError().getErrorClass());
        String topic = topics.fallback().name();
        return new ProducerRecord<>(topic, outcome.requestId(), fallbackSerde.serialize(topic, failed));
    }

    private void send(Publish publish) {
        unacked++;
        producer.send(publish.record(), (metadata, failure) -> acks.add(new Ack(publish, failure)));
    }

    private void updatePause() {
        Collection<TopicPartition> assigned = consumer.assignment();
        Instant now = clock.instant();
        if (slots >= window || now.isBefore(registryBackoffUntil) || now.isBefore(paceBackoffUntil) || now.isBefore(guard.pacer().pausedUntil())) {
            consumer.pause(assigned);
        } else if (!consumer.paused().isEmpty()) {
            Set<TopicPartition> resumable = new HashSet<>(consumer.paused());
            resumable.retainAll(assigned); // a partition revoked while paused is no longer ours to resume
            consumer.resume(resumable);
        }
    }

    /** Waits up to {@code timeout} until {@code done} holds, publishing completions meanwhile. */
    private void awaitDrained(Duration timeout, BooleanSupplier done) {
        Instant until = clock.instant().plus(timeout);
        drain();
        while (!crashed && !done.getAsBoolean() && clock.instant().isBefore(until)) {
            try {
                Thread.sleep(BUSY_POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            drain();
        }
    }

    private void closeGracefully() {
        consumer.pause(consumer.assignment());
        awaitDrained(config.shutdownTimeout(), () -> inFlight == 0 && unacked == 0);
        if (inFlight > 0 || unacked > 0) {
            LOG.info("provider={} closing with {} job(s) unfinished; they will be repeated", provider.getName(), inFlight + unacked);
        }
        commits.commitSync(consumer, progress.keySet());
        // a static member stays in the group on close by default; a clean stop hands its partitions over now
        consumer.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
        producer.close();
        LOG.info("provider={} worker stopped", provider.getName());
    }

    private void closeAbruptly() {
        if (consumer != null) {
            try {
                consumer.close(CloseOptions.timeout(Duration.ZERO));
            } catch (RuntimeException e) {
                LOG.debug("provider={} consumer close: {}", provider.getName(), e.toString());
            }
        }
        if (producer != null) {
            producer.close(Duration.ZERO);
        }
    }

    /** Graceful stop: no new jobs, waits for in-flight ones (worker.shutdown.timeout.ms), commits, closes. */
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
        Consumer<String, byte[]> current = consumerRef;
        if (current != null) {
            current.wakeup();
        }
        try {
            if (!finished.await(wait.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("provider={} worker did not stop within {}", provider.getName(), wait);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Map<String, Object> consumerProps() {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, window);
        props.putAll(config.consumerProps());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, groupId(provider.getName()));
        // one member per process and provider group; without an id configured, dynamic membership
        props.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
        config.groupInstanceId().ifPresent(id -> props.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, id + "-" + provider.getName()));
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "roocode-connector-" + provider.getName());
        return props;
    }

    private Map<String, Object> producerProps() {
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        props.putAll(config.producerProps());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "roocode-connector-" + provider.getName());
        return props;
    }

    /** Keeps partition progress in step with the group's assignment. Runs on the poll thread inside poll(). */
    private final class Rebalance implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            Map<TopicPartition, OffsetAndMetadata> previous = previousCommits(partitions);
            for (TopicPartition tp : partitions) {
                OffsetAndMetadata commit = previous.get(tp);
                progress.put(tp, commit == null ? new PartitionProgress()
                        : new PartitionProgress(PartitionProgress.completedInMetadata(commit.offset(), commit.metadata())));
                commits.forget(tp);
            }
            if (!partitions.isEmpty()) {
                LOG.info("provider={} assigned {}", provider.getName(), partitions);
            }
            updateShare(true);
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            if (crashed || partitions.isEmpty()) {
                return;
            }
            awaitDrained(config.revocationTimeout(), () -> partitions.stream()
                    .map(progress::get)
                    .allMatch(p -> p == null || p.isDrained()));
            if (!crashed) {
                commits.commitSync(consumer, partitions);
            }
            forget(partitions);
            updateShare(false);
            LOG.info("provider={} revoked {}", provider.getName(), partitions);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            forget(partitions);
            updateShare(false);
            LOG.info("provider={} lost {}", provider.getName(), partitions);
        }

        /**
         * This process's share of the provider's global RPM/TPM: the partitions it holds over all
         * partitions of the dispatch topic, so processes of one group together stay within the limit.
         */
        private void updateShare(boolean refreshTotal) {
            if (refreshTotal || totalPartitions == 0) {
                try {
                    List<org.apache.kafka.common.PartitionInfo> infos = consumer.partitionsFor(dispatchTopic, Duration.ofSeconds(5));
                    totalPartitions = infos == null ? 0 : infos.size();
                } catch (KafkaException e) {
                    LOG.info("provider={} cannot read the partition count of {}: {}", provider.getName(), dispatchTopic, e.toString());
                }
            }
            int held = progress.size();
            double share = totalPartitions <= 0 ? 1.0 : Math.min(1.0, (double) Math.max(1, held) / totalPartitions);
            guard.pacer().share(share);
            if (guard.pacer().limited()) {
                LOG.info("provider={} holds {}/{} partitions: {} of the provider's rate limits", provider.getName(), held,
                        totalPartitions, String.format(java.util.Locale.ROOT, "%.2f", share));
            }
        }

        /** The group's last commits, whose metadata lists records finished beyond the committed offset. */
        private Map<TopicPartition, OffsetAndMetadata> previousCommits(Collection<TopicPartition> partitions) {
            if (partitions.isEmpty()) {
                return Map.of();
            }
            try {
                Map<TopicPartition, OffsetAndMetadata> previous = consumer.committed(new HashSet<>(partitions));
                return previous == null ? Map.of() : previous;
            } catch (KafkaException e) {
                LOG.info("provider={} cannot read committed offsets ({}); finished records past them may be repeated",
                        provider.getName(), e.toString());
                return Map.of();
            }
        }

        private void forget(Collection<TopicPartition> partitions) {
            for (TopicPartition tp : partitions) {
                PartitionProgress partition = progress.remove(tp);
                if (partition != null) {
                    slots -= partition.revoke(); // late completions are still published, but no longer committed
                }
                commits.forget(tp);
            }
        }
    }

    private record Completion(PartitionProgress partition, long offset, AttemptOutcome outcome) {}

    private record Publish(PartitionProgress partition, long offset, ProducerRecord<String, byte[]> record, int attempts) {
        Publish(PartitionProgress partition, long offset, ProducerRecord<String, byte[]> record) {
            this(partition, offset, record, 1);
        }

        Publish retry() {
            return new Publish(partition, offset, record, attempts + 1);
        }
    }

    private record Ack(Publish publish, Exception failure) {}
}
