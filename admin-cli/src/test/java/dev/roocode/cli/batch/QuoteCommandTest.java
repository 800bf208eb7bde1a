package dev.roocode.cli.batch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roocode.cli.testing.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code roocode quote} priced from a providers file, with no cluster anywhere. */
class QuoteCommandTest {
    @TempDir
    Path dir;

    private Cli cli;
    private Path providers;

    @BeforeEach
    void setUp() throws Exception {
        // a cluster that cannot answer: any attempt to contact it fails the command
        cli = new Cli(dir.resolve("config")).cluster("127.0.0.1:1", "http://127.0.0.1:1");
        providers = Files.writeString(
                dir.resolve("providers.yaml"),
                String.join(
                        "\n",
                        "providers:",
                        "  - name: cheap",
                        "    type: openai-compatible",
                        "    endpoint: http://localhost:8000/v1",
                        "    models:",
                        "      - {model: gpt-4o-mini, inputPrice: 0, outputPrice: 1000}",
                        "      - {model: big, inputPrice: 0, outputPrice: 1000}",
                        "  - name: pricey",
                        "    type: openai-compatible",
                        "    endpoint: http://localhost:8001/v1",
                        "    models:",
                        "      - {model: big, inputPrice: 0, outputPrice: 5000}",
                        "routes:",
                        "  - {model: big, strategy: priority, candidates: [pricey]}",
                        ""));
    }

    @Test
    void shouldPriceAFileFromAProvidersFileAndItsRoutesWithNoCluster() throws Exception {
        Path input = Files.writeString(
                dir.resolve("jobs.jsonl"),
                String.join("\n", line("a", "gpt-4o-mini"), line("b", "gpt-4o-mini"), line("c", "big"), "not json")
                        + "\n");

        Cli.Run run =
                cli.run("quote", input.toString(), "--providers", providers.toString(), "--request-timeout", "1s");

        assertThat(run.exit()).as(run.toString()).isZero();
        assertThat(run.out())
                .contains("Quote for " + input + ": 3 jobs (1 invalid lines not counted)")
                .containsPattern("cheap\\s+2\\s+0\\.200000")
                .containsPattern("pricey\\s+1\\s+0\\.500000")
                .contains("Estimated cost: $0.700000")
                .contains("Estimated finish: in ");
    }

    @Test
    void shouldNotAssumeTheSimulatorForAModelTheFileDoesNotOffer() throws Exception {
        Path input = Files.writeString(dir.resolve("other.jsonl"), line("x", "claude-3-haiku") + "\n");

        Cli.Run run = cli.run("quote", input.toString(), "--providers", providers.toString());

        assertThat(run.exit()).as(run.toString()).isEqualTo(1);
        assertThat(run.out())
                .contains("Rejected: 1 job(s)")
                .contains("x: NO_ROUTE")
                .doesNotContain("sim");
        assertThat(run.err()).contains("1 job(s) would be rejected").doesNotContain("Exception");
    }

    @Test
    void shouldSayInOneLineThatNoClusterIsConfiguredWithoutProvidersFile() throws Exception {
        Path input = Files.writeString(dir.resolve("jobs.jsonl"), line("a", "gpt-4o-mini") + "\n");

        Cli.Run run = new Cli(dir.resolve("fresh-config")).run("quote", input.toString());

        assertThat(run.exit()).as(run.toString()).isEqualTo(2);
        assertThat(run.err()).contains("no Kafka cluster configured").doesNotContain("Exception");
        assertThat(run.err().strip().lines()).hasSize(1);
    }

    @Test
    void shouldNameABadProvidersFileInOneLine() throws Exception {
        Path input = Files.writeString(dir.resolve("jobs.jsonl"), line("a", "gpt-4o-mini") + "\n");
        Path bad = Files.writeString(dir.resolve("bad.yaml"), "providers:\n  - name: p\n    type: nope\n");

        Cli.Run run = cli.run("quote", input.toString(), "--providers", bad.toString());

        assertThat(run.exit()).as(run.toString()).isEqualTo(2);
        assertThat(run.err())
                .contains("bad.yaml")
                .contains("unknown provider type 'nope'")
                .doesNotContain("Exception");
    }

    @Test
    void shouldShowTheRealtimeAndTheBatchPlanSideBySideWithTheirCosts() throws Exception {
        Path batchProviders = Files.writeString(
                dir.resolve("batch.yaml"),
                String.join(
                        "\n",
                        "providers:",
                        "  - name: openai",
                        "    type: openai",
                        "    credential: {env: OPENAI_API_KEY}",
                        "    models:",
                        "      - {model: gpt-4o-mini, inputPrice: 0, outputPrice: 1000}",
                        "    batch: {discount: 0.5, turnaround: 24h}",
                        ""));
        Path input = Files.writeString(
                dir.resolve("jobs.jsonl"),
                String.join("\n", line("a", "gpt-4o-mini"), line("b", "gpt-4o-mini")) + "\n");

        Cli.Run soon = cli.run("quote", input.toString(), "--providers", batchProviders.toString(), "--deadline", "1h");
        Cli.Run later =
                cli.run("quote", input.toString(), "--providers", batchProviders.toString(), "--deadline", "26h");

        assertThat(soon.exit()).as(soon.toString()).isZero();
        assertThat(soon.out())
                .contains("REALTIME JOBS")
                .containsPattern("openai\\s+2\\s+0\\.200000\\s+2\\s+0\\.200000")
                .contains("Estimated cost: $0.200000 with batch, $0.200000 realtime only (0.0% less)")
                .contains("Batch: 0 of 2 jobs, whose deadlines leave the batch turnaround + 30m margin");
        assertThat(later.exit()).as(later.toString()).isZero();
        assertThat(later.out())
                .containsPattern("openai\\s+2\\s+0\\.200000\\s+0\\s+0\\.000000")
                .containsPattern("openai:batch\\s+0\\s+0\\.000000\\s+2\\s+0\\.100000")
                .contains("Estimated cost: $0.100000 with batch, $0.200000 realtime only (50.0% less)")
                .contains("Batch: 2 of 2 jobs")
                .contains("Estimated finish: in 24:00:00");
    }

    private static String line(String customId, String model) {
        return "{\"custom_id\":\"" + customId
                + "\",\"method\":\"POST\",\"url\":\"/v1/chat/completions\",\"body\":{\"model\":\"" + model
                + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"max_tokens\":100}}";
    }
}
