package dev.roocode.cli.top;

import dev.roocode.cli.common.CliException;
import dev.roocode.cli.common.DurationConverter;
import dev.roocode.cli.common.OutputOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code roocode top}. */
@Command(
        name = "top",
        mixinStandardHelpOptions = true,
        description = {
            "Show each provider's load live, refreshed every --interval: calls per second, p50/p99 latency, error share,",
            "429s per second, circuit breaker, tokens per second, cost per hour, calls in flight, and the backlog and",
            "largest partition lag of its dispatch topic. Read from the services' Prometheus /metrics endpoints: rates",
            "from counter increases between two scrapes, quantiles from the latency histogram's bucket increases.",
            "An endpoint that does not answer is one line naming it; the others are still shown.",
            ""
        },
        footer = {
            "",
            "Examples:",
            "  roocode top",
            "  roocode top --metrics http://proc-1:7071/metrics --metrics http://conn-1:7072/metrics --interval 2s",
            "  roocode top --once --output json",
            "",
            "Exit codes: 0 shown, 1 no endpoint answered (--once), 2 usage error."
        })
public final class TopCommand implements Callable<Integer> {
    /** The processor's metrics at its default http.port on this machine. */
    public static final String DEFAULT_PROCESSOR_METRICS = "http://localhost:7071/metrics";
    /** The connectors' metrics at their default http.port on this machine. */
    public static final String DEFAULT_CONNECTORS_METRICS = "http://localhost:7072/metrics";

    private static final String CLEAR_SCREEN = "\033[H\033[2J";

    @Spec
    CommandSpec spec;

    @Option(
            names = "--metrics",
            paramLabel = "URL",
            description = "A Prometheus metrics endpoint to read; repeatable (default: " + DEFAULT_PROCESSOR_METRICS
                    + " and " + DEFAULT_CONNECTORS_METRICS + ").")
    List<String> metrics = new ArrayList<>();

    @Option(
            names = "--interval",
            paramLabel = "DURATION",
            defaultValue = "5s",
            converter = DurationConverter.class,
            description = "Time between two scrapes, over which rates are computed (default: ${DEFAULT-VALUE}).")
    Duration interval;

    @Option(
            names = "--once",
            description = "Scrape twice, --interval apart, print one view and exit (with --output json: for scripts).")
    boolean once;

    /** Stops the live view after this many views (tests). */
    @Option(names = "--frames", hidden = true)
    int frames;

    @Mixin
    OutputOptions output;

    @Override
    public Integer call() throws InterruptedException {
        List<String> urls =
                metrics.isEmpty() ? List.of(DEFAULT_PROCESSOR_METRICS, DEFAULT_CONNECTORS_METRICS) : metrics;
        for (String url : urls) {
            if (!url.startsWith("http://") && !url.startsWith("https://")) {
                throw CliException.usage("--metrics '" + url + "' is not an http:// or https:// URL");
            }
        }
        if (interval.isZero()) {
            throw CliException.usage("--interval must be more than 0");
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        HttpClient http = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(2))
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
        List<Scrape> before = scrapeAll(http, urls);
        if (once) {
            Thread.sleep(interval.toMillis());
            List<Scrape> after = scrapeAll(http, urls);
            List<String> errors = errors(after);
            errors.forEach(err::println);
            err.flush();
            if (errors.size() == urls.size()) {
                throw CliException.failure("no metrics endpoint answered");
            }
            print(out, ProviderRates.compute(before, after), after, false);
            return 0;
        }
        for (int shown = 0; frames <= 0 || shown < frames; shown++) {
            Thread.sleep(interval.toMillis());
            List<Scrape> after = scrapeAll(http, urls);
            print(out, ProviderRates.compute(before, after), after, System.console() != null && output.text());
            errors(after).forEach(out::println);
            out.flush();
            before = after;
        }
        return 0;
    }

    private void print(PrintWriter out, List<ProviderRow> rows, List<Scrape> after, boolean clear) {
        Instant at = after.get(0).at();
        if (!output.text()) {
            output.print(out, TopView.json(rows, at, interval));
            return;
        }
        out.print((clear ? CLEAR_SCREEN : "") + TopView.table(rows, at, interval));
        out.flush();
    }

    private static List<String> errors(List<Scrape> scrapes) {
        return scrapes.stream()
                .filter(s -> !s.ok())
                .map(s -> "cannot read metrics from " + s.url() + ": " + s.error())
                .toList();
    }

    private static List<Scrape> scrapeAll(HttpClient http, List<String> urls) throws InterruptedException {
        List<Scrape> scrapes = new ArrayList<>();
        for (String url : urls) {
            scrapes.add(scrape(http, url));
        }
        return scrapes;
    }

    static Scrape scrape(HttpClient http, String url) throws InterruptedException {
        try {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(URI.create(url))
                            .timeout(Duration.ofSeconds(5))
                            .header("Accept", "text/plain")
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                return Scrape.failed(url, Instant.now(), "HTTP " + response.statusCode());
            }
            return Scrape.of(url, Instant.now(), response.body());
        } catch (HttpTimeoutException e) {
            return Scrape.failed(url, Instant.now(), "no answer within 5 s");
        } catch (IOException | IllegalArgumentException e) {
            String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            if (e instanceof ConnectException) {
                reason = "connection refused (is the service running, and is this its http.port?)";
            }
            return Scrape.failed(
                    url, Instant.now(), reason.replaceAll("\\s+", " ").strip());
        }
    }
}
