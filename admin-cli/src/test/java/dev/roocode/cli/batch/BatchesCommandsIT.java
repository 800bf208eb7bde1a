package dev.roocode.cli.batch;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.roocode.cli.embedded.EmbeddedStack;
import dev.roocode.cli.testing.Cli;
import dev.roocode.cli.testing.Cli.Run;
import dev.roocode.schemas.batch.BatchOutputLine;
import dev.roocode.schemas.batch.BatchOutputReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * submit on one machine, batches and results commands on another: each machine is a {@link Cli}
 * with its own config folder, so the second has no local record of the batch and knows only what
 * the cluster holds.
 */
class BatchesCommandsIT {
    private static final Pattern PROGRESS = Pattern.compile("progress\\s+(\\d+)/(\\d+) jobs");
    private static final Pattern ETA = Pattern.compile("ETA\\s+(\\d+:\\d{2}(:\\d{2})?)\\n");

    @TempDir
    static Path dir;

    static EmbeddedStack stack;
    static Cli submitter;
    static Cli viewer;

    @BeforeAll
    static void start() throws Exception {
        // few simulator slots and slow models below, so a batch takes seconds and can be seen half done
        stack = EmbeddedStack.start(new EmbeddedStack.Options(dir.resolve("data"), 2, 4), step -> {});
        submitter = new Cli(dir.resolve("submitter")).cluster(stack.bootstrapServers(), stack.schemaRegistryUrl());
        viewer = new Cli(dir.resolve("viewer")).cluster(stack.bootstrapServers(), stack.schemaRegistryUrl());
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void shouldShowTotalAndEtaOfABatchSubmittedFromAnotherMachine() throws Exception {
        List<String> lines = new ArrayList<>();
        for (int i = 1; i <= 150; i++) {
            lines.add(line("job-" + i, "sim-latency-150"));
        }
        lines.add(2, "not json: not submitted, so not counted");
        Path input = Files.write(dir.resolve("slow.jsonl"), lines);
        String batchId = batchId(ok(submitter.run("submit", input.toString())).out());

        Run halfDone = await(batchId, "a batch half done", run -> {
            Matcher progress = PROGRESS.matcher(run.out());
            return progress.find() && Long.parseLong(progress.group(1)) < 150 && ETA.matcher(run.out()).find();
        });
        Matcher progress = PROGRESS.matcher(halfDone.out());
        assertThat(progress.find()).as(halfDone.toString()).isTrue();
        assertThat(progress.group(2)).as("total").isEqualTo("150");
        assertThat(halfDone.out()).containsPattern("rate\\s+\\d+\\.\\d jobs/s").doesNotContain("total unknown");

        Run done = await(batchId, "the batch done", run -> run.out().contains("progress     150/150 jobs (100%)"));
        assertThat(done.out()).contains("succeeded    150").contains("ETA          done").contains("served by    sim 150");
        assertThat(ok(viewer.run("batches", "list")).out()).containsPattern(Pattern.quote(batchId) + "\\s+150/150\\s+150\\s+0\\s+\\S+\\s+done");
        JsonNode json = new ObjectMapper().readTree(ok(viewer.run("batches", "show", batchId, "-o", "json")).out());
        assertThat(json.path("total").asLong()).isEqualTo(150);
        assertThat(json.path("done").asLong()).isEqualTo(150);
        assertThat(json.path("etaSeconds").asLong(-1)).isZero();
        assertThat(json.path("byProvider").path("sim").asLong()).isEqualTo(150);
        assertThat(dir.resolve("viewer").resolve("batches")).as("the viewer's local batch records").doesNotExist();
        System.out.println("--- batches show on a machine that did not submit, while it ran and when done:\n" + halfDone.out() + "\n" + done.out());
    }

    @Test
    void shouldExportResultsInInputLineOrderNotByCustomId() throws Exception {
        List<String> customIds = List.of("zulu", "alpha", "mike", "bravo-10", "bravo-9", "x-ray", "charlie");
        List<String> lines = new ArrayList<>();
        for (String customId : customIds) {
            lines.add(line(customId, "gpt-4o-mini"));
        }
        lines.add(3, "");
        lines.add(5, "{\"custom_id\":\"invalid\"}");
        Path input = Files.write(dir.resolve("unsorted.jsonl"), lines);
        Path waited = dir.resolve("waited.jsonl");
        Run submit = ok(submitter.run("submit", input.toString(), "--wait", "--out", waited.toString(), "--timeout", "120s", "--no-progress"));
        String batchId = batchId(submit.out());
        Path exported = dir.resolve("exported.jsonl");

        Run export = ok(viewer.run("results", "export", batchId, "--out", exported.toString()));

        assertThat(export.out()).contains("Wrote 7 results");
        List<String> exportedIds = BatchOutputReader.read(exported).stream().map(BatchOutputLine::customId).toList();
        assertThat(exportedIds).containsExactlyElementsOf(customIds);
        assertThat(BatchOutputReader.read(waited).stream().map(BatchOutputLine::customId).filter(customIds::contains).toList())
                .as("the order of submit --wait's output file").containsExactlyElementsOf(exportedIds);
        System.out.println("--- results export order: " + exportedIds);
    }

    private static Run await(String batchId, String what, java.util.function.Predicate<Run> until) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        Run show;
        do {
            show = viewer.run("batches", "show", batchId);
            if (show.exit() == 0 && until.test(show)) {
                return show;
            }
            Thread.sleep(300);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("never saw " + what + "; last:\n" + show);
    }

    private static String batchId(String out) {
        Matcher matcher = Pattern.compile("Submitted batch (\\S+):").matcher(out);
        assertThat(matcher.find()).as(out).isTrue();
        return matcher.group(1);
    }

    private static String line(String customId, String model) {
        return "{\"custom_id\":\"" + customId + "\",\"method\":\"POST\",\"url\":\"/v1/chat/completions\",\"body\":{\"model\":\"" + model
                + "\",\"messages\":[{\"role\":\"user\",\"content\":\"Say hi to " + customId + "\"}],\"max_tokens\":20}}";
    }

    private static Run ok(Run run) {
        assertThat(run.exit()).as(run.toString()).isZero();
        return run;
    }
}
