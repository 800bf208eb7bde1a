package dev.roocode.bench.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.roocode.bench.load.Measurement;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a scenario found: figures (each a ratio to a baseline of the same run), the phases measured, tables
 * (reliability cases) and notes, plus the machine and its load. Written as report.md, report.json and
 * chart.svg in the run's folder.
 */
public final class Report {
    private final String scenario;
    private final String command;
    private final Map<String, Object> options;
    private final Machine machineAtStart = Machine.now();
    private final Instant started = Instant.now();
    private final List<Figure> figures = new ArrayList<>();
    private final List<Measurement> phases = new ArrayList<>();
    private final List<Map<String, Object>> rows = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private final List<String> loadSamples = new ArrayList<>();
    private final Map<String, Map<String, Double>> cpuPerJob = new LinkedHashMap<>();

    public Report(String scenario, String command, Map<String, Object> options) {
        this.scenario = scenario;
        this.command = command;
        this.options = options; // live: scenarios read (and so record) their options after the report exists
    }

    public void figure(Figure figure) {
        figures.add(figure);
    }

    /** Adds a measured phase (it appears in the phase table and the chart). */
    public Measurement phase(Measurement measurement) {
        phases.add(measurement);
        loadSamples.add(measurement.label() + ": " + Machine.currentLoadAverage());
        return measurement;
    }

    /** CPU microseconds per job of each process during a phase (see {@code Cluster#cpu()}). */
    public void cpuPerJob(String phase, Map<String, Double> microsPerJob) {
        cpuPerJob.put(phase, new LinkedHashMap<>(microsPerJob));
    }

    public Map<String, Double> cpuPerJobOf(String phase) {
        return cpuPerJob.getOrDefault(phase, Map.of());
    }

    /** A row of the case table (reliability); keys become columns in insertion order. */
    public void row(Map<String, Object> row) {
        rows.add(new LinkedHashMap<>(row));
    }

    public void note(String note) {
        notes.add(note);
    }

    public List<Figure> figures() {
        return figures;
    }

    public List<Map<String, Object>> rows() {
        return rows;
    }

    public void write(Path dir) throws IOException {
        Files.createDirectories(dir);
        Machine atEnd = Machine.now();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("scenario", scenario);
        json.put("command", command);
        json.put("started", started.toString());
        json.put("finished", Instant.now().toString());
        json.put("machine", machineAtStart);
        json.put("loadAverageAtEnd", atEnd.loadAverage());
        json.put("loadAverageAfterPhases", loadSamples);
        json.put("options", options);
        json.put(
                "figures",
                figures.stream()
                        .map(f -> {
                            Map<String, Object> m = new LinkedHashMap<>();
                            m.put("name", f.name());
                            m.put("unit", f.unit());
                            m.put("value", f.value());
                            m.put("baselineName", f.baselineName());
                            m.put("baseline", f.baseline());
                            m.put("ratio", f.ratio());
                            m.put("target", f.target());
                            m.put("met", f.met());
                            return m;
                        })
                        .toList());
        json.put("phases", phases);
        json.put("cpuMicrosPerJob", cpuPerJob);
        json.put("cases", rows);
        json.put("notes", notes);
        new ObjectMapper()
                .enable(SerializationFeature.INDENT_OUTPUT)
                .writeValue(dir.resolve("report.json").toFile(), json);
        if (!phases.isEmpty()) {
            Files.writeString(dir.resolve("chart.svg"), SvgChart.render(scenario + " — " + started, phases));
        }
        Files.writeString(dir.resolve("report.md"), markdown(atEnd));
    }

    private String markdown(Machine atEnd) {
        StringBuilder md = new StringBuilder();
        md.append("# Benchmark `")
                .append(scenario)
                .append("` — ")
                .append(started)
                .append("\n\n");
        md.append("Reproduce: `").append(command).append("`\n\n");
        md.append(String.format(
                Locale.ROOT,
                "Machine: %d CPUs, %d MiB, %s, %s. Load average (1/5/15 min) at start %s, at end %s.%n%n",
                machineAtStart.cpus(),
                machineAtStart.memoryMb(),
                machineAtStart.jdk(),
                machineAtStart.os(),
                machineAtStart.loadAverage(),
                atEnd.loadAverage()));
        md.append("Options: ").append(options).append("\n\n");
        if (!figures.isEmpty()) {
            md.append("## Figures (ratio to a baseline of the same run)\n\n");
            md.append("| figure | value | baseline | ratio | target | met |\n|---|---:|---:|---:|---|---|\n");
            for (Figure f : figures) {
                md.append(String.format(
                        Locale.ROOT,
                        "| %s | %s %s | %s: %s | %.2f | %s | %s |%n",
                        f.name(),
                        num(f.value()),
                        f.unit(),
                        f.baselineName(),
                        num(f.baseline()),
                        f.ratio(),
                        f.target(),
                        f.met() == null ? "" : f.met() ? "yes" : "**no**"));
            }
            md.append('\n');
        }
        if (!rows.isEmpty()) {
            md.append("## Cases\n\n");
            List<String> columns = new ArrayList<>(rows.get(0).keySet());
            md.append("| ").append(String.join(" | ", columns)).append(" |\n|");
            columns.forEach(c -> md.append("---|"));
            md.append('\n');
            for (Map<String, Object> row : rows) {
                md.append("| ");
                for (String c : columns) {
                    Object v = row.get(c);
                    md.append(v instanceof Double d ? num(d) : String.valueOf(v))
                            .append(" | ");
                }
                md.append('\n');
            }
            md.append('\n');
        }
        if (!phases.isEmpty()) {
            md.append("## Phases\n\n![throughput and latency over time](chart.svg)\n\n");
            md.append(
                    "| phase | sent | answered | lost | dup answers | offered/s | sent/s | answered/s | p50 ms | p99 ms | max ms |\n");
            md.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
            for (Measurement m : phases) {
                md.append(String.format(
                        Locale.ROOT,
                        "| %s | %d | %d | %d | %d | %s | %s | %s | %s | %s | %s |%n",
                        m.label(),
                        m.sent(),
                        m.received(),
                        m.lost(),
                        m.duplicates(),
                        m.offeredRate() == 0 ? "max" : num(m.offeredRate()),
                        num(m.sendRate()),
                        num(m.throughput()),
                        num(m.p50Ms()),
                        num(m.p99Ms()),
                        num(m.maxMs())));
            }
            md.append("\nLoad average after each phase: ")
                    .append(String.join("; ", loadSamples))
                    .append("\n\n");
        }
        if (!cpuPerJob.isEmpty()) {
            md.append("## CPU per job (µs, user + system, per process)\n\n");
            md.append(
                            "CPU time is far less sensitive than throughput to other work on a shared machine: when the machine is busy, ")
                    .append("compare these.\n\n");
            List<String> processes = new ArrayList<>();
            cpuPerJob
                    .values()
                    .forEach(m -> m.keySet().forEach(k -> {
                        if (!processes.contains(k)) processes.add(k);
                    }));
            md.append("| phase | ").append(String.join(" | ", processes)).append(" |\n|---|");
            processes.forEach(p -> md.append("---:|"));
            md.append('\n');
            cpuPerJob.forEach((phase, m) -> {
                md.append("| ").append(phase).append(" | ");
                processes.forEach(
                        p -> md.append(m.containsKey(p) ? num(m.get(p)) : "").append(" | "));
                md.append('\n');
            });
            md.append('\n');
        }
        if (!notes.isEmpty()) {
            md.append("## Notes\n\n");
            notes.forEach(n -> md.append("- ").append(n).append('\n'));
        }
        return md.toString();
    }

    static String num(double value) {
        if (Double.isNaN(value)) {
            return "n/a";
        }
        return Math.abs(value) >= 100
                ? String.format(Locale.ROOT, "%.0f", value)
                : String.format(Locale.ROOT, "%.2f", value);
    }
}
