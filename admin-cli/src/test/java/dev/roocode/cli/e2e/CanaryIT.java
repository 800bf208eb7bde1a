package dev.roocode.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roocode.cli.embedded.EmbeddedStack;
import dev.roocode.cli.testing.Cli;
import dev.roocode.cli.testing.Cli.Run;
import dev.roocode.connectors.worker.CredentialResolver;
import dev.roocode.sandbox.simulator.ProviderSimulator;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A recognisable fake key goes in through {@code providers add}, jobs succeed and fail with it, every
 * command runs, the master key is rotated; then the key must be found nowhere: not in any record of
 * any topic (raw bytes, internal topics included), not in anything the CLI printed, not in the log,
 * not in the config folder or the output files.
 */
class CanaryIT {
    private static final String CANARY = "sk-canary-5f1e9a7c3b2d4e6f8a0b";
    private static final String SASL_CANARY = "pw-canary-0c9d8e7f6a5b";
    private static final String NEW_MASTER_KEY = "k2:"
            + Base64.getEncoder()
                    .encodeToString("fedcba9876543210fedcba9876543210".getBytes(StandardCharsets.US_ASCII));

    @TempDir
    static Path dir;

    static LogCapture log;
    static EmbeddedStack stack;
    static ProviderSimulator keyed;
    static Cli cli;

    @BeforeAll
    static void start() throws Exception {
        log = new LogCapture();
        keyed = ProviderSimulator.builder().apiKey(CANARY).build().start();
        cli = new Cli(dir.resolve("config"));
        stack = EmbeddedStack.start(
                new EmbeddedStack.Options(dir.resolve("data"), 2, 16),
                step -> {},
                new CredentialResolver(cli.env()::get));
        cli.cluster(stack.bootstrapServers(), stack.schemaRegistryUrl());
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
        if (keyed != null) {
            keyed.close();
        }
        if (log != null) {
            log.close();
        }
    }

    @Test
    void shouldNeverRevealTheKeyWhileEveryCommandRuns() throws Exception {
        ok(cli.run("init", "--partitions", "2"));
        ok(cli.run("providers", "deactivate", EmbeddedStack.SIMULATOR_PROVIDER));
        ok(cli.stdin(CANARY + "\n")
                .run(
                        "providers",
                        "add",
                        "openai-compatible",
                        "--name",
                        "canary",
                        "--endpoint",
                        keyed.url(),
                        "--api-key-stdin",
                        "--model",
                        "gpt-4o-mini,in=0.15,out=0.6",
                        "--model",
                        "sim-down,in=0.15,out=0.6",
                        "--retries",
                        "1"));
        ok(cli.run("providers", "test", "canary"));
        ok(cli.run("providers", "activate", "canary"));
        ok(cli.run("providers", "show", "canary"));
        ok(cli.run("providers", "show", "canary", "-o", "json"));
        ok(cli.run("providers", "list", "-o", "yaml"));
        ok(cli.run("routes", "set", "gpt-4o-mini", "--strategy", "priority", "--candidate", "canary"));
        ok(cli.run("routes", "list"));
        awaitWorker("canary");

        Path jobs = dir.resolve("jobs.jsonl");
        List<String> lines = new ArrayList<>();
        for (int i = 1; i <= 6; i++) {
            lines.add(line("ok-" + i, "gpt-4o-mini"));
        }
        lines.add(line("down-1", "sim-down"));
        lines.add(line("down-2", "sim-down"));
        lines.add("not json");
        Files.write(jobs, lines);
        Run quote = ok(cli.run("quote", jobs.toString()));
        assertThat(quote.out())
                .contains("8 jobs (1 invalid lines not counted)")
                .containsPattern("canary\\s+8")
                .contains("Estimated cost: $0.000");
        Path out = dir.resolve("jobs.out.jsonl");
        Run submit = ok(cli.run(
                "submit", jobs.toString(), "--wait", "--out", out.toString(), "--timeout", "120s", "--no-progress"));
        assertThat(submit.out())
                .contains("succeeded  6")
                .contains("failed     2")
                .contains("invalid    1");
        String batchId = batchId(submit.out());

        Run show = awaitBatch(batchId, 8);
        assertThat(show.out())
                .contains("progress     8/8 jobs")
                .contains("succeeded    6")
                .contains("failed       2")
                .contains("ETA          done");
        ok(cli.run("batches", "list"));
        Run get = ok(cli.run("results", "get", batchId + "/ok-1"));
        assertThat(get.out()).contains("\"custom_id\":\"ok-1\"").contains("\"status_code\":200");
        ok(cli.run("results", "get", batchId + "/down-1", "--full"));
        Path exported = dir.resolve("export.jsonl");
        assertThat(ok(cli.run("results", "export", batchId, "--out", exported.toString()))
                        .out())
                .contains("Wrote 8 results")
                .contains("(2 failed)");

        ok(cli.stdin(SASL_CANARY + "\n")
                .run(
                        "login",
                        "--profile",
                        "remote",
                        "-b",
                        "broker.example:9093",
                        "--schema-registry-url",
                        "https://registry.example",
                        "--security-protocol",
                        "SASL_SSL",
                        "--sasl-mechanism",
                        "SCRAM-SHA-512",
                        "--sasl-username",
                        "roocode",
                        "--sasl-password-stdin",
                        "--no-check"));

        // rotation: new key first, old key still listed; the running worker keeps its key and keeps working
        cli.env().put("ROOCODE_MASTER_KEY", NEW_MASTER_KEY + "," + Cli.MASTER_KEY);
        Run rotate = ok(cli.run("keys", "rotate"));
        assertThat(rotate.out()).contains("rotated provider canary: k1 -> k2").contains("re-encrypted profile remote");
        assertThat(ok(cli.run("providers", "show", "canary")).out()).contains("master key k2");
        Files.write(jobs, List.of(line("after-rotation", "gpt-4o-mini")));
        assertThat(ok(cli.run(
                                "submit",
                                jobs.toString(),
                                "--wait",
                                "--out",
                                out.toString(),
                                "--timeout",
                                "60s",
                                "--no-progress"))
                        .out())
                .contains("succeeded  1");

        // only the new key left: still readable; a wrong or missing master key is one clear line
        cli.env().put("ROOCODE_MASTER_KEY", NEW_MASTER_KEY);
        ok(cli.run("providers", "test", "canary"));
        cli.env().put("ROOCODE_MASTER_KEY", Cli.MASTER_KEY.replace("k1:", "k2:"));
        Run wrong = cli.run("providers", "test", "canary", "--no-save");
        assertThat(wrong.exit()).as(wrong.toString()).isEqualTo(1);
        assertThat(wrong.out()).contains("FAIL  configuration").contains("wrong master key");
        cli.env().remove("ROOCODE_MASTER_KEY");
        Run missing = cli.run("providers", "test", "canary", "--no-save");
        assertThat(missing.out()).as(missing.toString()).contains("ROOCODE_MASTER_KEY");
        Run missingForProfile = cli.run("providers", "list", "--profile", "remote");
        assertThat(missingForProfile.exit()).as(missingForProfile.toString()).isEqualTo(2);
        assertThat(missingForProfile.err()).contains("needs the master key").doesNotContain("Exception");
        cli.env().put("ROOCODE_MASTER_KEY", NEW_MASTER_KEY);
        ok(cli.run("completion"));

        assertNowhere(CANARY);
        assertNowhere(SASL_CANARY);
        System.out.println(cli.transcript());
    }

    private void assertNowhere(String secret) throws Exception {
        assertThat(cli.transcript()).as("CLI output").doesNotContain(secret);
        assertThat(log.text()).as("log output").doesNotContain(secret);
        try (Stream<Path> files = Files.walk(dir.resolve("config"))) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                assertThat(Files.readString(file)).as(file.toString()).doesNotContain(secret);
            }
        }
        for (Path file : List.of(dir.resolve("jobs.out.jsonl"), dir.resolve("export.jsonl"))) {
            assertThat(Files.readString(file)).as(file.toString()).doesNotContain(secret);
        }
        byte[] needle = secret.getBytes(StandardCharsets.UTF_8);
        Map<String, Integer> scanned = scanAllTopics(
                (where, bytes) -> assertThat(indexOf(bytes, needle)).as(where).isEqualTo(-1));
        assertThat(scanned.keySet())
                .contains(
                        "roocode.providers", "roocode.results", "roocode.dispatch.canary", "roocode.jobs", "_schemas");
        assertThat(scanned.get("roocode.providers")).isPositive();
    }

    private interface BytesCheck {
        void check(String where, byte[] bytes);
    }

    private static Map<String, Integer> scanAllTopics(BytesCheck check) throws Exception {
        Map<String, Integer> counts = new HashMap<>();
        Map<String, Object> props = new HashMap<>(Map.of("bootstrap.servers", stack.bootstrapServers()));
        try (Admin admin = Admin.create(props)) {
            List<String> topics = new ArrayList<>(admin.listTopics(new ListTopicsOptions().listInternal(true))
                    .names()
                    .get());
            props.put(ConsumerConfig.EXCLUDE_INTERNAL_TOPICS_CONFIG, false);
            props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");
            try (KafkaConsumer<byte[], byte[]> consumer =
                    new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
                for (String topic : topics) {
                    List<TopicPartition> partitions = new ArrayList<>();
                    for (PartitionInfo p : consumer.partitionsFor(topic)) {
                        partitions.add(new TopicPartition(topic, p.partition()));
                    }
                    consumer.assign(partitions);
                    consumer.seekToBeginning(partitions);
                    Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
                    int count = 0;
                    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                    while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))
                            && System.nanoTime() < deadline) {
                        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                            String where = topic + "-" + record.partition() + "@" + record.offset();
                            if (record.key() != null) {
                                check.check(where + " key", record.key());
                            }
                            if (record.value() != null) {
                                check.check(where + " value", record.value());
                            }
                            for (Header header : record.headers()) {
                                check.check(
                                        where + " header " + header.key(),
                                        header.value() == null ? new byte[0] : header.value());
                            }
                            count++;
                        }
                    }
                    counts.put(topic, count);
                }
            }
        }
        return counts;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static void awaitWorker(String provider) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (stack.connectors().worker(provider).isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(stack.connectors().worker(provider))
                .as("worker of " + provider)
                .isPresent();
        Thread.sleep(2000); // the processor's global providers table follows the same topic
    }

    private static Run awaitBatch(String batchId, long done) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        Run show;
        do {
            show = cli.run("batches", "show", batchId);
            if (show.exit() == 0 && show.out().contains("progress     " + done + "/")) {
                return show;
            }
            Thread.sleep(500);
        } while (System.nanoTime() < deadline);
        return show;
    }

    private static String batchId(String out) {
        Matcher matcher = Pattern.compile("Submitted batch (\\S+):").matcher(out);
        assertThat(matcher.find()).as(out).isTrue();
        return matcher.group(1);
    }

    private static String line(String customId, String model) {
        return "{\"custom_id\":\"" + customId
                + "\",\"method\":\"POST\",\"url\":\"/v1/chat/completions\",\"body\":{\"model\":\"" + model
                + "\",\"messages\":[{\"role\":\"user\",\"content\":\"Say hi to " + customId
                + "\"}],\"max_tokens\":20}}";
    }

    private static Run ok(Run run) {
        assertThat(run.exit()).as(run.toString()).isZero();
        return run;
    }
}
