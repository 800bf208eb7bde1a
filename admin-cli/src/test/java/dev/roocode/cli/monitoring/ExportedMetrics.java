package dev.roocode.cli.monitoring;

import dev.roocode.connectors.metrics.ProviderMeters;
import dev.roocode.connectors.metrics.WorkerMetrics;
import dev.roocode.processor.metrics.ProcessorMetrics;
import dev.roocode.schemas.avro.BreakerState;
import dev.roocode.schemas.avro.ErrorClass;
import dev.roocode.schemas.avro.JobKind;
import dev.roocode.schemas.avro.ProviderOutput;
import dev.roocode.schemas.avro.Result;
import dev.roocode.schemas.avro.ResultStatus;
import dev.roocode.schemas.avro.Usage;
import dev.roocode.schemas.metrics.ServiceMetrics;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metric names the services export, read from a real registry: the processor's and the connectors' meter
 * classes record one of everything into a service's Prometheus registry (JVM meters included), and the names are
 * taken from its scrape. So a renamed meter changes this set, and a dashboard or rule naming the old one fails.
 */
final class ExportedMetrics {
    /** Series Prometheus makes itself for every target. */
    static final Set<String> PROMETHEUS_OWN = Set.of("up", "scrape_duration_seconds", "scrape_samples_scraped");

    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)[{ ]", Pattern.MULTILINE);

    private ExportedMetrics() {}

    static Set<String> names() {
        try (ServiceMetrics metrics = ServiceMetrics.prometheus(50)) {
            ProcessorMetrics processor = new ProcessorMetrics(metrics);
            processor.accepted("acme");
            processor.routed("p", "m");
            processor.deferred(ProcessorMetrics.DEFERRED_COST_WINDOW);
            processor.rejected(ErrorClass.NO_ROUTE);
            processor.deadLetter(ErrorClass.INVALID_JOB);
            processor.result(
                    Result.newBuilder()
                            .setRequestId("r1")
                            .setStatus(ResultStatus.SUCCEEDED)
                            .setKind(JobKind.CHAT)
                            .setProvider("p")
                            .setProviderModel("m")
                            .setOutput(ProviderOutput.newBuilder()
                                    .setUsage(Usage.newBuilder()
                                            .setInputTokens(1)
                                            .setOutputTokens(1)
                                            .setTotalTokens(2)
                                            .build())
                                    .build())
                            .setCostUsd(0.001)
                            .setSubmittedAt(Instant.EPOCH)
                            .setCompletedAt(Instant.EPOCH)
                            .setLatencyMs(0)
                            .build(),
                    "acme");
            processor.tenantBudget("acme", 0.5);
            ProviderMeters provider = new WorkerMetrics(metrics).provider("p");
            provider.call("m", null, 1_000_000);
            provider.call("m", ErrorClass.TIMEOUT, 1_000_000);
            provider.tokens("m", 1, 1);
            provider.retry();
            provider.rateLimited();
            provider.pacingWait(Duration.ofMillis(5));
            provider.watch(new ProviderMeters.Sources(() -> 1, () -> BreakerState.CLOSED, () -> 60, () -> 1000));
            provider.watchLag(0, () -> 3);
            Set<String> names = new TreeSet<>(PROMETHEUS_OWN);
            Matcher sample = SAMPLE.matcher(metrics.scrape());
            while (sample.find()) {
                names.add(sample.group(1));
            }
            return names;
        }
    }
}
