package dev.roocode.schemas.batch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roocode.schemas.avro.JobKind;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The files in the repository's examples/ folder must stay runnable. */
class ExamplesTest {
    private static final Path EXAMPLES = Path.of("..", "examples");
    private static final Instant NOW = Instant.parse("2026-11-25T16:00:00Z");

    @Test
    void summarizeExampleShouldDecodeToChatAndEmbeddingJobs() throws Exception {
        List<DecodedLine> lines = BatchFileReader.read(EXAMPLES.resolve("summarize.jsonl"), "example", NOW);

        assertThat(lines).hasSize(12).allSatisfy(l -> assertThat(l).as("%s", l).isInstanceOf(DecodedLine.Valid.class));
        List<DecodedLine.Valid> jobs =
                lines.stream().map(DecodedLine.Valid.class::cast).toList();
        assertThat(jobs)
                .filteredOn(v -> v.job().getKind() == JobKind.CHAT)
                .hasSize(8)
                .allSatisfy(v -> assertThat(v.customId()).startsWith("summary-"));
        assertThat(jobs)
                .filteredOn(v -> v.job().getKind() == JobKind.EMBEDDING)
                .hasSize(4)
                .allSatisfy(v -> assertThat(v.job().getModel()).isEqualTo("text-embedding-3-small"));
    }

    @Test
    void makeBatchScriptShouldWriteTenThousandValidUniqueLines(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(
                Files.isExecutable(Path.of("/bin/bash")) || Files.isExecutable(Path.of("/usr/bin/bash")),
                "bash is needed to run examples/make-batch.sh");
        Path out = dir.resolve("generated.jsonl");
        Process process = new ProcessBuilder(
                        "bash", EXAMPLES.resolve("make-batch.sh").toString(), "10000", out.toString())
                .redirectErrorStream(true)
                .start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String log = new String(process.getInputStream().readAllBytes());
        assertThat(process.exitValue()).as(log).isZero();

        long[] counts = new long[2];
        long lines;
        try (InputStream in = Files.newInputStream(out)) {
            lines = BatchFileReader.forEach(in, "gen", NOW, l -> {
                assertThat(l).as("%s", l).isInstanceOf(DecodedLine.Valid.class);
                counts[((DecodedLine.Valid) l).job().getKind() == JobKind.CHAT ? 0 : 1]++;
            });
        }

        assertThat(lines).isEqualTo(10_000);
        assertThat(counts).containsExactly(7_500, 2_500);
    }
}
