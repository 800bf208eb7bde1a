package dev.roocode.cli.init;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.roocode.cli.testing.Cli;
import dev.roocode.connectors.worker.ProviderBatcher;
import dev.roocode.connectors.worker.ProviderWorker;
import dev.roocode.processor.ProcessorConfig;
import dev.roocode.schemas.topic.Topics;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code roocode init --acls --print}: each role gets what its service really uses and nothing of
 * another role's; checked against the names the services themselves use (topic registry, the
 * processor's default application id, the connectors' group ids).
 */
class InitAclsCommandTest {
    private static final Topics TOPICS = Topics.defaults();
    private static final String APP = ProcessorConfig.CONFIG
            .defaultValues()
            .get(ProcessorConfig.APPLICATION_ID)
            .toString();

    @TempDir
    Path home;

    private final AclPlan plan = AclPlan.of(
            TOPICS,
            APP,
            new AclPlan.Principals(
                    "User:processor",
                    "User:connectors",
                    "User:client",
                    "User:api",
                    "User:admin",
                    Map.of("acme", "User:acme")));

    @Test
    void shouldLetAClientWriteJobsAndReadOnlyItsReplyTopics() {
        List<AclBinding> client = role("client");

        assertThat(allows(client, TOPICS.jobs().name(), AclOperation.WRITE)).isTrue();
        assertThat(allows(client, TOPICS.results().name(), AclOperation.READ)).isTrue();
        assertThat(allows(client, TOPICS.prefix() + "replies.mine", AclOperation.READ))
                .isTrue();
        for (String other : List.of(
                TOPICS.providers().name(),
                TOPICS.routes().name(),
                TOPICS.dispatch("sim").name(),
                TOPICS.outcomes().name(),
                TOPICS.tenantReplies("acme").name())) {
            for (AclOperation op : List.of(AclOperation.READ, AclOperation.WRITE, AclOperation.DESCRIBE)) {
                assertThat(allows(client, other, op)).as("%s on %s", op, other).isFalse();
            }
        }
        assertThat(allows(client, TOPICS.results().name(), AclOperation.WRITE)).isFalse();
    }

    @Test
    void shouldLetTheApiWriteJobsKeepItsBatchesAndReadKeysSpendAndModels() {
        List<AclBinding> api = role("api");

        assertThat(api).allSatisfy(b -> assertThat(b.entry().principal()).isEqualTo("User:api"));
        assertThat(allows(api, TOPICS.jobs().name(), AclOperation.WRITE)).isTrue();
        assertThat(allows(api, TOPICS.batchCancellations().name(), AclOperation.WRITE))
                .isTrue();
        assertThat(allows(api, TOPICS.apiBatches().name(), AclOperation.READ)).isTrue();
        assertThat(allows(api, TOPICS.apiBatches().name(), AclOperation.WRITE)).isTrue();
        assertThat(allows(api, TOPICS.apiBatchReplies().name(), AclOperation.READ))
                .isTrue();
        for (String read : List.of(
                TOPICS.apiKeys().name(),
                TOPICS.spend().name(),
                TOPICS.routes().name(),
                TOPICS.providers().name(),
                TOPICS.providerHealth().name())) {
            assertThat(allows(api, read, AclOperation.READ)).as(read).isTrue();
            assertThat(allows(api, read, AclOperation.WRITE)).as(read).isFalse();
        }
        assertThat(matches(api, ResourceType.CLUSTER, "kafka-cluster", AclOperation.IDEMPOTENT_WRITE))
                .isTrue();
    }

    @Test
    void shouldLetTheApiCreateAndReadOnlyItsOwnReplyTopics() {
        List<AclBinding> api = role("api");
        String own = TOPICS.prefix() + "replies.api-host1-8080";

        for (AclOperation op : List.of(AclOperation.CREATE, AclOperation.READ, AclOperation.DESCRIBE)) {
            assertThat(allows(api, own, op)).as("%s on %s", op, own).isTrue();
        }
        assertThat(allows(api, own, AclOperation.WRITE)).isFalse();
        assertThat(allows(api, TOPICS.apiBatchReplies().name(), AclOperation.WRITE))
                .isFalse();
        for (AclOperation op : List.of(AclOperation.READ, AclOperation.CREATE)) {
            assertThat(allows(api, TOPICS.prefix() + "replies.mine", op))
                    .as("%s", op)
                    .isFalse();
        }
    }

    @Test
    void shouldGiveTheApiNoResultsDispatchTenantTopicsGroupsOrTransactions() {
        List<AclBinding> api = role("api");

        for (String other : List.of(
                TOPICS.results().name(),
                TOPICS.dispatch("sim").name(),
                TOPICS.batchDispatch("sim").name(),
                TOPICS.outcomes().name(),
                TOPICS.dlq().name(),
                TOPICS.providerBatches().name(),
                TOPICS.tenantJobs("acme").name(),
                TOPICS.tenantReplies("acme").name())) {
            for (AclOperation op : List.of(AclOperation.READ, AclOperation.WRITE, AclOperation.DESCRIBE)) {
                assertThat(allows(api, other, op)).as("%s on %s", op, other).isFalse();
            }
        }
        assertThat(allows(api, TOPICS.jobs().name(), AclOperation.READ)).isFalse();
        assertThat(allows(api, TOPICS.jobs().name(), AclOperation.CREATE)).isFalse();
        assertThat(api)
                .noneSatisfy(b ->
                        assertThat(b.pattern().resourceType()).isIn(ResourceType.GROUP, ResourceType.TRANSACTIONAL_ID));
        assertThat(matches(api, ResourceType.CLUSTER, "kafka-cluster", AclOperation.ALTER))
                .isFalse();
        // and no other role gets the api's grants
        assertThat(role("client"))
                .noneSatisfy(b -> assertThat(b.pattern().name())
                        .isIn(TOPICS.apiKeys().name(), TOPICS.apiBatches().name()));
    }

    @Test
    void shouldPrintTheApiRoleUnderTheApiPrincipalGiven() {
        Cli.Run run = new Cli(home).run("init", "--acls", "--print", "--api-principal", "User:gateway");
        Cli.Run bad = new Cli(home).run("init", "--acls", "--print", "--api-principal", "gateway");

        assertThat(run.exit()).as("%s", run).isZero();
        assertThat(run.out()).contains("# api (User:gateway)");
        assertThat(run.out())
                .contains("ResourcePattern(resourceType=TOPIC, name=roocode.api-keys, patternType=LITERAL): "
                        + "(principal=User:gateway, host=*, operation=READ, permissionType=ALLOW)");
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).contains("--api-principal must be a principal such as User:alice");
    }

    @Test
    void shouldConfineATenantClientToItsOwnNamespace() {
        List<AclBinding> acme = role("tenant acme");

        assertThat(allows(acme, TOPICS.tenantJobs("acme").name(), AclOperation.WRITE))
                .isTrue();
        assertThat(allows(acme, TOPICS.tenantReplies("acme").name(), AclOperation.READ))
                .isTrue();
        assertThat(allows(acme, TOPICS.tenantReplies("acme").name(), AclOperation.WRITE))
                .isFalse();
        assertThat(allows(acme, TOPICS.tenantReplies("acme2").name(), AclOperation.READ))
                .isFalse();
        assertThat(allows(acme, TOPICS.jobs().name(), AclOperation.WRITE)).isFalse();
        assertThat(allows(acme, TOPICS.results().name(), AclOperation.READ)).isFalse();
    }

    @Test
    void shouldLetConnectorsReadProvidersAndDispatchButNeverWriteRoutesOrProviders() {
        List<AclBinding> connectors = role("connectors");

        assertThat(allows(connectors, TOPICS.providers().name(), AclOperation.READ))
                .isTrue();
        assertThat(allows(connectors, TOPICS.dispatch("openai").name(), AclOperation.READ))
                .isTrue();
        for (String written : List.of(
                TOPICS.outcomes().name(),
                TOPICS.fallback().name(),
                TOPICS.dlq().name(),
                TOPICS.providerHealth().name())) {
            assertThat(allows(connectors, written, AclOperation.WRITE))
                    .as(written)
                    .isTrue();
        }
        assertThat(allows(connectors, TOPICS.routes().name(), AclOperation.WRITE))
                .isFalse();
        assertThat(allows(connectors, TOPICS.providers().name(), AclOperation.WRITE))
                .isFalse();
        assertThat(allows(connectors, TOPICS.jobs().name(), AclOperation.READ)).isFalse();
        assertThat(matches(connectors, ResourceType.GROUP, ProviderWorker.groupId("openai"), AclOperation.READ))
                .isTrue();
    }

    @Test
    void shouldLetTheConnectorsBatchersReadTheirTopicAndKeepTheirStateInTransactions() {
        List<AclBinding> connectors = role("connectors");

        assertThat(allows(connectors, TOPICS.batchDispatch("openai").name(), AclOperation.READ))
                .isTrue();
        assertThat(allows(connectors, TOPICS.providerBatches().name(), AclOperation.READ))
                .isTrue();
        assertThat(allows(connectors, TOPICS.providerBatches().name(), AclOperation.WRITE))
                .isTrue();
        assertThat(matches(connectors, ResourceType.GROUP, ProviderBatcher.groupId("openai"), AclOperation.READ))
                .isTrue();
        assertThat(matches(
                        connectors,
                        ResourceType.TRANSACTIONAL_ID,
                        ProviderBatcher.groupId("openai"),
                        AclOperation.WRITE))
                .isTrue();
    }

    @Test
    void shouldGiveTheProcessorItsStreamsGroupTransactionsAndInternalTopics() {
        List<AclBinding> processor = role("processor");

        assertThat(matches(processor, ResourceType.GROUP, APP, AclOperation.READ))
                .isTrue();
        assertThat(matches(
                        processor,
                        ResourceType.TRANSACTIONAL_ID,
                        APP + "-4f2c3a1e-0000-0000-0000-000000000000-1",
                        AclOperation.WRITE))
                .isTrue();
        assertThat(allows(processor, APP + "-jobs-by-request-repartition", AclOperation.CREATE))
                .isTrue();
        assertThat(matches(processor, ResourceType.CLUSTER, "kafka-cluster", AclOperation.IDEMPOTENT_WRITE))
                .isTrue();
        assertThat(allows(processor, TOPICS.dispatch("sim").name(), AclOperation.WRITE))
                .isTrue();
        assertThat(allows(processor, TOPICS.tenantReplies("acme").name(), AclOperation.WRITE))
                .isTrue();
        assertThat(allows(processor, TOPICS.routes().name(), AclOperation.WRITE))
                .isFalse();
        assertThat(allows(processor, TOPICS.providers().name(), AclOperation.WRITE))
                .isFalse();
    }

    @Test
    void shouldPrintOneKafkaAclsLinePerBindingWithoutACluster() {
        Cli.Run run = new Cli(home).run("init", "--acls", "--print", "--tenant", "acme=User:acme");

        assertThat(run.exit()).as("%s", run).isZero();
        List<String> bindings =
                run.out().lines().filter(l -> !l.startsWith("#")).toList();
        assertThat(bindings)
                .hasSize(
                        plan.roles().stream().mapToInt(r -> r.bindings().size()).sum());
        assertThat(bindings)
                .contains("ResourcePattern(resourceType=TOPIC, name=roocode.jobs, patternType=LITERAL): "
                        + "(principal=User:client, host=*, operation=WRITE, permissionType=ALLOW)");
        assertThat(run.out()).contains("# tenant acme (User:acme)");
    }

    @Test
    void shouldPrintTheAclsAsJsonWithTheTopicPrefixAndPrincipalsGiven() throws Exception {
        Cli.Run run = new Cli(home)
                .run(
                        "init",
                        "--acls",
                        "--print",
                        "--topic-prefix",
                        "team1.",
                        "--client-principal",
                        "User:app",
                        "--output",
                        "json");

        assertThat(run.exit()).as("%s", run).isZero();
        JsonNode json = new ObjectMapper().readTree(run.out());
        assertThat(json.isArray()).isTrue();
        assertThat(json)
                .anySatisfy(n -> {
                    assertThat(n.get("role").asText()).isEqualTo("client");
                    assertThat(n.get("principal").asText()).isEqualTo("User:app");
                    assertThat(n.get("name").asText()).isEqualTo("team1.jobs");
                    assertThat(n.get("operation").asText()).isEqualTo("WRITE");
                })
                .noneSatisfy(n -> assertThat(n.get("name").asText()).startsWith("roocode."));
    }

    @Test
    void shouldRejectABadPrincipalOrTenantInOneLine() {
        Cli cli = new Cli(home);
        Cli.Run principal = cli.run("init", "--acls", "--print", "--client-principal", "client");
        Cli.Run tenant = cli.run("init", "--acls", "--print", "--tenant", "a.b=User:x");
        Cli.Run printAlone = cli.run("init", "--print");
        Cli.Run jsonAlone = cli.run("init", "--output", "json");

        assertThat(principal.exit()).isEqualTo(2);
        assertThat(principal.err()).contains("--client-principal must be a principal such as User:alice");
        assertThat(tenant.exit()).isEqualTo(2);
        assertThat(tenant.err()).contains("--tenant 'a.b': a tenant name is 1 to 64 letters, digits, _ or -");
        assertThat(printAlone.exit()).isEqualTo(2);
        assertThat(printAlone.err()).contains("--print goes with --acls");
        assertThat(jsonAlone.exit()).isEqualTo(2);
        assertThat(jsonAlone.err()).contains("--output goes with --acls");
    }

    private List<AclBinding> role(String name) {
        return plan.roles().stream()
                .filter(r -> r.name().equals(name))
                .findFirst()
                .orElseThrow()
                .bindings();
    }

    private static boolean allows(List<AclBinding> bindings, String topic, AclOperation operation) {
        return matches(bindings, ResourceType.TOPIC, topic, operation);
    }

    /** Whether a binding grants {@code operation} on the resource, as Kafka's authorizer matches (READ/WRITE imply DESCRIBE). */
    private static boolean matches(List<AclBinding> bindings, ResourceType type, String name, AclOperation operation) {
        return bindings.stream().anyMatch(b -> {
            if (b.pattern().resourceType() != type) {
                return false;
            }
            boolean named = b.pattern().patternType() == PatternType.PREFIXED
                    ? name.startsWith(b.pattern().name())
                    : name.equals(b.pattern().name());
            AclOperation granted = b.entry().operation();
            boolean op = granted == operation
                    || operation == AclOperation.DESCRIBE
                            && (granted == AclOperation.READ
                                    || granted == AclOperation.WRITE
                                    || granted == AclOperation.DELETE
                                    || granted == AclOperation.ALTER);
            return named && op;
        });
    }
}
