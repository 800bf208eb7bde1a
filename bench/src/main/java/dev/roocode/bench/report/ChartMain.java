package dev.roocode.bench.report;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.roocode.bench.load.Measurement;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** {@code ChartMain <results dir>...}: draws chart.svg again from each run's report.json (after a chart change). */
public final class ChartMain {
    private ChartMain() {}

    public static void main(String[] args) throws Exception {
        ObjectMapper json = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
        for (String arg : args) {
            Path dir = Path.of(arg);
            JsonNode report = json.readTree(dir.resolve("report.json").toFile());
            List<Measurement> phases = new ArrayList<>();
            for (JsonNode phase : report.get("phases")) {
                phases.add(json.treeToValue(phase, Measurement.class));
            }
            Files.writeString(
                    dir.resolve("chart.svg"),
                    SvgChart.render(
                            report.get("scenario").asText() + " — "
                                    + report.get("started").asText(),
                            phases));
        }
    }
}
