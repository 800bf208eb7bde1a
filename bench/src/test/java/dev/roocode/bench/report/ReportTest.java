package dev.roocode.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roocode.bench.load.Measurement;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportTest {
    @TempDir
    Path dir;

    @Test
    void shouldWriteFiguresAsRatiosWithTheMachineAndAChart() throws Exception {
        Report report = new Report("e2e", "bench/run e2e --jobs=10", Map.of("jobs", 10));
        report.figure(Figure.atLeast("jobs/s at max rate", "jobs/s", 2000, "floor", 5000, 0.5));
        report.figure(Figure.atMost("p99 ms, 50% load", "ms", 300, "floor", 200, 2.0));
        report.phase(new Measurement(
                "roocode max",
                10,
                9,
                1,
                0,
                100,
                90,
                12,
                40,
                41,
                List.of(new Measurement.Point(0, 5, 10, 20), new Measurement.Point(1, 4, 30, 40)),
                0));

        report.write(dir);

        String md = Files.readString(dir.resolve("report.md"));
        assertThat(md)
                .contains("bench/run e2e --jobs=10")
                .contains("| jobs/s at max rate | 2000 jobs/s | floor: 5000 | 0.40 | ratio ≥ 0.5 | **no** |")
                .contains("| p99 ms, 50% load | 300 ms | floor: 200 | 1.50 | ratio ≤ 2.0 | yes |")
                .contains("CPUs")
                .contains("Load average")
                .contains("| roocode max | 10 | 9 | 1 | 1 |");
        assertThat(Files.readString(dir.resolve("report.json")))
                .contains("\"ratio\" : 0.4")
                .contains("\"loadAverageAtEnd\"");
        assertThat(Files.readString(dir.resolve("chart.svg")))
                .startsWith("<svg")
                .contains("polyline")
                .contains("roocode max");
    }
}
