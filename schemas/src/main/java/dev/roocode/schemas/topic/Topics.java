package dev.roocode.schemas.topic;

import dev.roocode.core.topic.PartitionRule;
import dev.roocode.core.topic.PartitionRule.TopicKind;
import dev.roocode.schemas.avro.ApiBatch;
import dev.roocode.schemas.avro.ApiKey;
import dev.roocode.schemas.avro.AttemptFailed;
import dev.roocode.schemas.avro.AttemptSucceeded;
import dev.roocode.schemas.avro.BatchCancellation;
import dev.roocode.schemas.avro.BatchStatus;
import dev.roocode.schemas.avro.DeadLetter;
import dev.roocode.schemas.avro.DispatchedJob;
import dev.roocode.schemas.avro.Job;
import dev.roocode.schemas.avro.ProviderBatch;
import dev.roocode.schemas.avro.ProviderConfig;
import dev.roocode.schemas.avro.ProviderState;
import dev.roocode.schemas.avro.Result;
import dev.roocode.schemas.avro.RoutePolicy;
import dev.roocode.schemas.avro.SpendTotal;
import dev.roocode.schemas.avro.UsageEvent;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.kafka.common.config.TopicConfig;

/**
 * Every Roocode topic, declared once, named from a prefix (default {@code roocode.}). Per-provider
 * dispatch topics are {@code <prefix>dispatch.<provider>}.
 */
public final class Topics {
    /** Prefix used when none is configured. */
    public static final String DEFAULT_PREFIX = "roocode.";

    private static final String DELETE = TopicConfig.CLEANUP_POLICY_DELETE;
    private static final String COMPACT = TopicConfig.CLEANUP_POLICY_COMPACT;
    private static final String COMPACT_DELETE = COMPACT + "," + DELETE;
    private static final Pattern PROVIDER_NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9._-]{0,100}");
    /** A tenant name: it is part of topic names and ACL prefixes, so no dots. */
    public static final Pattern TENANT_NAME = Pattern.compile("[a-zA-Z0-9_-]{1,64}");

    private final String prefix;

    private Topics(String prefix) {
        this.prefix = prefix;
    }

    public static Topics withPrefix(String prefix) {
        return new Topics(prefix == null ? DEFAULT_PREFIX : prefix);
    }

    public static Topics defaults() {
        return new Topics(DEFAULT_PREFIX);
    }

    public String prefix() {
        return prefix;
    }

    /** Partitions {@code spec} gets on a cluster whose wide topics have {@code partitions} ({@link PartitionRule}). */
    public int partitionsFor(TopicSpec<?> spec, int partitions) {
        return PartitionRule.partitions(kindOf(spec), partitions);
    }

    private TopicKind kindOf(TopicSpec<?> spec) {
        if (spec.coPartitioned()) {
            return TopicKind.CO_PARTITIONED;
        }
        if (spec.name().equals(results().name())) {
            return TopicKind.RESULTS;
        }
        // a batch dispatch topic carries the same jobs as a realtime one, so it is as wide
        return spec.name().startsWith(prefix + "dispatch.") || spec.name().startsWith(prefix + "dispatch-batch.")
                ? TopicKind.DISPATCH
                : TopicKind.OTHER;
    }

    public TopicSpec<Job> jobs() {
        return new TopicSpec<>(prefix + "jobs", Job.class, DELETE, true);
    }

    public TopicSpec<AttemptSucceeded> outcomes() {
        return new TopicSpec<>(prefix + "outcomes", AttemptSucceeded.class, DELETE, true);
    }

    public TopicSpec<AttemptFailed> fallback() {
        return new TopicSpec<>(prefix + "fallback", AttemptFailed.class, DELETE, true);
    }

    /** The default reply topic. Jobs may name others matching {@code reply.topics.allowed}. */
    public TopicSpec<Result> results() {
        return new TopicSpec<>(prefix + "results", Result.class, COMPACT_DELETE, false);
    }

    /** A reply topic other than the default one; same value type and cleanup as results. */
    public TopicSpec<Result> replies(String topic) {
        return new TopicSpec<>(topic, Result.class, COMPACT_DELETE, false);
    }

    public TopicSpec<DeadLetter> dlq() {
        return new TopicSpec<>(prefix + "dlq", DeadLetter.class, DELETE, false);
    }

    public TopicSpec<ProviderConfig> providers() {
        return new TopicSpec<>(prefix + "providers", ProviderConfig.class, COMPACT, false);
    }

    public TopicSpec<RoutePolicy> routes() {
        return new TopicSpec<>(prefix + "routes", RoutePolicy.class, COMPACT, false);
    }

    public TopicSpec<UsageEvent> usage() {
        return new TopicSpec<>(prefix + "usage", UsageEvent.class, DELETE, false);
    }

    public TopicSpec<ProviderState> providerState() {
        return new TopicSpec<>(prefix + "provider-state", ProviderState.class, COMPACT, false);
    }

    /**
     * Each connector worker's own view of its provider (breaker, rateLimitedUntil, latency and error
     * EWMAs), keyed by provider. Separate from {@link #providerState()}, which the processor writes,
     * so that each topic has one writer; the router merges the two.
     */
    public TopicSpec<ProviderState> providerHealth() {
        return new TopicSpec<>(prefix + "provider-health", ProviderState.class, COMPACT, false);
    }

    /** Spend per batch ({@code batch:<id>}) and per tenant ({@code tenant:<name>}); the processor writes it and reads it back for budget caps. */
    public TopicSpec<SpendTotal> spend() {
        return new TopicSpec<>(prefix + "spend", SpendTotal.class, COMPACT, false);
    }

    public TopicSpec<BatchStatus> batches() {
        return new TopicSpec<>(prefix + "batches", BatchStatus.class, COMPACT, false);
    }

    /**
     * Cancelled batches, keyed by batchId ({@code roocode batches cancel}, Ctrl-C on {@code roocode run}). The processor
     * answers a cancelled batch's jobs not yet dispatched with a FAILED CANCELLED Result, and the workers skip its
     * jobs already on a dispatch topic instead of calling them. Compacted: a cancellation stays for good.
     */
    public TopicSpec<BatchCancellation> batchCancellations() {
        return new TopicSpec<>(prefix + "batch-cancellations", BatchCancellation.class, COMPACT, false);
    }

    /**
     * roocode-api's batches (OpenAI Batches API), keyed by batch id: what each asked and where it stands, so that a
     * restarted service picks up every unfinished batch. Compacted: the latest state of each batch.
     */
    public TopicSpec<ApiBatch> apiBatches() {
        return new TopicSpec<>(prefix + "api-batches", ApiBatch.class, COMPACT, false);
    }

    /**
     * Where the Results of roocode-api's batch jobs go ({@code <prefix>replies.api-batches}, inside the default reply
     * allowlist); compacted like every reply topic, so a restarted service reads every line's answer again.
     */
    public TopicSpec<Result> apiBatchReplies() {
        return replies(prefix + "replies.api-batches");
    }

    /**
     * The virtual API keys of roocode-api, keyed by key id ({@code roocode keys create}); a tombstone revokes a key.
     * Compacted: a key stays until revoked. Holds hashes of the keys' secrets only.
     */
    public TopicSpec<ApiKey> apiKeys() {
        return new TopicSpec<>(prefix + "api-keys", ApiKey.class, COMPACT, false);
    }

    /**
     * The connectors' batchers' state: one record per provider batch group (its members, the provider's batch id,
     * where it is), keyed by groupId, written in the same transaction as the batch dispatch offsets it covers, so a
     * restarted batcher loses no job and submits no group twice. Compacted; a finished group is deleted by tombstone.
     */
    public TopicSpec<ProviderBatch> providerBatches() {
        return new TopicSpec<>(prefix + "provider-batches", ProviderBatch.class, COMPACT, false);
    }

    /** The dispatch topic of one provider; throws if the name cannot be part of a topic name. */
    public TopicSpec<DispatchedJob> dispatch(String provider) {
        if (provider == null || !PROVIDER_NAME.matcher(provider).matches()) {
            throw new IllegalArgumentException("provider name must match " + PROVIDER_NAME.pattern() + ": " + provider);
        }
        return new TopicSpec<>(prefix + "dispatch." + provider, DispatchedJob.class, DELETE, false);
    }

    /**
     * The dispatch topic of one provider's batch candidate ({@code <provider>:batch}): jobs the router chose to send
     * through the provider's batch API, read by the connectors' batcher for that provider.
     */
    public TopicSpec<DispatchedJob> batchDispatch(String provider) {
        return new TopicSpec<>(
                dispatch(provider).name().replace(prefix + "dispatch.", prefix + "dispatch-batch."),
                DispatchedJob.class,
                DELETE,
                false);
    }

    /**
     * The jobs topic of one tenant: a client of that tenant is granted write on its own tenant
     * namespace only ({@code <prefix>tenant.<tenant>.}), so a job read from here is that tenant's,
     * whatever tenant it names.
     */
    public TopicSpec<Job> tenantJobs(String tenant) {
        return new TopicSpec<>(tenantNamespace(tenant) + "jobs", Job.class, DELETE, false);
    }

    /** The default reply topic of one tenant's jobs; its client reads only its own namespace. */
    public TopicSpec<Result> tenantReplies(String tenant) {
        return new TopicSpec<>(tenantNamespace(tenant) + "replies", Result.class, COMPACT_DELETE, false);
    }

    /** {@code <prefix>tenant.<tenant>.}: every topic of one tenant, the prefix its ACLs grant. */
    public String tenantNamespace(String tenant) {
        if (tenant == null || !TENANT_NAME.matcher(tenant).matches()) {
            throw new IllegalArgumentException("tenant name must match " + TENANT_NAME.pattern() + ": " + tenant);
        }
        return prefix + "tenant." + tenant + ".";
    }

    /** Every tenant's jobs topic; group 1 is the tenant. */
    public Pattern tenantJobsPattern() {
        return Pattern.compile(
                Pattern.quote(prefix + "tenant.") + "(" + TENANT_NAME.pattern() + ")" + Pattern.quote(".jobs"));
    }

    /** The default reply-topic allowlist: the results topic and {@code <prefix>replies.*}. */
    public String defaultReplyTopicsAllowed() {
        return Pattern.quote(prefix + "results") + "|" + Pattern.quote(prefix + "replies.") + "[a-zA-Z0-9._-]+";
    }

    /** Every fixed topic (dispatch topics are per provider and created with their provider). */
    public List<TopicSpec<?>> fixed() {
        return List.of(
                jobs(),
                outcomes(),
                fallback(),
                results(),
                dlq(),
                providers(),
                routes(),
                usage(),
                providerState(),
                providerHealth(),
                batches(),
                spend(),
                batchCancellations(),
                apiBatches(),
                apiBatchReplies(),
                apiKeys(),
                providerBatches());
    }
}
