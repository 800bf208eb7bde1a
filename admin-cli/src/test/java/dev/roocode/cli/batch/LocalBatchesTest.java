package dev.roocode.cli.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** This machine's record of submitted batches, and which earlier batch a submit of the same content resumes. */
class LocalBatchesTest {
    private static final Instant T0 = Instant.parse("2026-12-06T20:00:00Z");

    @TempDir
    Path dir;

    @Test
    void shouldFindTheLatestSubmissionOfTheSameContentWhateverTheFileIsCalled() throws Exception {
        Path a = Files.writeString(dir.resolve("a.jsonl"), "same lines\n");
        Path b = Files.writeString(dir.resolve("renamed.jsonl"), "same lines\n");
        Path other = Files.writeString(dir.resolve("other.jsonl"), "other lines\n");
        LocalBatches local = new LocalBatches(dir.resolve("config"));
        local.remember(new LocalBatches.Submitted("batch_old", 1, 0, a.toString(), LocalBatches.sha256(a), T0, true));
        local.remember(new LocalBatches.Submitted(
                "batch_new", 1, 0, a.toString(), LocalBatches.sha256(a), T0.plusSeconds(60), false));
        local.remember(new LocalBatches.Submitted(
                "batch_other", 1, 0, other.toString(), LocalBatches.sha256(other), T0.plusSeconds(120), false));

        assertThat(LocalBatches.sha256(b)).isEqualTo(LocalBatches.sha256(a)).isNotEqualTo(LocalBatches.sha256(other));
        assertThat(local.latestWithContent(LocalBatches.sha256(b)))
                .get()
                .satisfies(s -> assertThat(s.batchId()).isEqualTo("batch_new"))
                .satisfies(s -> assertThat(s.uploaded()).isFalse())
                .satisfies(s -> assertThat(s.submittedAt()).isEqualTo(T0.plusSeconds(60)));
        assertThat(local.latestWithContent("0".repeat(64))).isEmpty();
    }

    @Test
    void shouldReadARecordOfAnOlderVersionAsUploadedAndNeverOfferItForResume() throws Exception {
        Path records = Files.createDirectories(dir.resolve("config").resolve("batches"));
        Files.writeString(
                records.resolve("batch_1.properties"),
                "jobs=12\ninvalid=1\ninput=/tmp/x.jsonl\n",
                StandardCharsets.UTF_8);
        LocalBatches local = new LocalBatches(dir.resolve("config"));

        assertThat(local.find("batch_1")).get().satisfies(s -> {
            assertThat(s.jobs()).isEqualTo(12);
            assertThat(s.uploaded()).isTrue();
            assertThat(s.sha256()).isEmpty();
        });
        assertThat(local.latestWithContent("")).isEmpty();
    }

    @Test
    void shouldResumeAnUnfinishedBatchUnlessToldOtherwiseAndNeverAFinishedOneUnasked() {
        LocalBatches.Submitted previous = new LocalBatches.Submitted("batch_1", 10, 0, "x.jsonl", "ab", T0, false);

        assertThat(SubmitCommand.choose(previous, false, false, false)).isEqualTo(SubmitCommand.Choice.ASK);
        assertThat(SubmitCommand.choose(previous, true, false, false)).isEqualTo(SubmitCommand.Choice.NEW);
        assertThat(SubmitCommand.choose(previous, true, true, false)).isEqualTo(SubmitCommand.Choice.RESUME);
        assertThat(SubmitCommand.choose(previous, false, false, true)).isEqualTo(SubmitCommand.Choice.NEW);
        assertThat(SubmitCommand.choose(null, false, false, false)).isEqualTo(SubmitCommand.Choice.NEW);
    }
}
