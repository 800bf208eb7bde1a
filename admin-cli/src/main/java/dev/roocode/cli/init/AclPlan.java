package dev.roocode.cli.init;

import dev.roocode.connectors.worker.ProviderBatcher;
import dev.roocode.connectors.worker.ProviderWorker;
import dev.roocode.schemas.topic.TopicSpec;
import dev.roocode.schemas.topic.Topics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.Resource;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * The least-privilege ACLs of each Roocode role, derived from the topic registry ({@link Topics})
 * and the consumer groups and transactional ids the services really use: what each role reads and
 * writes, and nothing else. Every grant is ALLOW from any host; READ and WRITE imply DESCRIBE in
 * Kafka's authorizer, so DESCRIBE is only granted where nothing else is.
 *
 * <ul>
 *   <li>processor: Kafka Streams with {@code application.id} as consumer group, transactional-id
 *       prefix (exactly_once_v2: {@code <application.id>-<process uuid>-<thread>}) and internal topic
 *       prefix; reads jobs, outcomes, fallback and the state topics, writes dispatch, reply, dlq,
 *       usage and state topics, and both reads and writes tenant namespaces (tenant jobs in, tenant
 *       replies out);
 *   <li>connectors: read providers, batch-cancellations and dispatch topics in the groups
 *       {@code roocode-connector-<provider>}, write outcomes, fallback, dlq and provider-health
 *       (idempotent producers); the batchers also read {@code dispatch-batch.*} in the groups
 *       {@code roocode-connector-batch-<provider>} and read and write provider-batches in transactions
 *       (transactional ids {@code roocode-connector-batch-<provider>});
 *   <li>client: writes jobs, reads the results topic and {@code <prefix>replies.*}, no group;
 *   <li>api (roocode-api): writes jobs (its calls' and batches' jobs), reads and writes {@code api-batches},
 *       reads {@code replies.api-batches}, creates and reads its own reply topics {@code <prefix>replies.api-*}
 *       (created at start, one per instance), reads {@code api-keys}, {@code spend}, {@code routes} and
 *       {@code providers} (keys, budgets, models) and {@code provider-health} (the console's charts), writes {@code batch-cancellations} (cancelled batches); no
 *       group (every reader assigns its partitions), no transactions;
 *   <li>tenant client: writes only its tenant's jobs topic, reads only its tenant's namespace;
 *   <li>admin ({@code init}, {@code providers}, {@code routes}, {@code batches cancel}): creates and
 *       describes Roocode's topics, reads and writes them, describes the groups (queued-job counts),
 *       and manages ACLs ({@code init --acls}).
 * </ul>
 */
public final class AclPlan {
    /** The groups of the connectors' workers: {@code roocode-connector-<provider>}, not topic-prefix aware. */
    static final String CONNECTOR_GROUP_PREFIX = ProviderWorker.groupId("");

    /** One role: its name, principal and bindings. */
    public record Role(String name, String principal, String summary, List<AclBinding> bindings) {}

    /** Principals of the roles; tenants map tenant name → principal. */
    public record Principals(
            String processor, String connectors, String client, String api, String admin, Map<String, String> tenants) {
        public Principals {
            Objects.requireNonNull(processor, "processor");
            Objects.requireNonNull(connectors, "connectors");
            Objects.requireNonNull(client, "client");
            Objects.requireNonNull(api, "api");
            Objects.requireNonNull(admin, "admin");
            tenants = Map.copyOf(tenants);
        }

        public static Principals defaults() {
            return new Principals(
                    "User:processor", "User:connectors", "User:client", "User:api", "User:admin", Map.of());
        }
    }

    private final List<Role> roles;

    private AclPlan(List<Role> roles) {
        this.roles = List.copyOf(roles);
    }

    /** The plan for topics named by {@code topics} and a processor with {@code applicationId}. */
    public static AclPlan of(Topics topics, String applicationId, Principals principals) {
        List<Role> roles = new ArrayList<>();
        roles.add(processor(topics, applicationId, principals.processor()));
        roles.add(connectors(topics, principals.connectors()));
        roles.add(client(topics, principals.client()));
        roles.add(api(topics, principals.api()));
        new TreeMap<>(principals.tenants())
                .forEach((tenant, principal) -> roles.add(tenant(topics, tenant, principal)));
        roles.add(admin(topics, applicationId, principals.admin()));
        return new AclPlan(roles);
    }

    public List<Role> roles() {
        return roles;
    }

    /** Every binding of every role, in role order. */
    public List<AclBinding> bindings() {
        return roles.stream().flatMap(r -> r.bindings().stream()).distinct().toList();
    }

    private static Role processor(Topics topics, String applicationId, String principal) {
        Grants g = new Grants(principal);
        for (TopicSpec<?> read : List.of(
                topics.jobs(),
                topics.outcomes(),
                topics.fallback(),
                topics.providers(),
                topics.routes(),
                topics.providerState(),
                topics.providerHealth(),
                topics.spend(),
                topics.batchCancellations())) {
            g.topic(read.name(), AclOperation.READ);
        }
        for (TopicSpec<?> write : List.of(
                topics.results(),
                topics.dlq(),
                topics.usage(),
                topics.batches(),
                topics.providerState(),
                topics.spend())) {
            g.topic(write.name(), AclOperation.WRITE);
        }
        g.topicPrefix(topics.prefix() + "dispatch.", AclOperation.WRITE);
        g.topicPrefix(topics.prefix() + "replies.", AclOperation.WRITE);
        g.topicPrefix(topics.prefix() + "tenant.", AclOperation.READ, AclOperation.WRITE);
        // Streams' internal topics (repartition, changelog): created at start, records deleted after use
        g.topicPrefix(
                applicationId,
                AclOperation.CREATE,
                AclOperation.READ,
                AclOperation.WRITE,
                AclOperation.DESCRIBE,
                AclOperation.DESCRIBE_CONFIGS,
                AclOperation.DELETE);
        g.add(ResourceType.GROUP, applicationId, PatternType.LITERAL, AclOperation.READ);
        g.add(ResourceType.TRANSACTIONAL_ID, applicationId, PatternType.PREFIXED, AclOperation.WRITE);
        g.cluster(AclOperation.IDEMPOTENT_WRITE);
        return new Role(
                "processor",
                principal,
                "Streams application '" + applicationId
                        + "': reads jobs and outcomes, writes dispatch and reply topics, its own group,"
                        + " transactional ids and internal topics",
                g.bindings);
    }

    private static Role connectors(Topics topics, String principal) {
        Grants g = new Grants(principal);
        g.topic(topics.providers().name(), AclOperation.READ);
        g.topic(topics.batchCancellations().name(), AclOperation.READ);
        g.topicPrefix(topics.prefix() + "dispatch.", AclOperation.READ);
        g.topicPrefix(topics.prefix() + "dispatch-batch.", AclOperation.READ);
        for (TopicSpec<?> write :
                List.of(topics.outcomes(), topics.fallback(), topics.dlq(), topics.providerHealth())) {
            g.topic(write.name(), AclOperation.WRITE);
        }
        // the batchers' state: read back on start, written in their transactions
        g.topic(topics.providerBatches().name(), AclOperation.READ, AclOperation.WRITE);
        g.add(ResourceType.GROUP, CONNECTOR_GROUP_PREFIX, PatternType.PREFIXED, AclOperation.READ);
        g.add(
                ResourceType.TRANSACTIONAL_ID,
                ProviderBatcher.groupId(""),
                PatternType.PREFIXED,
                AclOperation.WRITE,
                AclOperation.DESCRIBE);
        g.cluster(AclOperation.IDEMPOTENT_WRITE);
        return new Role(
                "connectors",
                principal,
                "reads providers and dispatch topics in groups " + CONNECTOR_GROUP_PREFIX
                        + "<provider>, writes outcomes, fallback, dlq, provider-health; never routes or providers",
                g.bindings);
    }

    private static Role client(Topics topics, String principal) {
        Grants g = new Grants(principal);
        g.topic(topics.jobs().name(), AclOperation.WRITE);
        g.topic(topics.results().name(), AclOperation.READ);
        g.topicPrefix(topics.prefix() + "replies.", AclOperation.READ);
        g.cluster(AclOperation.IDEMPOTENT_WRITE);
        return new Role(
                "client",
                principal,
                "writes jobs, reads results and " + topics.prefix() + "replies.*; never providers, routes or dispatch",
                g.bindings);
    }

    private static Role api(Topics topics, String principal) {
        Grants g = new Grants(principal);
        // the jobs of its synchronous calls and of its batches' lines; each job carries the caller's tenant
        g.topic(topics.jobs().name(), AclOperation.WRITE);
        g.topic(topics.batchCancellations().name(), AclOperation.WRITE);
        // its batches' state: read through at start, written as they move (BatchStore)
        g.topic(topics.apiBatches().name(), AclOperation.READ, AclOperation.WRITE);
        g.topic(topics.apiBatchReplies().name(), AclOperation.READ);
        // each instance creates its own reply topic at start (ReplyInbox) and waits until it is described
        g.topicPrefix(topics.prefix() + "replies.api-", AclOperation.CREATE, AclOperation.READ);
        // keys and budgets (KeyRingFeed), models (ModelsReader), the console's charts (MetricsFeed)
        for (TopicSpec<?> read : List.of(
                topics.apiKeys(), topics.spend(), topics.routes(), topics.providers(), topics.providerHealth())) {
            g.topic(read.name(), AclOperation.READ);
        }
        g.cluster(AclOperation.IDEMPOTENT_WRITE);
        return new Role(
                "api",
                principal,
                "roocode-api: writes jobs and batch-cancellations, reads and writes api-batches, creates and reads "
                        + topics.prefix() + "replies.api-*, reads api-keys, spend, routes, providers, provider-health;"
                        + " never results, dispatch or another client's replies",
                g.bindings);
    }

    private static Role tenant(Topics topics, String tenant, String principal) {
        Grants g = new Grants(principal);
        g.topic(topics.tenantJobs(tenant).name(), AclOperation.WRITE);
        g.topicPrefix(topics.tenantNamespace(tenant), AclOperation.READ);
        g.cluster(AclOperation.IDEMPOTENT_WRITE);
        return new Role(
                "tenant " + tenant,
                principal,
                "writes " + topics.tenantJobs(tenant).name() + ", reads only " + topics.tenantNamespace(tenant) + "*",
                g.bindings);
    }

    private static Role admin(Topics topics, String applicationId, String principal) {
        Grants g = new Grants(principal);
        g.topicPrefix(
                topics.prefix(),
                AclOperation.CREATE,
                AclOperation.DESCRIBE,
                AclOperation.DESCRIBE_CONFIGS,
                AclOperation.ALTER,
                AclOperation.READ,
                AclOperation.WRITE);
        // queued-job counts read the groups' committed offsets
        g.add(ResourceType.GROUP, CONNECTOR_GROUP_PREFIX, PatternType.PREFIXED, AclOperation.DESCRIBE);
        g.add(ResourceType.GROUP, applicationId, PatternType.LITERAL, AclOperation.DESCRIBE);
        g.cluster(AclOperation.IDEMPOTENT_WRITE);
        // createAcls and describeAcls (init --acls); on most clusters the admin is a super user anyway
        g.cluster(AclOperation.DESCRIBE);
        g.cluster(AclOperation.ALTER);
        return new Role(
                "admin",
                principal,
                "init, providers, routes, batches cancel: every " + topics.prefix() + "* topic, and ACLs",
                g.bindings);
    }

    /** Collects one principal's bindings in order. */
    private static final class Grants {
        private final String principal;
        private final List<AclBinding> bindings = new ArrayList<>();

        Grants(String principal) {
            this.principal = principal;
        }

        void topic(String name, AclOperation... operations) {
            add(ResourceType.TOPIC, name, PatternType.LITERAL, operations);
        }

        void topicPrefix(String prefix, AclOperation... operations) {
            add(ResourceType.TOPIC, prefix, PatternType.PREFIXED, operations);
        }

        void cluster(AclOperation operation) {
            add(ResourceType.CLUSTER, Resource.CLUSTER_NAME, PatternType.LITERAL, operation);
        }

        void add(ResourceType type, String name, PatternType pattern, AclOperation... operations) {
            for (AclOperation operation : operations) {
                AclBinding binding = new AclBinding(
                        new ResourcePattern(type, name, pattern),
                        new AccessControlEntry(principal, "*", operation, AclPermissionType.ALLOW));
                if (!bindings.contains(binding)) {
                    bindings.add(binding);
                }
            }
        }
    }
}
