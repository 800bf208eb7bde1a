package dev.roocode.bench;

import dev.roocode.bench.report.Figure;
import dev.roocode.bench.report.Report;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;

/**
 * {@code BenchMain <scenario> [--key=value ...]}: runs one scenario and writes its report (report.md,
 * report.json, chart.svg, logs/) under {@code bench/results/<timestamp>-<scenario>/} (or {@code --out=DIR}).
 * Exit code 0 when it ran (targets missed are reported, not failed), 1 when it could not run, 2 for usage
 * (an unknown scenario, an option not in {@code --key=value} form or with a bad value); {@code --help} lists the
 * scenarios.
 */
public final class BenchMain {
    private BenchMain() {}

    /** Removes the broker's and the Streams apps' data (gigabytes after a long run); logs stay. */
    private static void deleteData(Path data) throws IOException {
        for (String part : new String[] {"kafka", "processor-state", "floor-state"}) {
            Path root = data.resolve(part);
            if (Files.exists(root)) {
                try (var paths = Files.walk(root)) {
                    paths.sorted(Comparator.reverseOrder())
                            .forEach(p -> p.toFile().delete());
                }
            }
        }
    }

    private static void usage(PrintStream out) {
        out.println("usage: bench/run <scenario> [--key=value ...]\nscenarios:");
        Scenarios.ALL.forEach(s -> out.printf("  %-12s %s%n", s.name(), s.description()));
        out.println("common options: --warmup=N --jobs=N --partitions=N --window=N --out=DIR --keep-data=true");
        out.println("each scenario's own options, defaults and targets: docs/benchmarks.md");
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && List.of("--help", "-h", "help").contains(args[0])) {
            usage(System.out);
            System.exit(0);
        }
        if (args.length == 0 || Scenarios.named(args[0]).isEmpty()) {
            if (args.length > 0) {
                System.err.println("bench: unknown scenario '" + args[0] + "'");
            }
            usage(System.err);
            System.exit(2);
        }
        Scenario scenario = Scenarios.named(args[0]).orElseThrow();
        BenchOptions options;
        try {
            options = BenchOptions.parse(args, 1);
        } catch (BenchOptions.BadOption e) {
            System.err.println("bench: " + e.getMessage()
                    + " (bench/run --help lists the scenarios; docs/benchmarks.md their options)");
            System.exit(2);
            return;
        }
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        Path dir = Path.of(options.string("out", "bench/results/" + stamp + "-" + scenario.name()))
                .toAbsolutePath();
        Report report = new Report(scenario.name(), "bench/run " + String.join(" ", args), options.used());
        BenchContext context = new BenchContext(options, dir, report);
        int exit = 0;
        try {
            scenario.run(context);
        } catch (BenchOptions.BadOption e) { // a bad option value, read by the scenario: no stack trace
            report.note("the run failed: " + e.getMessage());
            System.err.println("bench: " + e.getMessage());
            exit = 2;
        } catch (Exception e) {
            report.note("the run failed: " + e);
            e.printStackTrace();
            exit = 1;
        }
        if (!options.unread().isEmpty()) {
            report.note("options given but not used by this scenario: " + options.unread());
        }
        if (!"true".equals(options.string("keep-data", "false"))) {
            deleteData(dir.resolve("data"));
        }
        report.write(dir);
        for (Figure f : report.figures()) {
            System.out.printf(
                    "%-60s %10.1f %-6s vs %s %10.1f  ratio %.2f %s%n",
                    f.name(),
                    f.value(),
                    f.unit(),
                    f.baselineName(),
                    f.baseline(),
                    f.ratio(),
                    f.met() == null ? "" : (f.met() ? "target met" : "TARGET MISSED (" + f.target() + ")"));
        }
        report.rows().forEach(row -> System.out.println(row));
        System.out.println("report: " + dir.resolve("report.md"));
        System.exit(exit);
    }
}
