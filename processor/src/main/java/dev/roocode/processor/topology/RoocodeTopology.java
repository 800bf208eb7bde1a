package dev.roocode.processor.topology;

import dev.roocode.processor.deferral.ArrivalForecasts;
import dev.roocode.processor.deferral.OutageWait;
import dev.roocode.processor.deferral.OutageWaits;
import dev.roocode.processor.deferral.ParkedBoard;
import dev.roocode.processor.deferral.ParkedJob;
import dev.roocode.processor.deferral.ParkedJobs;
import dev.roocode.processor.deferral.ReleaseRounds;
import dev.roocode.processor.finalizer.BatchAccountant;
import dev.roocode.processor.finalizer.FallbackProcessor;
import dev.roocode.processor.finalizer.OutcomeProcessor;
import dev.roocode.processor.intake.HopTopic;
import dev.roocode.processor.intake.JobIntakeProcessor;
import dev.roocode.processor.intake.JobPlacement;
import dev.roocode.processor.requests.Emit;
import dev.roocode.processor.requests.JobOrigin;
import dev.roocode.processor.requests.ProcessorSettings;
import dev.roocode.processor.requests.RequestIdFilters;
import dev.roocode.processor.requests.RequestState;
import dev.roocode.processor.requests.RequestStore;
import dev.roocode.processor.requests.Requests;
import dev.roocode.processor.requests.ReservationLedger;
import dev.roocode.processor.requests.StoreVersions;
import dev.roocode.processor.spend.SpendDelta;
import dev.roocode.processor.spend.SpendTotals;
import dev.roocode.processor.state.ProviderDelta;
import dev.roocode.processor.state.ProviderStateAggregator;
import dev.roocode.schemas.avro.BatchStatus;
import dev.roocode.schemas.avro.Result;
import dev.roocode.schemas.avro.SpendTotal;
import dev.roocode.schemas.topic.TopicSpec;
import dev.roocode.schemas.topic.Topics;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * Builds the processor's topology; every source, processor, store, repartition topic and sink is
 * named from the constants here (a golden {@code Topology#describe()} test keeps them from moving).
 *
 * <pre>
 *  jobs ──► jobs-in-place ──────────────────────────────────────────────┐
 *       └─► jobs-misplaced ──► jobs-by-request-id (repartition by murmur2) ─┴─► jobs-placed (merge)
 *  tenant.&lt;t&gt;.jobs (pattern) ──► tenant-jobs-origin ──► tenant-jobs-sink ──┘ (into the same hop topic)
 *  jobs-placed ──► job-intake ──────┐
 *  outcomes ──► outcome-finalizer ──┼──► emit-sink (dispatch.&lt;provider&gt;, reply topics, dlq, usage)
 *  fallback ──► fallback-finalizer ─┘        │ Results with a batchId
 *                                            ▼
 *                 batch-results-buffer ──► batch-results (repartition by batchId) ──► batch-accountant (aggregate) ──► batches
 *             dispatches + usage ──► provider-deltas-buffer ──► provider-deltas (repartition by provider)
 *                                    ──► provider-state-aggregator ──► provider-state
 *             dispatches + usage ──► spend-deltas-by-scope (stamps the time) ──► spend-deltas-buffer
 *                                    ──► spend-deltas (repartition by batch/tenant) ──► spend-accountant (aggregate) ──► spend
 *  global stores: providers ──► providers-store, routes ──► routes-store,
 *                 provider-state ──► provider-state-store, spend ──► spend-store,
 *                 batch-cancellations ──► batch-cancellations-store
 * </pre>
 *
 * jobs, outcomes and fallback are co-partitioned: the three processors share the requests store. A job
 * whose client's partitioner put it elsewhere than the Java default would (murmur2 of the requestId, as
 * the workers key outcomes) hops to that partition first ({@link JobPlacement}), so a requestId's state
 * lives in one task whatever the client.
 * Each task sums its batch, provider and spend deltas per key in a {@link DeltaBuffer} and sends the
 * sums on every {@link DeltaBuffer#FLUSH_INTERVAL}, so the repartition topics carry one record per key
 * per flush, not one per event.
 * batch-accountant and spend-accountant are DSL aggregations whose stores sit behind the record
 * cache, so each batch's and scope's total is written to its store, changelog and topic once per
 * commit rather than once per delta.
 */
public final class RoocodeTopology {
    public static final String JOBS_SOURCE = "jobs-source";
    public static final String OUTCOMES_SOURCE = "outcomes-source";
    public static final String FALLBACK_SOURCE = "fallback-source";
    public static final String PROVIDERS_SOURCE = "providers-source";
    public static final String ROUTES_SOURCE = "routes-source";
    public static final String PROVIDER_STATE_SOURCE = "provider-state-source";
    public static final String PROVIDER_HEALTH_SOURCE = "provider-health-source";
    public static final String JOBS_IN_PLACE = "jobs-in-place";
    public static final String JOBS_MISPLACED = "jobs-misplaced";
    /** The hop of jobs not on their requestId's partition: repartitioned by murmur2 of the requestId; see {@link JobPlacement}. */
    public static final String JOBS_REPARTITION = JobOrigin.HOP;

    public static final String JOBS_PLACED = "jobs-placed";
    /** Every tenant's jobs topic ({@code <prefix>tenant.<t>.jobs}), by pattern: new tenants are picked up as they come. */
    public static final String TENANT_JOBS_SOURCE = "tenant-jobs-source";
    /** Stamps a tenant's job with the topic it came from; all of them take the hop. */
    public static final String TENANT_JOBS_ORIGIN = "tenant-jobs-origin";
    /** The tenants' jobs into the hop topic; see {@link HopTopic}. */
    public static final String TENANT_JOBS_SINK = "tenant-jobs-sink";

    public static final String JOB_INTAKE = "job-intake";
    public static final String OUTCOME_FINALIZER = "outcome-finalizer";
    public static final String FALLBACK_FINALIZER = "fallback-finalizer";
    public static final String PROVIDERS_UPDATER = "providers-updater";
    public static final String EMITS = "emits";
    public static final String EMIT_SINK = "emit-sink";
    public static final String BATCH_FILTER = "batch-results-filter";
    public static final String BATCH_KEY = "batch-results-by-batch";
    public static final String BATCH_BUFFER = "batch-results-buffer";
    public static final String BATCH_REPARTITION = "batch-results";
    public static final String BATCH_ACCOUNTANT = "batch-accountant";
    public static final String BATCH_TOTALS = "batch-totals";
    public static final String BATCHES_SINK = "batches-sink";
    public static final String PROVIDER_DELTAS_KEY = "provider-deltas-by-provider";
    public static final String PROVIDER_DELTAS_BUFFER = "provider-deltas-buffer";
    public static final String PROVIDER_DELTAS = "provider-deltas";
    public static final String PROVIDER_STATE_AGGREGATOR = "provider-state-aggregator";
    public static final String PROVIDER_STATE_SINK = "provider-state-sink";
    public static final String SPEND_DELTAS_KEY = "spend-deltas-by-scope";
    public static final String SPEND_DELTAS_BUFFER = "spend-deltas-buffer";
    public static final String SPEND_DELTAS = "spend-deltas";
    public static final String SPEND_ACCOUNTANT = "spend-accountant";
    public static final String SPEND_TOTALS = "spend-totals";
    public static final String SPEND_SINK = "spend-sink";
    public static final String SPEND_SOURCE = "spend-source";
    public static final String BATCH_CANCELLATIONS_SOURCE = "batch-cancellations-source";

    /** requestId → RequestState; see {@link RequestStore}. */
    public static final String REQUESTS_STORE = RequestStore.NAME;
    /**
     * deadline (zero-padded epoch ms) + "/" + requestId → {@link ParkedJob}: COST jobs waiting for cheaper room,
     * earliest deadline first; see {@link ParkedJobs}.
     */
    public static final String DEFERRED_STORE = ParkedJobs.STORE;
    /**
     * limit (deadline or end of the outage wait, zero-padded epoch ms) + "/" + requestId → {@link OutageWait}: jobs
     * waiting out an outage of their only provider; see {@link OutageWaits}.
     */
    public static final String OUTAGE_STORE = OutageWaits.STORE;
    /** batchId → the sum of the task's batch deltas since its last flush; see {@link DeltaBuffer}. */
    public static final String BATCH_PENDING_STORE = "batch-results-pending";
    /** provider name → the sum of the task's provider deltas since its last flush; see {@link DeltaBuffer}. */
    public static final String PROVIDER_DELTAS_PENDING_STORE = "provider-deltas-pending";
    /** spend scope → the sum of the task's spend deltas since its last flush; see {@link DeltaBuffer}. */
    public static final String SPEND_DELTAS_PENDING_STORE = "spend-deltas-pending";
    /** batchId → BatchStatus; see {@link BatchAccountant}. */
    public static final String BATCHES_STORE = "batches-store";
    /** provider name → ProviderState as aggregated here; see {@link ProviderStateAggregator}. */
    public static final String PROVIDER_STATS_STORE = ProviderStateAggregator.STORE;
    /** batch:&lt;id&gt; / tenant:&lt;name&gt; → SpendTotal as aggregated here; see {@link SpendTotals}. */
    public static final String SPEND_TOTALS_STORE = "spend-totals-store";
    /** batch:&lt;id&gt; / tenant:&lt;name&gt; → SpendTotal, global, fed by the spend topic; budget caps read it. */
    public static final String SPEND_STORE = Requests.SPEND_STORE;
    /** provider name → ProviderConfig, global, fed by the providers topic. */
    public static final String PROVIDERS_STORE = Requests.PROVIDERS_STORE;
    /** logical model or {@code *} → RoutePolicy, global, fed by the routes topic. */
    public static final String ROUTES_STORE = Requests.ROUTES_STORE;
    /** provider name → ProviderState, global, fed by the provider-state topic. */
    public static final String PROVIDER_STATE_STORE = Requests.PROVIDER_STATE_STORE;
    /** provider name → ProviderState as the workers see it (breaker, back-off), global, fed by the provider-health topic. */
    public static final String PROVIDER_HEALTH_STORE = Requests.PROVIDER_HEALTH_STORE;

    /**
     * batchId → BatchCancellation, global, fed by the batch-cancellations topic: the intake and the finalizers answer a
     * cancelled batch's jobs with a FAILED CANCELLED Result instead of dispatching them; see {@link Requests}.
     */
    public static final String BATCH_CANCELLATIONS_STORE = Requests.CANCELLATIONS_STORE;

    private RoocodeTopology() {}

    /** The topology for {@code settings}. */
    public static Topology build(ProcessorSettings settings) {
        Topics topics = settings.topics();
        StreamsBuilder builder = new StreamsBuilder();
        StoreVersions versions = new StoreVersions();

        addGlobalStore(builder, PROVIDERS_STORE, PROVIDERS_SOURCE, topics.providers(), settings, versions);
        addGlobalStore(builder, ROUTES_STORE, ROUTES_SOURCE, topics.routes(), settings, versions);
        addGlobalStore(
                builder, PROVIDER_STATE_STORE, PROVIDER_STATE_SOURCE, topics.providerState(), settings, versions);
        addGlobalStore(
                builder, PROVIDER_HEALTH_STORE, PROVIDER_HEALTH_SOURCE, topics.providerHealth(), settings, versions);
        addGlobalStore(builder, SPEND_STORE, SPEND_SOURCE, topics.spend(), settings, versions);
        addStore(builder, REQUESTS_STORE, RequestState.serde());
        addStore(
                builder,
                DEFERRED_STORE,
                ParkedJob.serde(
                        topics.jobs().valueSerde(settings.registry()),
                        topics.jobs().name()));
        addStore(
                builder,
                OUTAGE_STORE,
                OutageWait.serde(
                        topics.fallback().valueSerde(settings.registry()),
                        topics.fallback().name()));
        addCachedStore(builder, PROVIDER_STATS_STORE, topics.providerState().valueSerde(settings.registry()));
        addBufferStore(builder, BATCH_PENDING_STORE, topics.batches().valueSerde(settings.registry()));
        addBufferStore(builder, PROVIDER_DELTAS_PENDING_STORE, ProviderDelta.serde());
        addBufferStore(builder, SPEND_DELTAS_PENDING_STORE, SpendDelta.serde());

        KStream<String, Emit> emits = requests(builder, settings, versions);
        emits.to(
                new EmitTopicExtractor(),
                Produced.with(Serdes.String(), new EmitSerde(settings.registry()))
                        .withName(EMIT_SINK));
        accountBatches(emits, settings);
        aggregateProviderState(emits, settings);
        accountSpend(emits, settings);
        // added last so that the sub-topologies before it keep their numbers (and their tasks their ids and state
        // directories)
        addGlobalStore(
                builder,
                BATCH_CANCELLATIONS_STORE,
                BATCH_CANCELLATIONS_SOURCE,
                topics.batchCancellations(),
                settings,
                versions);
        // added after the others, so that they keep their sub-topology numbers
        tenantJobs(builder, settings);
        return builder.build();
    }

    /**
     * Intake and the two finalizers, sharing the requests store of their task and the process's ledgers; their outputs merged
     * into one emit stream. Each ledger below is one per topology (so per KafkaStreams instance), handed to the processors that
     * use it; {@code versions} is also written by the global stores' updaters.
     */
    private static KStream<String, Emit> requests(
            StreamsBuilder builder, ProcessorSettings settings, StoreVersions versions) {
        Topics topics = settings.topics();
        ReservationLedger reservations = new ReservationLedger();
        RequestIdFilters filters = new RequestIdFilters();
        ParkedBoard board = new ParkedBoard();
        ReleaseRounds rounds = new ReleaseRounds();
        ArrivalForecasts arrivals = new ArrivalForecasts();
        KStream<String, Emit> fromJobs = placedJobs(builder, settings)
                .process(
                        () -> new JobIntakeProcessor(
                                settings,
                                new Requests(settings, reservations, versions, filters),
                                board,
                                rounds,
                                arrivals),
                        Named.as(JOB_INTAKE),
                        REQUESTS_STORE,
                        DEFERRED_STORE,
                        OUTAGE_STORE);
        KStream<String, Emit> fromOutcomes = builder.stream(
                        topics.outcomes().name(),
                        Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()).withName(OUTCOMES_SOURCE))
                .process(
                        () -> new OutcomeProcessor(settings, new Requests(settings, reservations, versions, filters)),
                        Named.as(OUTCOME_FINALIZER),
                        REQUESTS_STORE);
        KStream<String, Emit> fromFallback = builder.stream(
                        topics.fallback().name(),
                        Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()).withName(FALLBACK_SOURCE))
                .process(
                        () -> new FallbackProcessor(settings, new Requests(settings, reservations, versions, filters)),
                        Named.as(FALLBACK_FINALIZER),
                        REQUESTS_STORE,
                        OUTAGE_STORE);
        return fromJobs.merge(fromOutcomes, Named.as(EMITS + "-1")).merge(fromFallback, Named.as(EMITS));
    }

    /**
     * The jobs, each on its requestId's partition: those a client's partitioner put elsewhere (anything
     * but the Java default: librdkafka's CRC32, round-robin) take one hop through {@link #JOBS_REPARTITION},
     * partitioned by the Java default's murmur2 like the workers' outcomes, so a requestId's state, its
     * outcomes and every resubmission of it meet in one task whatever partitioner each client used. Jobs
     * already in place go straight on. See {@link JobPlacement}.
     */
    private static KStream<byte[], byte[]> placedJobs(StreamsBuilder builder, ProcessorSettings settings) {
        KStream<byte[], byte[]> jobs = builder.stream(
                settings.topics().jobs().name(),
                Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()).withName(JOBS_SOURCE));
        KStream<byte[], byte[]> inPlace = jobs.process(() -> JobPlacement.inPlace(settings), Named.as(JOBS_IN_PLACE));
        KStream<byte[], byte[]> moved = jobs.process(() -> JobPlacement.misplaced(settings), Named.as(JOBS_MISPLACED))
                .repartition(Repartitioned.with(Serdes.ByteArray(), Serdes.ByteArray())
                        .withName(JOBS_REPARTITION)
                        .withStreamPartitioner(JobPlacement.partitioner()));
        return inPlace.merge(moved, Named.as(JOBS_PLACED));
    }

    /**
     * Every tenant's jobs topic, matched by pattern (a new tenant's topic is subscribed at the main consumer's next
     * metadata refresh, {@code metadata.max.age.ms}), into the hop topic: all of them, whatever their partition,
     * since a tenant's topic need not have the jobs topic's partition count. The hop keeps the topic each came from,
     * which makes it that tenant's job for the intake ({@link dev.roocode.processor.requests.ReplyTopics}).
     */
    private static void tenantJobs(StreamsBuilder builder, ProcessorSettings settings) {
        HopTopic hop = new HopTopic();
        builder.stream(
                        settings.topics().tenantJobsPattern(),
                        Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()).withName(TENANT_JOBS_SOURCE))
                .process(() -> JobPlacement.tenant(settings, hop), Named.as(TENANT_JOBS_ORIGIN))
                .to(
                        hop,
                        Produced.with(Serdes.ByteArray(), Serdes.ByteArray())
                                .withStreamPartitioner(JobPlacement.partitioner())
                                .withName(TENANT_JOBS_SINK));
    }

    /**
     * Results with a batchId → running BatchStatus per batch on the batches topic. A DSL aggregation, so
     * {@code batches-store} is behind the record cache: each batch's total is written to the store, its
     * changelog and the topic once per commit, not once per Result.
     */
    private static void accountBatches(KStream<String, Emit> emits, ProcessorSettings settings) {
        Topics topics = settings.topics();
        emits.filter(
                        (key, emit) -> emit.value() instanceof Result result
                                && result.getBatchId() != null
                                && !emit.topic().equals(topics.dlq().name()),
                        Named.as(BATCH_FILTER))
                .map(
                        (key, emit) -> {
                            Result result = (Result) emit.value();
                            return KeyValue.pair(result.getBatchId(), BatchAccountant.deltaOf(result));
                        },
                        Named.as(BATCH_KEY))
                .process(
                        () -> new DeltaBuffer<>(BATCH_PENDING_STORE, BatchAccountant::add),
                        Named.as(BATCH_BUFFER),
                        BATCH_PENDING_STORE)
                .repartition(
                        Repartitioned.with(Serdes.String(), topics.batches().valueSerde(settings.registry()))
                                .withName(BATCH_REPARTITION))
                .groupByKey(Grouped.with(Serdes.String(), topics.batches().valueSerde(settings.registry())))
                .aggregate(
                        () -> null,
                        (batchId, delta, total) -> BatchAccountant.add(total, delta),
                        Named.as(BATCH_ACCOUNTANT),
                        Materialized.<String, BatchStatus, KeyValueStore<Bytes, byte[]>>as(BATCHES_STORE)
                                .withKeySerde(Serdes.String())
                                .withValueSerde(topics.batches().valueSerde(settings.registry())))
                .toStream(Named.as(BATCH_TOTALS))
                .to(
                        topics.batches().name(),
                        Produced.with(Serdes.String(), topics.batches().valueSerde(settings.registry()))
                                .withName(BATCHES_SINK));
    }

    /** Dispatches and usage events → ProviderState per provider on the provider-state topic. */
    private static void aggregateProviderState(KStream<String, Emit> emits, ProcessorSettings settings) {
        Topics topics = settings.topics();
        emits.flatMap(
                        (key, emit) -> ProviderDelta.of(emit.value())
                                .map(d -> List.of(KeyValue.pair(d.provider(), d)))
                                .orElse(List.of()),
                        Named.as(PROVIDER_DELTAS_KEY))
                .process(
                        () -> new DeltaBuffer<>(PROVIDER_DELTAS_PENDING_STORE, ProviderDelta::plus),
                        Named.as(PROVIDER_DELTAS_BUFFER),
                        PROVIDER_DELTAS_PENDING_STORE)
                .repartition(Repartitioned.with(Serdes.String(), ProviderDelta.serde())
                        .withName(PROVIDER_DELTAS))
                .process(ProviderStateAggregator::new, Named.as(PROVIDER_STATE_AGGREGATOR), PROVIDER_STATS_STORE)
                .to(
                        topics.providerState().name(),
                        Produced.with(Serdes.String(), topics.providerState().valueSerde(settings.registry()))
                                .withName(PROVIDER_STATE_SINK));
    }

    /**
     * Dispatches and usage events → SpendTotal per batch and per tenant on the spend topic. A DSL
     * aggregation, so {@code spend-totals-store} is behind the record cache: each scope's total is
     * written to the store, its changelog and the spend topic (read back by every instance's
     * {@code spend-store}) once per commit, not once per dispatch and per finished attempt. The deltas
     * carry their record's time ({@link SpendDeltasByScope}), which the aggregator cannot see.
     */
    private static void accountSpend(KStream<String, Emit> emits, ProcessorSettings settings) {
        Topics topics = settings.topics();
        emits.process(SpendDeltasByScope::new, Named.as(SPEND_DELTAS_KEY))
                .process(
                        () -> new DeltaBuffer<>(SPEND_DELTAS_PENDING_STORE, SpendDelta::plus),
                        Named.as(SPEND_DELTAS_BUFFER),
                        SPEND_DELTAS_PENDING_STORE)
                .repartition(
                        Repartitioned.with(Serdes.String(), SpendDelta.serde()).withName(SPEND_DELTAS))
                .groupByKey(Grouped.with(Serdes.String(), SpendDelta.serde()))
                .aggregate(
                        () -> null,
                        (scope, delta, total) -> SpendTotals.apply(scope, total, delta),
                        Named.as(SPEND_ACCOUNTANT),
                        Materialized.<String, SpendTotal, KeyValueStore<Bytes, byte[]>>as(SPEND_TOTALS_STORE)
                                .withKeySerde(Serdes.String())
                                .withValueSerde(topics.spend().valueSerde(settings.registry())))
                .toStream(Named.as(SPEND_TOTALS))
                .to(
                        topics.spend().name(),
                        Produced.with(Serdes.String(), topics.spend().valueSerde(settings.registry()))
                                .withName(SPEND_SINK));
    }

    /** A changelogged RocksDB store keyed by string. */
    private static <V> void addStore(StreamsBuilder builder, String name, Serde<V> valueSerde) {
        builder.addStateStore(
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), Serdes.String(), valueSerde));
    }

    /**
     * A changelogged RocksDB store keyed by string, behind Streams' record cache: an aggregate written on every
     * delta (a few hot keys) then reaches RocksDB and its changelog once per key per commit, not once per delta.
     */
    private static <V> void addCachedStore(StreamsBuilder builder, String name, Serde<V> valueSerde) {
        builder.addStateStore(
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), Serdes.String(), valueSerde)
                        .withCachingEnabled());
    }

    /**
     * A {@link DeltaBuffer}'s store: a few keys per task, in memory, changelogged, behind the record cache (one changelog record
     * per key per commit).
     */
    private static <V> void addBufferStore(StreamsBuilder builder, String name, Serde<V> valueSerde) {
        builder.addStateStore(
                Stores.timestampedKeyValueStoreBuilder(Stores.inMemoryKeyValueStore(name), Serdes.String(), valueSerde)
                        .withCachingEnabled());
    }

    /** An in-memory global store of {@code topic}'s latest value per key, restored from the topic itself. */
    private static <V extends SpecificRecord> void addGlobalStore(
            StreamsBuilder builder,
            String store,
            String source,
            TopicSpec<V> topic,
            ProcessorSettings settings,
            StoreVersions versions) {
        builder.addGlobalStore(
                Stores.keyValueStoreBuilder(
                                Stores.inMemoryKeyValueStore(store),
                                Serdes.String(),
                                topic.valueSerde(settings.registry()))
                        .withLoggingDisabled(),
                topic.name(),
                Consumed.with(Serdes.String(), Serdes.ByteArray()).withName(source),
                () -> new GlobalStoreUpdater<>(store, topic.valueSerde(settings.registry()), topic.name(), versions));
    }
}
