package dev.roocode.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.roocode.cli.embedded.EmbeddedStack;
import dev.roocode.client.ClientConfig;
import dev.roocode.client.ResultReader;
import dev.roocode.client.RoocodeClient;
import dev.roocode.schemas.avro.CircuitBreakerPolicy;
import dev.roocode.schemas.avro.Credential;
import dev.roocode.schemas.avro.CredentialKind;
import dev.roocode.schemas.avro.Job;
import dev.roocode.schemas.avro.JobKind;
import dev.roocode.schemas.avro.ModelOffer;
import dev.roocode.schemas.avro.ProviderConfig;
import dev.roocode.schemas.avro.ProviderLimits;
import dev.roocode.schemas.avro.ProviderStatus;
import dev.roocode.schemas.avro.Result;
import dev.roocode.schemas.avro.ResultStatus;
import dev.roocode.schemas.avro.RetryPolicy;
import dev.roocode.schemas.serde.AvroSerde;
import dev.roocode.schemas.topic.TopicAdmin;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.DoublePredicate;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Prometheus (the Debian package's binary) scrapes an embedded stack's {@code /metrics} every second while a
 * few hundred jobs run, the cheapest of two providers failing every call (so each job falls back to the other). Then
 * PromQL through Prometheus' HTTP API must show a request rate, the failing provider's error rate, a latency
 * quantile from the histogram, and token and cost totals exactly equal to the sums over every Result on the
 * results topic. Skipped with a notice where {@code prometheus} is not installed; with CI=true it fails instead.
 *
 * <p>Prices are binary fractions per token (1/1024 USD in, 1/512 out): every Result's cost is then exact in a double
 * and the sums are the same in any order, so the comparison is exact equality. (With decimal prices the processor's
 * counters and this test would add the same numbers in different orders, which can differ in the last bit.)
 */
class PrometheusIT {
    private static final int PARTITIONS = 2;
    private static final int JOBS = 300;
    private static final String MODEL = "prom-chat";
    private static final String FAILING = "failing";
    private static final String STEADY = "steady";
    /** 2^-10 and 2^-9 USD per token, as USD per million tokens. */
    private static final double INPUT_USD_PER_MTOK = 1_000_000d / 1024;

    private static final double OUTPUT_USD_PER_MTOK = 1_000_000d / 512;
    private static final Duration TIMEOUT = Duration.ofSeconds(180);

    @TempDir
    static Path dir;

    static EmbeddedStack stack;
    static RoocodeClient client;
    static Process prometheus;
    static String prometheusUrl;
    static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        boolean installed = Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .anyMatch(d -> !d.isEmpty() && Files.isExecutable(Path.of(d, "prometheus")));
        if (!installed) {
            String notice = "prometheus is not installed (apt-get install prometheus)";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new AssertionError(notice + "; CI=true needs it");
            }
            System.out.println("NOTICE: skipping PrometheusIT, " + notice);
            assumeTrue(false, notice);
        }
        stack = EmbeddedStack.start(
                new EmbeddedStack.Options(dir.resolve("data"), PARTITIONS, 16).withMetricsPort(0), step -> {});
        client = new RoocodeClient(new ClientConfig(stack.clientProperties()), stack.registry());
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", stack.bootstrapServers()))) {
            TopicAdmin.createAndAwait(
                    admin,
                    Stream.of(FAILING, STEADY)
                            .map(p -> stack.topics().dispatch(p).newTopic(PARTITIONS, (short) 1))
                            .toList(),
                    Duration.ofSeconds(60));
        }
        publish(ProviderConfig.newBuilder(provider(EmbeddedStack.SIMULATOR_PROVIDER, "*", "*", 0))
                .setStatus(ProviderStatus.INACTIVE)
                .build());
        // the failing one is the cheaper: the router tries it first, every call answers 503, the job falls back
        publish(provider(FAILING, MODEL, "sim-down", 1));
        publish(provider(STEADY, MODEL, "sim-latency-50", 2));
        prometheus = startPrometheus(stack.metricsPort());
        awaitServedBy(STEADY);
    }

    @AfterAll
    static void stop() throws Exception {
        if (prometheus != null) {
            prometheus.destroy();
            if (!prometheus.waitFor(30, TimeUnit.SECONDS)) {
                prometheus.destroyForcibly();
            }
        }
        if (client != null) {
            client.close();
        }
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void shouldShowRatesErrorsLatencyAndExactlyTheTokensAndCostOfTheResultsWritten() throws Exception {
        String batch = "prom-" + UUID.randomUUID().toString().substring(0, 8);
        List<Job> jobs = new ArrayList<>();
        try (ResultReader reader =
                client.readResultsFromNow(stack.topics().results().name())) {
            List<CompletableFuture<Void>> sends = new ArrayList<>();
            for (int i = 0; i < JOBS; i++) {
                Job job = Jobs.chat(batch + "/" + i, batch, MODEL);
                job.setTenant(i % 2 == 0 ? "acme" : "globex");
                jobs.add(job);
                sends.add(client.submit(job));
            }
            client.flush();
            CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).get();
            Set<String> waiting =
                    new HashSet<>(jobs.stream().map(Job::getRequestId).toList());
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (!waiting.isEmpty() && System.nanoTime() < deadline) {
                reader.poll(Duration.ofMillis(200)).forEach(r -> waiting.remove(r.getRequestId()));
            }
            assertThat(waiting).as("jobs without a Result after " + TIMEOUT).isEmpty();
        }

        List<Result> written = allResults();
        assertThat(written).hasSizeGreaterThanOrEqualTo(JOBS);
        assertThat(written)
                .filteredOn(r -> r.getBatchId() != null && r.getBatchId().equals(batch))
                .hasSize(JOBS)
                .allSatisfy(r -> assertThat(r.getStatus()).isEqualTo(ResultStatus.SUCCEEDED))
                .allSatisfy(r -> assertThat(r.getProvider()).isEqualTo(STEADY));
        long tokensIn = 0;
        long tokensOut = 0;
        double cost = 0;
        for (Result r : written) {
            if (r.getOutput() != null) {
                tokensIn += r.getOutput().getUsage().getInputTokens();
                tokensOut += r.getOutput().getUsage().getOutputTokens();
            }
            cost += r.getCostUsd();
        }
        assertThat(cost).isPositive();

        // the final scrape: Prometheus has every Result counted; the token and cost counters are incremented
        // beside it, so a scrape may fall between them: each is awaited (and fails with its last value)
        awaitQuery("sum(roocode_results_total)", written.size());
        awaitQuery("sum(roocode_tokens_total{direction=\"in\"})", tokensIn);
        awaitQuery("sum(roocode_tokens_total{direction=\"out\"})", tokensOut);
        awaitQuery("sum(roocode_cost_usd_total)", cost);

        assertThat(query("sum(roocode_results_total{status=\"SUCCEEDED\",provider=\"" + STEADY + "\"})"))
                .isEqualTo((double) written.stream()
                        .filter(r -> STEADY.equals(r.getProvider()) && r.getStatus() == ResultStatus.SUCCEEDED)
                        .count());
        assertThat(query("sum(roocode_results_total{tenant=\"acme\"})")).isEqualTo(JOBS / 2d);

        // rate() needs two scrapes of a series that differ: the steady provider is called through the batch, so its
        // rate is awaited; the failing one gets all its calls before its breaker opens, which on a fast start is
        // within one scrape interval of the first scrape, so its series never rises between two scrapes and its
        // rate is 0 / 0. Its error share is asserted on the counters instead.
        awaitQuery("sum(rate(roocode_provider_calls_total{provider=\"" + STEADY + "\"}[5m]))", rate -> rate > 0);
        assertThat(query("sum(roocode_provider_calls_total{provider=\"" + FAILING + "\",outcome=\"error\"})"
                        + " / sum(roocode_provider_calls_total{provider=\"" + FAILING + "\"})"))
                .as("share of the failing provider's calls that were errors")
                .isEqualTo(1.0);
        assertThat(query("sum(rate(roocode_provider_calls_total{provider=\"" + STEADY + "\",outcome=\"error\"}[5m]))"))
                .as("errors of the steady provider")
                .isZero();
        assertThat(query("histogram_quantile(0.5, sum by (le) (rate(roocode_provider_call_duration_seconds_bucket"
                        + "{provider=\"" + STEADY + "\"}[5m])))"))
                .as("p50 call latency of a provider answering after 50 ms")
                .isBetween(0.045, 10.0);
        assertThat(query("count(roocode_dispatch_lag{provider=\"" + STEADY + "\"} >= 0)"))
                .as("a lag series per dispatch partition, drained to 0 or more, read from the consumer's records-lag")
                .isEqualTo(PARTITIONS);
        assertThat(query("sum(roocode_provider_breaker_state{provider=\"" + STEADY + "\",state=\"closed\"})"))
                .isEqualTo(1.0);
        assertThat(query("sum(roocode_jobs_routed_total{provider=\"" + FAILING + "\"})"))
                .as("jobs first sent to the failing provider (until its breaker opened)")
                .isPositive();
    }

    // --- Prometheus

    private static Process startPrometheus(int metricsPort) throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path config = dir.resolve("prometheus.yml");
        Files.writeString(config, """
                global:
                  scrape_interval: 1s
                  evaluation_interval: 1s
                scrape_configs:
                  - job_name: roocode-embedded
                    static_configs:
                      - targets: ["127.0.0.1:%d"]
                """.formatted(metricsPort));
        Path log = dir.resolve("prometheus.log");
        Process process = new ProcessBuilder(
                        "prometheus",
                        "--config.file=" + config,
                        "--storage.tsdb.path=" + dir.resolve("tsdb"),
                        "--web.listen-address=127.0.0.1:" + port)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        prometheusUrl = "http://127.0.0.1:" + port;
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("prometheus exited: " + Files.readString(log));
            }
            try {
                HttpResponse<String> ready = http.send(
                        HttpRequest.newBuilder(URI.create(prometheusUrl + "/-/ready"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                if (ready.statusCode() == 200 && query("up") == 1.0) {
                    return process;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new AssertionError(
                "prometheus not ready, or the stack not scraped, within 60 s: " + Files.readString(log));
    }

    /** The single value of an instant query; NaN when it has no result. */
    private static double query(String promql) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create(prometheusUrl + "/api/v1/query?query="
                                + URLEncoder.encode(promql, StandardCharsets.UTF_8)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(promql + ": " + response.body()).isEqualTo(200);
        JsonNode result =
                new ObjectMapper().readTree(response.body()).path("data").path("result");
        assertThat(result.size()).as(promql + ": " + response.body()).isLessThanOrEqualTo(1);
        return result.isEmpty()
                ? Double.NaN
                : Double.parseDouble(result.get(0).path("value").get(1).asText());
    }

    private static void awaitQuery(String promql, double expected) throws Exception {
        awaitQuery(promql, value -> value == expected);
    }

    /** Queries {@code promql} every 500 ms until its value passes {@code wanted}; fails after 60 s with the last value. */
    private static void awaitQuery(String promql, DoublePredicate wanted) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        double last = Double.NaN;
        while (System.nanoTime() < deadline) {
            last = query(promql);
            if (wanted.test(last)) {
                return;
            }
            Thread.sleep(500);
        }
        throw new AssertionError(promql + " is " + last + " after 60 s");
    }

    // --- the stack

    /** Every Result on the results topic (probes and the batch), read to its end. */
    private static List<Result> allResults() {
        AvroSerde<Result> serde = stack.topics().results().valueSerde(stack.registry());
        String topic = stack.topics().results().name();
        List<Result> results = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(
                Map.of("bootstrap.servers", stack.bootstrapServers(), "isolation.level", "read_committed"),
                new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = new HashMap<>(consumer.endOffsets(partitions));
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    results.add(serde.deserialize(topic, record.value()));
                }
            }
        }
        return results;
    }

    /** Sends probe jobs until one is answered by {@code provider}: the processor and connectors have the configs. */
    private static void awaitServedBy(String provider) throws Exception {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        try (ResultReader reader =
                client.readResultsFromNow(stack.topics().results().name())) {
            for (int i = 0; System.nanoTime() < deadline; i++) {
                client.submit(Jobs.chat("probe-" + UUID.randomUUID() + "/" + i, "probe", MODEL))
                        .get();
                long until = System.nanoTime() + Duration.ofSeconds(2).toNanos();
                while (System.nanoTime() < until) {
                    for (Result r : reader.poll(Duration.ofMillis(200))) {
                        if (provider.equals(r.getProvider())) {
                            return;
                        }
                    }
                }
            }
        }
        throw new AssertionError("no probe answered by " + provider + " within " + TIMEOUT);
    }

    private static ProviderConfig provider(String name, String model, String providerModel, int priceFactor) {
        return ProviderConfig.newBuilder()
                .setName(name)
                .setType("openai-compatible")
                .setStatus(ProviderStatus.ACTIVE)
                .setEndpoint(stack.simulator().url())
                .setCredential(
                        Credential.newBuilder().setKind(CredentialKind.NONE).build())
                .setOffers(List.of(ModelOffer.newBuilder()
                        .setModel(model)
                        .setProviderModel(providerModel)
                        .setKind(JobKind.CHAT)
                        .setInputUsdPerMTok(INPUT_USD_PER_MTOK * priceFactor)
                        .setOutputUsdPerMTok(OUTPUT_USD_PER_MTOK * priceFactor)
                        .build()))
                .setLimits(ProviderLimits.newBuilder().setMaxConcurrency(16).build())
                .setRetry(RetryPolicy.newBuilder()
                        .setMaxAttempts(2)
                        .setInitialBackoffMs(20)
                        .setMaxBackoffMs(100)
                        .setMultiplier(2.0)
                        .build())
                .setBreaker(CircuitBreakerPolicy.newBuilder()
                        .setSlidingWindowSize(10)
                        .setMinimumCalls(5)
                        .setWaitInOpenMs(2_000)
                        .setHalfOpenCalls(2)
                        .build())
                .setTimeoutMs(30_000)
                .setVersion(System.nanoTime())
                .build();
    }

    private static void publish(ProviderConfig config) {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                Map.of("bootstrap.servers", stack.bootstrapServers(), "acks", "all"),
                new StringSerializer(),
                new ByteArraySerializer())) {
            String topic = stack.topics().providers().name();
            producer.send(new ProducerRecord<>(
                    topic,
                    config.getName(),
                    stack.topics().providers().valueSerde(stack.registry()).serialize(topic, config)));
        }
    }
}
