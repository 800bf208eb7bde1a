package dev.roocode.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roocode.cli.embedded.EmbeddedStack;
import dev.roocode.client.ClientConfig;
import dev.roocode.client.ResultReader;
import dev.roocode.client.RoocodeClient;
import dev.roocode.schemas.avro.ErrorClass;
import dev.roocode.schemas.avro.Job;
import dev.roocode.schemas.avro.JobKind;
import dev.roocode.schemas.avro.Result;
import dev.roocode.schemas.avro.ResultStatus;
import dev.roocode.schemas.avro.RoutingHints;
import dev.roocode.schemas.batch.BatchFileReader;
import dev.roocode.schemas.batch.DecodedLine;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every provider type end to end: one job file, copied once per provider type with the provider named
 * in its routing hints, goes client → jobs → processor → dispatch.&lt;type&gt; → worker (that type's
 * adapter, key read from a FILE credential) → the provider simulator's wire format for that type, which
 * checks that type's auth header → outcomes → processor → results. Also what no provider can honour
 * (embeddings or a seed at anthropic) and a wrong key, each as a clear FAILED Result.
 */
class AllProvidersIT {
    private static final Duration RESULT_TIMEOUT = Duration.ofSeconds(60);

    /** The job file every provider runs: two chats and an embedding, in the OpenAI Batch API format. */
    static final String JOB_FILE = """
            {"custom_id": "greet", "method": "POST", "url": "/v1/chat/completions", "body": {"model": "chat", "messages": [{"role": "system", "content": "You answer in one sentence."}, {"role": "user", "content": "Say hello to Kafka."}], "max_tokens": 64}}
            {"custom_id": "summarize", "method": "POST", "url": "/v1/chat/completions", "body": {"model": "chat", "messages": [{"role": "user", "content": "Summarize: records flow through topics."}], "max_tokens": 32, "temperature": 0.2}}
            {"custom_id": "embed", "method": "POST", "url": "/v1/embeddings", "body": {"model": "embed", "input": ["first text", "second text"]}}
            """;

    @TempDir
    static Path dataDir;

    static EmbeddedStack stack;
    static RoocodeClient client;
    static SimulatedProviders providers;

    @BeforeAll
    static void startStack() throws Exception {
        long t0 = System.nanoTime();
        stack = EmbeddedStack.start(new EmbeddedStack.Options(dataDir, 2, 16), step -> {});
        long t1 = System.nanoTime();
        client = new RoocodeClient(new ClientConfig(stack.clientProperties()), stack.registry());
        providers = SimulatedProviders.start(stack, client, dataDir.resolve("keys"));
        System.err.printf(
                "AllProvidersIT: stack up in %d ms, providers routable %d ms later%n",
                (t1 - t0) / 1_000_000, (System.nanoTime() - t1) / 1_000_000);
    }

    @AfterAll
    static void stopStack() {
        if (client != null) {
            client.close();
        }
        if (stack != null) {
            stack.close();
        }
        if (providers != null) {
            providers.close();
        }
    }

    @Test
    void shouldRunTheSameJobFileThroughEveryProviderType() throws Exception {
        String run = newRun();
        Path file = dataDir.resolve(run + ".jsonl");
        Files.writeString(file, JOB_FILE, StandardCharsets.UTF_8);
        List<Job> jobs = new ArrayList<>();
        for (String type : SimulatedProviders.TYPES) {
            jobs.addAll(readJobFile(file, run + "-" + type, type));
        }

        Map<String, Result> results = submitAndCollect(jobs);

        for (String type : SimulatedProviders.TYPES) {
            String batch = run + "-" + type;
            for (String chat : List.of("greet", "summarize")) {
                assertThat(results.get(batch + "/" + chat))
                        .as("%s %s", type, chat)
                        .satisfies(r -> {
                            assertThat(r.getStatus())
                                    .as("%s %s: %s", type, chat, r.getError())
                                    .isEqualTo(ResultStatus.SUCCEEDED);
                            assertThat(r.getProvider()).isEqualTo(type);
                            assertThat(r.getKind()).isEqualTo(JobKind.CHAT);
                            assertThat(r.getProviderModel())
                                    .isEqualTo(SimulatedProviders.providerModel(type, JobKind.CHAT));
                            assertThat(r.getOutput().getChoices()).isNotEmpty();
                            assertThat(r.getOutput()
                                            .getChoices()
                                            .get(0)
                                            .getMessage()
                                            .getContent())
                                    .startsWith("Simulated reply to: ");
                            assertThat(r.getOutput().getUsage().getInputTokens())
                                    .as("%s input tokens", type)
                                    .isPositive();
                            assertThat(r.getOutput().getUsage().getOutputTokens())
                                    .as("%s output tokens", type)
                                    .isPositive();
                            assertThat(r.getOutput().getUsage().getTotalTokens())
                                    .as("%s total tokens", type)
                                    .isEqualTo(r.getOutput().getUsage().getInputTokens()
                                            + r.getOutput().getUsage().getOutputTokens());
                        });
            }
            Result embed = results.get(batch + "/embed");
            if (type.equals("anthropic")) {
                // the router knows from the type's descriptor that anthropic takes no embedding job
                assertThat(embed.getStatus()).isEqualTo(ResultStatus.FAILED);
                assertThat(embed.getError().getErrorClass()).isEqualTo(ErrorClass.NO_ROUTE);
                assertThat(embed.getError().getMessage()).contains("type anthropic cannot honour field embedding");
                continue;
            }
            assertThat(embed.getStatus())
                    .as("%s embed: %s", type, embed.getError())
                    .isEqualTo(ResultStatus.SUCCEEDED);
            assertThat(embed.getProvider()).isEqualTo(type);
            assertThat(embed.getKind()).isEqualTo(JobKind.EMBEDDING);
            assertThat(embed.getOutput().getEmbeddings())
                    .as("%s embeddings", type)
                    .hasSize(2);
            assertThat(embed.getOutput().getEmbeddings())
                    .allSatisfy(e -> assertThat(e.getVector()).isNotEmpty());
            assertThat(embed.getOutput().getEmbeddings().get(1).getIndex()).isEqualTo(1);
            if (SimulatedProviders.EMBEDDING_USAGE_REPORTED.contains(type)) {
                assertThat(embed.getOutput().getUsage().getInputTokens())
                        .as("%s embedding tokens", type)
                        .isPositive();
            } else {
                assertThat(embed.getOutput().getUsage().getInputTokens())
                        .as("%s embedding tokens", type)
                        .isNotNegative();
            }
        }
        // each job called its provider exactly once (nothing retried or fell back); anthropic's embedding was never
        // dispatched
        assertThat(jobs)
                .allSatisfy(j -> assertThat(providers.simulator().callCount(j.getRequestId()))
                        .as("calls of %s", j.getRequestId())
                        .isEqualTo(j.getRequestId().equals(run + "-anthropic/embed") ? 0 : 1));
    }

    @Test
    void shouldFailWhatAnthropicCannotHonourWithAClearResult() throws Exception {
        String batch = newRun();
        Job embedding = Jobs.embedding(batch + "/embed", batch);
        embedding.setModel("embed");
        embedding.setRouting(RoutingHints.newBuilder().setProvider("anthropic").build());
        Job seeded = Jobs.chat(batch + "/seed", batch, "chat");
        seeded.getChat().setSeed(42L);
        seeded.setRouting(RoutingHints.newBuilder().setProvider("anthropic").build());
        Job unoffered = Jobs.embedding(batch + "/no-offer", batch);
        unoffered.setModel("embed-nowhere");
        unoffered.setRouting(RoutingHints.newBuilder().setProvider("anthropic").build());

        Map<String, Result> results = submitAndCollect(List.of(embedding, seeded, unoffered));

        // what the type cannot honour is routed around (here: nowhere else to go), not sent to fail at the worker
        assertThat(results.get(embedding.getRequestId())).satisfies(r -> {
            assertThat(r.getStatus()).isEqualTo(ResultStatus.FAILED);
            assertThat(r.getError().getErrorClass()).isEqualTo(ErrorClass.NO_ROUTE);
            assertThat(r.getError().getMessage()).contains("type anthropic cannot honour field embedding");
        });
        assertThat(results.get(seeded.getRequestId())).satisfies(r -> {
            assertThat(r.getStatus()).isEqualTo(ResultStatus.FAILED);
            assertThat(r.getError().getErrorClass()).isEqualTo(ErrorClass.NO_ROUTE);
            assertThat(r.getError().getMessage()).contains("type anthropic cannot honour field seed");
        });
        assertThat(results.get(unoffered.getRequestId())).satisfies(r -> {
            assertThat(r.getStatus()).isEqualTo(ResultStatus.FAILED);
            assertThat(r.getError().getErrorClass()).isEqualTo(ErrorClass.NO_ROUTE);
            assertThat(r.getError().getMessage()).contains("anthropic").contains("embed-nowhere");
        });
        // refused before any call was made: the adapter never sent these to the provider
        assertThat(providers.simulator().callCount(embedding.getRequestId())).isZero();
        assertThat(providers.simulator().callCount(seeded.getRequestId())).isZero();
    }

    @Test
    void shouldFailAWrongKeyAsAuthenticationWithoutLeakingIt() throws Exception {
        String run = newRun();
        Path file = dataDir.resolve(run + ".jsonl");
        Files.writeString(file, JOB_FILE, StandardCharsets.UTF_8);
        List<Job> jobs = new ArrayList<>();
        for (String type : SimulatedProviders.TYPES) {
            jobs.addAll(readJobFile(file, run + "-" + type, SimulatedProviders.wrongKeyName(type)).stream()
                    .filter(j -> !(type.equals("anthropic") && j.getKind() == JobKind.EMBEDDING))
                    .toList());
        }

        // not named: any wrong-key twin may take it, so it falls back from one to the next
        Job pooled = Jobs.chat(run + "-pool/fallback", run + "-pool", "chat");
        pooled.setRouting(RoutingHints.newBuilder()
                .setRegion(SimulatedProviders.WRONG_KEY_TAG)
                .build());

        List<Job> all = new ArrayList<>(jobs);
        all.add(pooled);
        Map<String, Result> results = submitAndCollect(all);

        assertThat(results.get(pooled.getRequestId())).satisfies(r -> {
            assertThat(r.getStatus()).as("%s", r.getError()).isEqualTo(ResultStatus.FAILED);
            assertThat(r.getError().getErrorClass()).as("%s", r.getError()).isEqualTo(ErrorClass.AUTHENTICATION);
            // it falls back to the next twin unless the twins' workers have already reported their keys
            // rejected (3 refusals each, from the jobs above): then the router names them and stops
            assertThat(r.getAttempts().size() > 1 || r.getError().getMessage().contains("rejected"))
                    .as("fell back, or was told why not: %s", r.getError())
                    .isTrue();
            assertThat(r.getAttempts()).allSatisfy(a -> {
                assertThat(a.getProvider()).endsWith("-wrongkey");
                assertThat(a.getErrorClass()).isEqualTo(ErrorClass.AUTHENTICATION);
            });
            assertThat(r.getAttempts()).extracting(a -> a.getProvider()).doesNotHaveDuplicates();
            assertThat(String.valueOf(r))
                    .doesNotContain(SimulatedProviders.KEY)
                    .doesNotContain(SimulatedProviders.WRONG_KEY);
        });
        assertThat(jobs)
                .allSatisfy(job -> assertThat(results.get(job.getRequestId())).satisfies(r -> {
                    String provider = job.getRouting().getProvider();
                    assertThat(r.getStatus())
                            .as("%s: %s", job.getRequestId(), r.getError())
                            .isEqualTo(ResultStatus.FAILED);
                    int calls = providers.simulator().callCount(job.getRequestId());
                    if (r.getError().getErrorClass() == ErrorClass.NO_ROUTE) {
                        // routed after its provider's worker reported the key rejected: the router names it and sends
                        // nothing
                        assertThat(r.getError().getMessage())
                                .as("%s", job.getRequestId())
                                .contains(provider + ": credential rejected");
                        assertThat(calls).isZero();
                    } else {
                        assertThat(r.getError().getErrorClass())
                                .as("%s: %s", job.getRequestId(), r.getError())
                                .isEqualTo(ErrorClass.AUTHENTICATION);
                        assertThat(r.getError().getProvider()).isEqualTo(provider);
                        assertThat(r.getError().getMessage()).isNotBlank();
                        // not retried: a wrong key is not worth a second call, and after 3 refusals in a row the worker
                        // makes none
                        assertThat(calls).as("%s", job.getRequestId()).isLessThanOrEqualTo(1);
                    }
                    assertThat(String.valueOf(r))
                            .doesNotContain(SimulatedProviders.KEY)
                            .doesNotContain(SimulatedProviders.WRONG_KEY);
                }));
        List<String> leaks = SimulatedProviders.recordsContainingKeys(stack);
        assertThat(leaks).as("records holding a key").isEmpty();
    }

    // --- helpers

    private static String newRun() {
        return "all-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** The file's jobs for batch {@code batchId}, each routed explicitly to {@code provider}. */
    private static List<Job> readJobFile(Path file, String batchId, String provider) throws Exception {
        List<Job> jobs = new ArrayList<>();
        for (DecodedLine line : BatchFileReader.read(file, batchId, Instant.now())) {
            assertThat(line).as("line %s", line.lineNumber()).isInstanceOf(DecodedLine.Valid.class);
            Job job = Job.newBuilder(((DecodedLine.Valid) line).job()).build();
            job.setRouting(RoutingHints.newBuilder().setProvider(provider).build());
            jobs.add(job);
        }
        return jobs;
    }

    private static Map<String, Result> submitAndCollect(List<Job> jobs) throws Exception {
        try (ResultReader reader =
                client.readResultsFromNow(stack.topics().results().name())) {
            List<CompletableFuture<Void>> sends = new ArrayList<>();
            jobs.forEach(job -> sends.add(client.submit(job)));
            client.flush();
            CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).get();
            Map<String, List<Result>> results = new HashMap<>();
            long deadline = System.nanoTime() + RESULT_TIMEOUT.toNanos();
            while (!jobs.stream().allMatch(j -> results.containsKey(j.getRequestId()))
                    && System.nanoTime() < deadline) {
                for (Result result : reader.poll(Duration.ofMillis(200))) {
                    results.computeIfAbsent(result.getRequestId(), id -> new ArrayList<>())
                            .add(result);
                }
            }
            List<String> missing = jobs.stream()
                    .map(Job::getRequestId)
                    .filter(id -> !results.containsKey(id))
                    .toList();
            assertThat(missing)
                    .as("jobs without a Result after %s", RESULT_TIMEOUT)
                    .isEmpty();
            assertThat(results.values())
                    .as("Results per requestId")
                    .allSatisfy(r -> assertThat(r).hasSize(1));
            Map<String, Result> single = new HashMap<>();
            results.forEach((id, list) -> single.put(id, list.get(0)));
            return single;
        }
    }
}
