package dev.roocode.cli.init;

import dev.roocode.cli.common.CliException;
import dev.roocode.cli.common.OutputOptions;
import dev.roocode.cli.connection.Connection;
import dev.roocode.cli.connection.ConnectionOptions;
import dev.roocode.processor.ProcessorConfig;
import dev.roocode.processor.router.BatchCandidates;
import dev.roocode.schemas.avro.ProviderConfig;
import dev.roocode.schemas.topic.TopicAdmin;
import dev.roocode.schemas.topic.TopicSpec;
import dev.roocode.schemas.topic.Topics;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.avro.specific.SpecificData;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code roocode init}: creates Roocode's topics and registers its schemas; safe to re-run. */
@Command(
        name = "init",
        mixinStandardHelpOptions = true,
        description = {
            "Create Roocode's topics on the cluster and register the value schemas with the schema registry.",
            "jobs, outcomes and fallback are co-partitioned (same count), results and every provider's dispatch topic get",
            "that count too; compacted state topics get one partition. Safe to re-run: existing topics are kept (a missing",
            "co-partitioned topic takes the existing ones' count) and registering an unchanged schema changes nothing.",
            "",
            "With --acls it applies, instead, the least-privilege ACLs of each role (processor, connectors, client, api,",
            "one per --tenant, admin) to a cluster with an authorizer, adding what is missing and leaving other ACLs alone;",
            "--print only shows them (one line per binding, as kafka-acls --list names them, or --output json) and needs",
            "no cluster. Apply them as a super user or a principal allowed to ALTER the cluster (docs/security.md).",
            "",
            "--tenant T (repeatable) also creates tenant T's namespace: <prefix>tenant.T.jobs, which its clients write and",
            "the processor reads as T's, and <prefix>tenant.T.replies, where T's Results go (docs/tenants.md).",
            "With --acls, --tenant T=PRINCIPAL grants T's client (default User:T) only T's namespace.",
            ""
        },
        footer = {
            "",
            "Examples:",
            "  roocode init",
            "  roocode init --partitions 12 --replication-factor 3",
            "  roocode init --tenant acme --tenant globex",
            "  roocode init --profile prod --request-timeout 30s",
            "  roocode init --acls --print",
            "  roocode init --acls --config admin.properties --tenant acme=User:acme-app --output json",
            "",
            "Exit codes: 0 done, 1 cluster or registry failure, 2 usage error."
        })
public final class InitCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ConnectionOptions connection;

    @Option(
            names = "--partitions",
            paramLabel = "N",
            defaultValue = "6",
            description =
                    "Partitions of jobs, outcomes, fallback, results and dispatch topics (default: ${DEFAULT-VALUE}).")
    int partitions;

    @Option(
            names = "--replication-factor",
            paramLabel = "R",
            description = "Replicas per partition (default: the broker's default.replication.factor).")
    Short replication;

    @Option(names = "--acls", description = "Apply the least-privilege ACLs of each role instead of creating topics.")
    boolean acls;

    @Option(names = "--print", description = "With --acls: print the ACLs, change nothing (no cluster needed).")
    boolean print;

    @Option(
            names = "--processor-principal",
            paramLabel = "PRINCIPAL",
            defaultValue = "User:processor",
            description = "With --acls: the processor's principal (default: ${DEFAULT-VALUE}).")
    String processorPrincipal;

    @Option(
            names = "--connectors-principal",
            paramLabel = "PRINCIPAL",
            defaultValue = "User:connectors",
            description = "With --acls: the connectors' principal (default: ${DEFAULT-VALUE}).")
    String connectorsPrincipal;

    @Option(
            names = "--client-principal",
            paramLabel = "PRINCIPAL",
            defaultValue = "User:client",
            description = "With --acls: the principal of clients that write jobs (default: ${DEFAULT-VALUE}).")
    String clientPrincipal;

    @Option(
            names = "--api-principal",
            paramLabel = "PRINCIPAL",
            defaultValue = "User:api",
            description = "With --acls: the principal of roocode-api, the OpenAI-compatible HTTP API (default:"
                    + " ${DEFAULT-VALUE}).")
    String apiPrincipal;

    @Option(
            names = "--admin-principal",
            paramLabel = "PRINCIPAL",
            defaultValue = "User:admin",
            description = "With --acls: the principal of the roocode CLI's admin commands (default: ${DEFAULT-VALUE}).")
    String adminPrincipal;

    @Option(
            names = "--tenant",
            paramLabel = "T[=PRINCIPAL]",
            description = "Also create tenant T's jobs and replies topics (repeatable); letters, digits, _ and - only."
                    + " With --acls: T's client PRINCIPAL (default User:T) may write only T's jobs topic and read"
                    + " only T's topics.")
    List<String> tenantArgs = new ArrayList<>();

    @Option(
            names = "--application-id",
            paramLabel = "ID",
            description = "With --acls: the processor's application.id: its group, transactional-id and internal"
                    + " topic prefix (default: the processor's default, roocode-processor).")
    String applicationId;

    @Mixin
    OutputOptions output;

    @Override
    public Integer call() throws Exception {
        if (acls) {
            return acls();
        }
        if (print || !output.text()) {
            throw CliException.usage((print ? "--print" : "--output") + " goes with --acls");
        }
        if (partitions < 1) {
            throw CliException.usage("--partitions must be at least 1");
        }
        if (replication != null && replication < 1) {
            throw CliException.usage("--replication-factor must be at least 1");
        }
        List<String> tenants = List.copyOf(tenantPrincipals().keySet());
        PrintWriter out = spec.commandLine().getOut();
        try (Connection cluster = connection.connect()) {
            cluster.registry(); // no registry configured: fail before creating anything
            TopicPlan plan = plan(cluster, List.of());
            create(cluster, plan, out, false);
            // providers added before (or on another cluster's copy of the topic) get their dispatch topics too
            List<String> providers = TopicPlan.dispatchNames(
                    cluster.readLatest(cluster.topics().providers()).values());
            TopicPlan dispatch = plan(cluster, providers);
            create(cluster, dispatch, out, true);
            out.println("Schemas (" + cluster.settings().get(Connection.SCHEMA_REGISTRY_URL) + "):");
            List<TopicSpec<?>> specs = new ArrayList<>(cluster.topics().fixed());
            providers.forEach(p -> specs.add(TopicPlan.dispatchOf(cluster.topics(), p)));
            tenants.forEach(t -> {
                specs.add(cluster.topics().tenantJobs(t));
                specs.add(cluster.topics().tenantReplies(t));
            });
            for (TopicSpec<?> topic : specs) {
                String subject = topic.name() + "-value";
                int id = cluster.registry().register(subject, SpecificData.get().getSchema(topic.valueType()));
                out.printf("  %-40s id %d%n", subject, id);
            }
            out.printf(
                    "Ready: %d topics (%d partitions for jobs/outcomes/fallback), %d providers with dispatch topics"
                            + (tenants.isEmpty() ? ".%n" : ", %d tenant(s).%n"),
                    specs.size(),
                    plan.partitions(),
                    providers.stream().filter(p -> !BatchCandidates.isBatch(p)).count(),
                    tenants.size());
            out.flush();
            return 0;
        }
    }

    private int acls() {
        AclPlan plan = AclPlan.of(
                connection.topics(),
                applicationId != null
                        ? applicationId
                        : ProcessorConfig.CONFIG
                                .defaultValues()
                                .get(ProcessorConfig.APPLICATION_ID)
                                .toString(),
                new AclPlan.Principals(
                        principal("--processor-principal", processorPrincipal),
                        principal("--connectors-principal", connectorsPrincipal),
                        principal("--client-principal", clientPrincipal),
                        principal("--api-principal", apiPrincipal),
                        principal("--admin-principal", adminPrincipal),
                        tenantPrincipals()));
        PrintWriter out = spec.commandLine().getOut();
        if (print) {
            AclApply.print(plan, output, out);
            return 0;
        }
        try (Connection cluster = connection.connect()) {
            AclApply.apply(cluster.admin(), plan, cluster.timeout(), out);
        }
        return 0;
    }

    /** Each {@code --tenant T[=PRINCIPAL]}: tenant → its client's principal (default {@code User:T}). */
    private Map<String, String> tenantPrincipals() {
        Map<String, String> checked = new TreeMap<>();
        for (String arg : tenantArgs) {
            int eq = arg.indexOf('=');
            String tenant = eq < 0 ? arg : arg.substring(0, eq);
            if (!Topics.TENANT_NAME.matcher(tenant).matches()) {
                throw CliException.usage("--tenant '" + tenant + "': a tenant name is 1 to 64 letters, digits, _ or -");
            }
            checked.put(tenant, eq < 0 ? "User:" + tenant : principal("--tenant " + tenant, arg.substring(eq + 1)));
        }
        return checked;
    }

    /** {@code Type:name}, as Kafka's ACLs name a principal. */
    private static String principal(String option, String value) {
        String trimmed = value == null ? "" : value.trim();
        int colon = trimmed.indexOf(':');
        if (colon < 1 || colon == trimmed.length() - 1 || trimmed.contains(" ")) {
            throw CliException.usage(option + " must be a principal such as User:alice, was '" + value + "'");
        }
        return trimmed;
    }

    private TopicPlan plan(Connection cluster, List<String> providers) throws Exception {
        Set<String> names =
                cluster.admin().listTopics().names().get(cluster.timeout().toMillis(), TimeUnit.MILLISECONDS);
        Map<String, Integer> counts = new TreeMap<>();
        List<String> ours = names.stream()
                .filter(n -> n.startsWith(cluster.topics().prefix()))
                .toList();
        if (!ours.isEmpty()) {
            try {
                for (Map.Entry<String, TopicDescription> d : cluster.admin()
                        .describeTopics(ours)
                        .allTopicNames()
                        .get(cluster.timeout().toMillis(), TimeUnit.MILLISECONDS)
                        .entrySet()) {
                    counts.put(d.getKey(), d.getValue().partitions().size());
                }
            } catch (ExecutionException e) {
                throw CliException.failure(
                        "cannot describe topics: " + e.getCause().getMessage());
            }
        }
        return TopicPlan.of(
                cluster.topics(),
                providers,
                partitions,
                Optional.ofNullable(replication),
                counts,
                List.copyOf(tenantPrincipals().keySet()));
    }

    /** Creates what the plan lacks and reports each topic once ({@code dispatchOnly}: the dispatch pass, after the fixed topics). */
    private void create(Connection cluster, TopicPlan plan, PrintWriter out, boolean dispatchOnly) {
        if (plan.toCreate().isEmpty() && plan.existing().isEmpty()) {
            return;
        }
        if (plan.partitions() != partitions && !plan.toCreate().isEmpty()) {
            out.println("note: jobs/outcomes/fallback exist with " + plan.partitions()
                    + " partitions; new topics follow that, not --partitions " + partitions);
        }
        try {
            TopicAdmin.createAndAwait(
                    cluster.admin(), plan.toCreate(), cluster.timeout().multipliedBy(6));
        } catch (KafkaException e) {
            throw CliException.failure(e.getMessage()
                    + (e.getMessage().contains("replication") ? "; try a smaller --replication-factor" : ""));
        }
        for (NewTopic topic : plan.toCreate()) {
            out.printf("  created  %-40s %d partition(s)%n", topic.name(), topic.numPartitions());
        }
        for (String name : plan.existing()) {
            if (name.startsWith(cluster.topics().prefix() + "dispatch") == dispatchOnly) {
                out.printf("  exists   %s%n", name);
            }
        }
        out.flush();
    }

    /**
     * Creates the dispatch topic of {@code provider} with the jobs topic's partition count, and its batch dispatch
     * topic (read by the connectors' batcher when the provider has a batch endpoint); true when the dispatch topic
     * was created.
     */
    public static boolean createDispatchTopic(Connection cluster, String provider) throws Exception {
        return createTopic(cluster, cluster.topics().dispatch(provider));
    }

    /**
     * Creates the batch dispatch topic of {@code provider} ({@code dispatch-batch.<name>}, read by the connectors'
     * batcher) when it has a batch endpoint, with the jobs topic's partition count; true when it was created.
     */
    public static boolean createBatchDispatchTopic(Connection cluster, ProviderConfig provider) throws Exception {
        return provider.getBatch() != null
                && createTopic(cluster, cluster.topics().batchDispatch(provider.getName()));
    }

    private static boolean createTopic(Connection cluster, TopicSpec<?> dispatch) throws Exception {
        Set<String> names =
                cluster.admin().listTopics().names().get(cluster.timeout().toMillis(), TimeUnit.MILLISECONDS);
        if (names.contains(dispatch.name())) {
            return false;
        }
        int count = 1;
        String jobs = cluster.topics().jobs().name();
        if (names.contains(jobs)) {
            count = cluster.admin()
                    .describeTopics(List.of(jobs))
                    .allTopicNames()
                    .get(cluster.timeout().toMillis(), TimeUnit.MILLISECONDS)
                    .get(jobs)
                    .partitions()
                    .size();
        }
        TopicAdmin.createAndAwait(
                cluster.admin(),
                List.of(new NewTopic(dispatch.name(), Optional.of(count), Optional.empty())
                        .configs(Map.of("cleanup.policy", dispatch.cleanupPolicy()))),
                cluster.timeout().multipliedBy(3));
        cluster.registry()
                .register(dispatch.name() + "-value", SpecificData.get().getSchema(dispatch.valueType()));
        return true;
    }
}
