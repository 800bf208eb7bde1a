package dev.roocode.cli.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.roocode.cli.common.CliException;
import dev.roocode.core.provider.ProviderTypes;
import dev.roocode.schemas.avro.BatchEndpoint;
import dev.roocode.schemas.avro.CredentialKind;
import dev.roocode.schemas.avro.JobKind;
import dev.roocode.schemas.avro.ProviderConfig;
import dev.roocode.schemas.avro.ProviderStatus;
import dev.roocode.schemas.avro.RoutePolicy;
import dev.roocode.schemas.avro.RoutingStrategy;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ProviderFileTest {
    private static final Path EXAMPLES = Path.of("..", "examples", "providers");

    @TempDir
    Path dir;

    @Test
    void shouldReadEveryExampleFileAndCoverEveryType() throws IOException {
        List<Path> files;
        try (Stream<Path> list = Files.list(EXAMPLES)) {
            files = list.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
        }
        List<String> types = files.stream()
                .flatMap(f -> ProviderFile.read(f).providers().stream())
                .map(ProviderConfig::getType)
                .distinct()
                .toList();

        assertThat(types).containsExactlyInAnyOrderElementsOf(ProviderTypes.ids());
        for (Path file : files) {
            assertThat(Files.readString(file)).as(file + " explains itself").startsWith("#");
        }
    }

    @Test
    void shouldMapEveryFieldOfTheOpenAiExample() {
        ProviderConfig openai =
                ProviderFile.read(EXAMPLES.resolve("openai.yaml")).providers().get(0);

        assertThat(openai.getName()).isEqualTo("openai-main");
        assertThat(openai.getStatus()).isEqualTo(ProviderStatus.DRAFT);
        assertThat(openai.getEndpoint()).isEqualTo("https://api.openai.com/v1");
        assertThat(openai.getCredential().getKind()).isEqualTo(CredentialKind.ENV);
        assertThat(openai.getCredential().getValue()).isEqualTo("OPENAI_API_KEY");
        assertThat(openai.getOrganization()).startsWith("org-");
        assertThat(openai.getOffers()).hasSize(2);
        assertThat(openai.getOffers().get(0).getProviderModel()).isEqualTo("gpt-4o-mini-2024-07-18");
        assertThat(openai.getOffers().get(0).getInputUsdPerMTok()).isEqualTo(0.15);
        assertThat(openai.getOffers().get(0).getMaxOutputTokens()).isEqualTo(16384);
        assertThat(openai.getOffers().get(0).getCapabilities()).containsExactly("tools", "json", "vision");
        assertThat(openai.getOffers().get(1).getKind()).isEqualTo(JobKind.EMBEDDING);
        assertThat(openai.getLimits().getRpm()).isEqualTo(5000L);
        assertThat(openai.getTimeoutMs()).isEqualTo(60_000L);
        assertThat(openai.getRetry().getMaxAttempts()).isEqualTo(3);
        assertThat(openai.getRetry().getMaxBackoffMs()).isEqualTo(30_000L);
        assertThat(openai.getTags()).containsExactly("us", "tier-4");
    }

    @Test
    void shouldReadAzureDeploymentsAndApiVersion() {
        ProviderConfig azure = ProviderFile.read(EXAMPLES.resolve("azure-openai.yaml"))
                .providers()
                .get(0);

        assertThat(azure.getApiVersion()).isEqualTo("2024-10-21");
        assertThat(azure.getDeployments()).containsEntry("gpt-4o", "gpt4o-prod");
        assertThat(azure.getCredential().getKind()).isEqualTo(CredentialKind.FILE);
        assertThat(azure.getRegion()).isEqualTo("eu");
        assertThat(azure.getRetry().getMaxAttempts()).isEqualTo(3);
    }

    @Test
    void shouldReadProvidersAndRoutesFromOneFile() {
        ProviderFile.Contents contents = ProviderFile.read(EXAMPLES.resolve("providers.yaml"));

        assertThat(contents.providers())
                .extracting(ProviderConfig::getName)
                .containsExactly("openai-main", "claude", "local");
        assertThat(contents.providers().get(2).getEndpoint()).isEqualTo("http://localhost:11434/v1");
        RoutePolicy route = contents.routes().get(0);
        assertThat(route.getStrategy()).isEqualTo(RoutingStrategy.PRIORITY);
        assertThat(route.getAliases()).containsExactly("default", "small");
        assertThat(route.getCandidates())
                .extracting(c -> c.getProvider() + ":" + c.getPriority())
                .containsExactly("local:0", "openai-main:1", "claude:2");
        assertThat(route.getMaxCostUsdPerJob()).isEqualTo(0.01);
        assertThat(contents.routes().get(1).getStrategy()).isEqualTo(RoutingStrategy.COST);
    }

    @Test
    void shouldRejectMistakesWithOneLineNamingFileFieldAndFix() throws IOException {
        assertError(
                "name: x\ntype: openia\nmodels: [{model: m}]\n",
                "p.yaml: unknown provider type 'openia'; known types: openai, azure-openai");
        assertError("type: openai\nmodels: [{model: m}]\n", "p.yaml: missing field 'name'");
        assertError(
                "name: x\ntype: openai-compatible\nendpoint: localhost:8000\nmodels: [{model: m}]\n",
                "is not an http(s) URL");
        assertError(
                "name: x\ntype: openai-compatible\nendpoint: http://h\nmodels: [{model: m, inputPirce: 1}]\n",
                "p.yaml: models[0]: unknown field 'inputPirce'");
        assertError(
                "name: x\ntype: openai\napiKey: sk-123\nmodels: [{model: m}]\n", "plaintext API keys are not accepted");
        assertError(
                "name: x\ntype: openai\ncredential: {env: A, file: /b}\nmodels: [{model: m}]\n",
                "credential: give exactly one of");
        assertError(
                "name: x\ntype: anthropic\nmodels: [{model: m, kind: embedding}]\n",
                "anthropic has no embedding models");
        assertError("name: x\ntype: openai\nmodels: [{model: m}]\ntimeout: soon\n", "'soon' is not a duration");
        assertError(
                "providers:\n  - {name: a, type: openai, models: [{model: m}]}\nroutes:\n  - {model: m, candidates: [b]}\n",
                "route 'm' names unknown provider 'b'");
        assertError(
                "name: x\ntype: openai\nmodels: [{model: m}\n",
                "p.yaml: not valid YAML at line 4, column 1: expected ',' or ']', but got <stream end>");
        assertError(
                "providers:\n  - name: a\n   type: openai\n",
                "p.yaml: not valid YAML at line 3, column 4: expected <block end>, but found '<block mapping start>'");
        assertError("", "the file is empty");
    }

    @Test
    void shouldReadTheBreakerPolicyAndKeepItThroughAnUpdate() throws IOException {
        Path file = Files.writeString(
                dir.resolve("p.yaml"),
                "name: x\ntype: openai-compatible\nendpoint: http://h/v1\nmodels: [{model: m}]\n"
                        + "breaker: {failureRateThreshold: 25, slidingWindowSize: 10, minimumCalls: 5, waitInOpen: 10s, halfOpenCalls: 2}\n");
        ProviderConfig read = ProviderFile.read(file).providers().get(0);

        assertThat(read.getBreaker().getFailureRateThreshold()).isEqualTo(25f);
        assertThat(read.getBreaker().getSlidingWindowSize()).isEqualTo(10);
        assertThat(read.getBreaker().getMinimumCalls()).isEqualTo(5);
        assertThat(read.getBreaker().getWaitInOpenMs()).isEqualTo(10_000L);
        assertThat(read.getBreaker().getHalfOpenCalls()).isEqualTo(2);
        // providers update lays its flags over the stored provider as a file node: the policy must survive it
        ObjectNode node = ProviderView.toFileNode(read);
        assertThat(ProviderFile.provider(new Fields("command line", "", node)).getBreaker())
                .isEqualTo(read.getBreaker());
    }

    @Test
    void shouldSetTheBreakerPolicyFromTheCommandLine() {
        ProviderConfig base = ProviderFile.provider(new Fields("command line", "", (ObjectNode) new ObjectMapper()
                .valueToTree(Map.of(
                        "name",
                        "x",
                        "type",
                        "openai-compatible",
                        "endpoint",
                        "http://h/v1",
                        "models",
                        List.of(Map.of("model", "m"))))));
        ProviderOptions options = new ProviderOptions();
        new CommandLine(options)
                .parseArgs("--breaker-window", "8", "--breaker-failure-rate", "40", "--breaker-wait", "5s");
        ObjectNode node = ProviderView.toFileNode(base);
        options.applyTo(node);

        ProviderConfig updated = ProviderFile.provider(new Fields("command line", "", node));
        assertThat(updated.getBreaker().getSlidingWindowSize()).isEqualTo(8);
        assertThat(updated.getBreaker().getFailureRateThreshold()).isEqualTo(40f);
        assertThat(updated.getBreaker().getWaitInOpenMs()).isEqualTo(5_000L);
        assertThat(updated.getBreaker().getHalfOpenCalls())
                .as("not given: the default")
                .isEqualTo(5);
    }

    @Test
    void shouldRejectABreakerPolicyThatCannotWork() throws IOException {
        String provider = "name: x\ntype: openai-compatible\nendpoint: http://h/v1\nmodels: [{model: m}]\n";
        assertError(
                provider + "breaker: {failureRateThreshold: 150}\n",
                "p.yaml: breaker: failureRateThreshold must be a percentage above 0 and at most 100");
        assertError(provider + "breaker: {waitInOpen: 0s}\n", "waitInOpen must be a positive duration");
        assertError(provider + "breaker: {slidingWindowSize: 0}\n", "slidingWindowSize must be at least 1");
        assertError(provider + "breaker: {window: 10}\n", "p.yaml: breaker: unknown field 'window'");
    }

    @Test
    void shouldReadABatchBlockShowItAndKeepItThroughAnUpdate() throws IOException {
        Path file = Files.writeString(
                dir.resolve("p.yaml"),
                "name: x\ntype: openai\ncredential: {env: OPENAI_API_KEY}\nmodels: [{model: m}]\n"
                        + "batch: {discount: 0.5, turnaround: 24h, maxLines: 1000, maxBytes: 1000000, maxAge: 2m}\n");
        ProviderConfig read = ProviderFile.read(file).providers().get(0);

        assertThat(read.getBatch()).isNotNull();
        assertThat(read.getBatch().getDiscount()).isEqualTo(0.5);
        assertThat(read.getBatch().getTurnaroundMs()).isEqualTo(86_400_000L);
        assertThat(read.getBatch().getMaxLines()).isEqualTo(1000);
        assertThat(read.getBatch().getMaxBytes()).isEqualTo(1_000_000L);
        assertThat(read.getBatch().getMaxAgeMs()).isEqualTo(120_000L);
        StringWriter shown = new StringWriter();
        try (PrintWriter out = new PrintWriter(shown)) {
            ProviderView.details(out, read);
        }
        assertThat(shown.toString())
                .contains("batch          x:batch at 50% of the price, turnaround 24h; files of at most 1000 lines,"
                        + " 1000000 bytes, sent after 2m");
        ObjectNode node = ProviderView.toFileNode(read);
        assertThat(ProviderFile.provider(new Fields("command line", "", node)).getBatch())
                .isEqualTo(read.getBatch());
        Path defaults = Files.writeString(
                dir.resolve("d.yaml"),
                "name: y\ntype: openai\ncredential: {env: K}\nmodels: [{model: m}]\nbatch: {}\n");
        assertThat(ProviderFile.read(defaults).providers().get(0).getBatch())
                .as("every field defaulted")
                .isEqualTo(BatchEndpoint.newBuilder().build());
    }

    @Test
    void shouldRejectABatchBlockThatCannotWork() throws IOException {
        String provider = "name: x\ntype: openai\ncredential: {env: K}\nmodels: [{model: m}]\n";
        assertError(
                provider + "batch: {discount: 2}\n",
                "p.yaml: batch: discount must be the fraction of the realtime price a batch line costs");
        assertError(provider + "batch: {turnaround: 0s}\n", "turnaround must be a positive duration, e.g. 24h");
        assertError(provider + "batch: {turnaround: tomorrow}\n", "'tomorrow' is not a duration");
        assertError(provider + "batch: {window: 24h}\n", "p.yaml: batch: unknown field 'window'");
        assertError(provider + "batch: half\n", "batch must be an object");
    }

    @Test
    void shouldRefuseAnEndpointCarryingACredentialAndPointToTheCredentialKeys() throws IOException {
        String secret = "sk-file-endpoint-0042";
        assertError(
                "name: x\ntype: openai-compatible\nendpoint: http://h:8080/v1?api_key=" + secret
                        + "\nmodels: [{model: m}]\n",
                "p.yaml: endpoint has a query string");
        assertError(
                "providers:\n  - {name: x, type: openai-compatible, endpoint: 'http://me:" + secret
                        + "@h/v1', models: [{model: m}]}\n",
                "p.yaml: providers[0]: endpoint carries user info (user:password@)");
        assertError(
                "name: x\ntype: openai-compatible\nendpoint: http://h/v1?key=" + secret + "\nmodels: [{model: m}]\n",
                "credential: {env: VARIABLE}");
        Path file = Files.writeString(
                dir.resolve("p.yaml"),
                "name: x\ntype: openai-compatible\nendpoint: http://h/v1#" + secret + "\nmodels: [{model: m}]\n");
        assertThatThrownBy(() -> ProviderFile.read(file))
                .hasMessageContaining("endpoint has a fragment")
                .hasMessageNotContaining(secret);
    }

    private void assertError(String yaml, String message) throws IOException {
        Path file = Files.writeString(dir.resolve("p.yaml"), yaml);
        assertThatThrownBy(() -> ProviderFile.read(file))
                .isInstanceOf(CliException.class)
                .hasMessageContaining(message)
                .hasMessageNotContaining("sk-")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"))
                .satisfies(e -> assertThat(((CliException) e).exitCode()).isEqualTo(2));
    }
}
