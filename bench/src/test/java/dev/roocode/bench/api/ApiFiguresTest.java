package dev.roocode.bench.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApiFiguresTest {
    @TempDir
    Path dir;

    @Test
    void shouldDivideLinesByElapsedSeconds() {
        assertThat(ApiFigures.jobsPerSecond(10_000, Duration.ofMillis(12_500))).isCloseTo(800.0, within(1e-9));
        assertThat(ApiFigures.jobsPerSecond(10_000, Duration.ZERO)).isNaN();
    }

    @Test
    void shouldReadTheJobsPerSecondRoocodeRunPrints() {
        String output = "Starting embedded Roocode ...\nprogress: 5000/10000 (50%) 700.0 jobs/s ETA 7s\n\n"
                + "Batch b-7f3a: 10000 lines in 12.3 s (813.0 jobs/s)\n  succeeded  10000\n";

        assertThat(ApiFigures.runJobsPerSecond(output)).hasValue(813.0);
        assertThat(ApiFigures.runJobsPerSecond("roocode: cannot start")).isEmpty();
    }

    @Test
    void shouldScheduleOpenLoopRequestsEvenlyAtTheRate() {
        assertThat(ApiFigures.dueNanos(1_000, 0, 50)).isEqualTo(1_000);
        assertThat(ApiFigures.dueNanos(1_000, 1, 50)).isEqualTo(1_000 + 20_000_000);
        assertThat(ApiFigures.dueNanos(0, 50, 50)).isEqualTo(1_000_000_000L);
    }

    @Test
    void shouldTakeNearestRankPercentilesInMilliseconds() {
        long[] nanos = new long[100];
        for (int i = 0; i < 100; i++) {
            nanos[99 - i] = (i + 1) * 1_000_000L; // 1..100 ms, unsorted
        }

        assertThat(ApiFigures.percentileMs(nanos, 0.5)).isEqualTo(50.0);
        assertThat(ApiFigures.percentileMs(nanos, 0.99)).isEqualTo(99.0);
        assertThat(ApiFigures.percentileMs(new long[] {7_500_000L}, 0.99)).isEqualTo(7.5);
        assertThat(ApiFigures.percentileMs(new long[0], 0.5)).isNaN();
    }

    @Test
    void shouldMatchOutputLinesByCustomIdIgnoringIdsAndTimestamps() {
        List<String> api = List.of(
                line("a", 200, "hello", "chatcmpl-1", 100),
                line("b", 200, "world", "chatcmpl-2", 101),
                line("c", 400, "", "x", 1));
        List<String> run = List.of(
                line("b", 200, "world", "chatcmpl-9", 999),
                line("a", 200, "hello", "chatcmpl-8", 998),
                line("d", 200, "extra", "chatcmpl-7", 997));

        ApiFigures.Comparison same = ApiFigures.compare(api, run);

        assertThat(same.matching()).isEqualTo(2);
        assertThat(same.identical()).isFalse();
        assertThat(same.differences())
                .containsExactlyInAnyOrder("c: only in the API's output", "d: only in roocode run's output");
        assertThat(ApiFigures.compare(run.subList(0, 2), api.subList(0, 2)).identical())
                .isTrue();
    }

    @Test
    void shouldReportAChangedAnswerAsADifference() {
        ApiFigures.Comparison same =
                ApiFigures.compare(List.of(line("a", 200, "hello", "1", 1)), List.of(line("a", 200, "bye", "1", 1)));

        assertThat(same.matching()).isZero();
        assertThat(same.differences()).singleElement().asString().startsWith("a: 200 hello");
    }

    @Test
    void shouldWriteOneChatLinePerJobWithDistinctCustomIds() throws Exception {
        Path file = ApiScenario.writeBatchFile(dir.resolve("in.jsonl"), 3);

        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(3);
        assertThat(lines.get(2))
                .contains("\"custom_id\":\"api-2\"")
                .contains("\"url\":\"/v1/chat/completions\"")
                .contains("\"model\":\"gpt-4o-mini\"");
    }

    private static String line(String customId, int status, String content, String id, long created) {
        return "{\"id\":\"batch_req_" + id + "\",\"custom_id\":\"" + customId + "\",\"response\":{\"status_code\":"
                + status + ",\"request_id\":\"" + id + "\",\"body\":{\"id\":\"" + id + "\",\"created\":" + created
                + ",\"choices\":[{\"message\":{\"role\":\"assistant\",\"content\":\"" + content + "\"}}]}},"
                + "\"error\":null}";
    }
}
