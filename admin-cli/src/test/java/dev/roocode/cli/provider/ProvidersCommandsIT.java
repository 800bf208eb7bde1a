package dev.roocode.cli.provider;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roocode.cli.connection.Connection;
import dev.roocode.cli.testing.Cli;
import dev.roocode.cli.testing.Cli.Run;
import dev.roocode.cli.testing.SelfSignedHttpsServer;
import dev.roocode.sandbox.junit.KafkaSandboxExtension;
import dev.roocode.sandbox.simulator.SimulatorExtension;
import dev.roocode.schemas.avro.ProviderConfig;
import dev.roocode.schemas.avro.ProviderState;
import dev.roocode.schemas.avro.WorkerState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** init, providers and routes through picocli against the in-JVM broker and a keyed provider simulator. */
class ProvidersCommandsIT {
    private static final String KEY = "sk-test-0123456789";

    @RegisterExtension
    static final KafkaSandboxExtension KAFKA = new KafkaSandboxExtension();

    @RegisterExtension
    static final SimulatorExtension SIM = SimulatorExtension.configured(b -> b.apiKey(KEY));

    @TempDir
    static Path configDir;

    static Cli cli;

    @BeforeAll
    static void init() {
        cli = new Cli(configDir)
                .cluster(
                        KAFKA.kafka().bootstrapServers(), KAFKA.schemaRegistry().url());
        Run init = cli.run("init", "--partitions", "2", "--replication-factor", "1");
        assertThat(init.exit()).as(init.toString()).isZero();
        assertThat(init.out()).contains("created  roocode.jobs").contains("roocode.jobs-value");
    }

    @Test
    void shouldReRunInitWithoutChangingAnything() {
        Run again = cli.run("init", "--partitions", "5");

        assertThat(again.exit()).as(again.toString()).isZero();
        assertThat(again.out()).contains("exists   roocode.jobs").doesNotContain("created  roocode.jobs");
    }

    @Test
    void shouldCreateATenantsJobsAndRepliesTopicsWithTheJobsTopicsPartitionCount() {
        Run tenant = cli.run("init", "--partitions", "5", "--tenant", "acme");

        assertThat(tenant.exit()).as(tenant.toString()).isZero();
        assertThat(tenant.out())
                .containsPattern("created  roocode\\.tenant\\.acme\\.jobs +2 partition")
                .containsPattern("created  roocode\\.tenant\\.acme\\.replies +2 partition")
                .contains("roocode.tenant.acme.jobs-value");
        assertThat(cli.run("init", "--tenant", "acme").out()).contains("exists   roocode.tenant.acme.jobs");
    }

    @Test
    void shouldAddTestAndActivateAProviderWithAnEncryptedKey() {
        Run add = cli.stdin(KEY + "\n")
                .run(
                        "providers",
                        "add",
                        "openai-compatible",
                        "--name",
                        "good",
                        "--endpoint",
                        SIM.simulator().url(),
                        "--api-key-stdin",
                        "--model",
                        "gpt-4o-mini,in=0.15,out=0.60",
                        "--model",
                        "text-embedding-3-small,kind=embedding,in=0.02",
                        "--rpm",
                        "500",
                        "--tag",
                        "eu");
        assertThat(add.exit()).as(add.toString()).isZero();
        assertThat(add.out())
                .contains("Added provider good (openai-compatible, DRAFT)")
                .contains("encrypted  sha256:")
                .contains("roocode.dispatch.good created");

        Run show = cli.run("providers", "show", "good");
        assertThat(show.out())
                .as(show.toString())
                .contains("DRAFT")
                .contains("gpt-4o-mini -> gpt-4o-mini  chat  $0.15 in / $0.6 out")
                .contains("master key k1")
                .contains("rpm 500");

        Run test = cli.run("providers", "test", "good");
        assertThat(test.exit()).as(test.toString()).isZero();
        assertThat(test.out())
                .contains("OK    dns")
                .contains("OK    tcp")
                .contains("SKIP  tls")
                .contains("OK    auth")
                .contains("OK    chat")
                .contains("OK    embedding")
                .contains("PASSED");

        // no connectors process runs here: waiting for a worker's report would only wait out --wait-worker
        Run activate = cli.run("providers", "activate", "good", "--wait-worker", "0");
        assertThat(activate.exit()).as(activate.toString()).isZero();
        assertThat(cli.run("providers", "list").out())
                .containsPattern("good\\s+openai-compatible\\s+ACTIVE\\s+2")
                .contains("PASSED");
        assertThat(cli.transcript()).doesNotContain(KEY);
    }

    @Test
    void shouldFailTheTestOnAWrongKeyAndRefuseActivation() {
        cli.env().put("WRONG_KEY", "sk-wrong");
        Run add = cli.run(
                "providers",
                "add",
                "openai-compatible",
                "--name",
                "wrong-key",
                "--endpoint",
                SIM.simulator().url(),
                "--api-key-env",
                "WRONG_KEY",
                "--model",
                "gpt-4o-mini");
        assertThat(add.exit()).as(add.toString()).isZero();
        assertThat(add.out()).contains("env $WRONG_KEY");

        Run test = cli.run("providers", "test", "wrong-key");
        assertThat(test.exit()).as(test.toString()).isEqualTo(1);
        assertThat(test.out()).contains("FAIL  auth").contains("HTTP 401").contains("what to do: the key was rejected");
        assertThat(test.err())
                .contains("roocode: provider wrong-key failed its test at step auth")
                .doesNotContain("Exception");

        Run refused = cli.run("providers", "activate", "wrong-key");
        assertThat(refused.exit()).as(refused.toString()).isEqualTo(1);
        assertThat(refused.err()).contains("failed its last test").contains("--force");
        Run forced = cli.run("providers", "activate", "wrong-key", "--force", "--wait-worker", "1");
        assertThat(forced.exit()).as(forced.toString()).isZero();
        assertThat(forced.out())
                .as("no connectors process runs here")
                .contains(
                        "warning: no worker has picked up wrong-key yet (is a connectors process running with its credential?)");

        // what a worker publishes after three 401s in a row, and then a worker of another process that cannot start it
        Instant rejectedAt = Instant.parse("2026-12-06T21:03:05Z");
        ProviderConfig active;
        try (Connection cluster = connect()) {
            active = ProviderStore.get(cluster, "wrong-key");
            cluster.write(
                    cluster.topics().providerHealth(),
                    "wrong-key",
                    health(active, WorkerState.CREDENTIAL_REJECTED, "3 consecutive 401 answers", rejectedAt));
        }
        assertThat(cli.run("providers", "list").out())
                .containsPattern(
                        "wrong-key .*ACTIVE .*credential rejected at 2026-12-06T21:03:05Z \\(3 consecutive 401 answers\\)");
        assertThat(cli.run("providers", "show", "wrong-key").out())
                .containsPattern("worker +credential rejected at 2026-12-06T21:03:05Z");
        try (Connection cluster = connect()) {
            cluster.write(
                    cluster.topics().providerHealth(),
                    "wrong-key",
                    health(active, WorkerState.CANNOT_START, "environment variable WRONG_KEY is not set", rejectedAt));
        }
        assertThat(cli.run("providers", "list").out())
                .contains("worker cannot start: environment variable WRONG_KEY is not set");
        assertThat(cli.run("providers", "deactivate", "wrong-key").out()).contains("INACTIVE");
    }

    private static Connection connect() {
        return new Connection(
                Map.of(
                        Connection.BOOTSTRAP_SERVERS,
                        KAFKA.kafka().bootstrapServers(),
                        Connection.SCHEMA_REGISTRY_URL,
                        KAFKA.schemaRegistry().url()),
                Duration.ofSeconds(10));
    }

    private static ProviderState health(ProviderConfig provider, WorkerState state, String reason, Instant since) {
        return ProviderState.newBuilder()
                .setProvider(provider.getName())
                .setWindowStart(since)
                .setUpdatedAt(since)
                .setWorker(state)
                .setWorkerReason(reason)
                .setWorkerSince(since)
                .setConfigVersion(provider.getVersion())
                .build();
    }

    @Test
    void shouldExplainAnUnreachableEndpoint() {
        cli.run(
                "providers",
                "add",
                "openai-compatible",
                "--name",
                "nowhere",
                "--endpoint",
                "http://127.0.0.1:1/v1",
                "--no-api-key",
                "--model",
                "m");

        Run test = cli.run("providers", "test", "nowhere");

        assertThat(test.exit()).as(test.toString()).isEqualTo(1);
        assertThat(test.out()).contains("FAIL  tcp").contains("what to do: check the endpoint's port");
    }

    @Test
    void shouldFailTheTlsStepOnASelfSignedCertificateAndSayWhatToDo() throws Exception {
        try (SelfSignedHttpsServer https = SelfSignedHttpsServer.start(configDir, "dns:localhost")) {
            cli.run(
                    "providers",
                    "add",
                    "openai-compatible",
                    "--name",
                    "self-signed",
                    "--endpoint",
                    https.url("localhost"),
                    "--no-api-key",
                    "--model",
                    "m");

            Run test = cli.run("providers", "test", "self-signed");

            assertThat(test.exit()).as(test.toString()).isEqualTo(1);
            assertThat(test.out())
                    .as(test.toString())
                    .contains("OK    tcp")
                    .contains(
                            "FAIL  tls           handshake failed: untrusted certificate: the server's certificate (CN=roocode-test) is self-signed and not in the trust store")
                    .contains("what to do: if this endpoint really uses a private CA")
                    .contains("keytool -importcert")
                    .contains("FAILED: self-signed failed at step tls")
                    .doesNotContain("auth");
            assertThat(test.err()).contains("failed its test at step tls").doesNotContain("Exception");
            assertThat(cli.run("providers", "show", "self-signed").out())
                    .contains("FAILED")
                    .contains("tls - handshake failed: untrusted certificate");
        }
    }

    @Test
    void shouldRejectBadInputWithOneLineErrors() {
        assertOneLineUsageError(
                cli.run("providers", "add", "openia", "--name", "x", "--no-api-key"),
                "unknown provider type 'openia'; known types: openai,");
        assertOneLineUsageError(
                cli.run("providers", "add", "openai", "--name", "x", "--api-key-env", "K"), "missing field 'models'");
        assertOneLineUsageError(
                cli.run(
                        "providers",
                        "add",
                        "openai-compatible",
                        "--name",
                        "x",
                        "--endpoint",
                        "htp:/nope",
                        "--model",
                        "m"),
                "is not an http(s) URL");
        assertOneLineUsageError(
                cli.run("providers", "add", "openai-compatible", "--name", "x", "--model", "m", "--no-api-key"),
                "missing field 'endpoint'");
        assertOneLineUsageError(
                cli.run("providers", "add", "anthropic", "--name", "x", "--model", "claude"), "needs an API key");
        assertOneLineUsageError(
                cli.run(
                        "providers",
                        "add",
                        "azure-openai",
                        "--name",
                        "x",
                        "--endpoint",
                        "https://r.openai.azure.com",
                        "--api-version",
                        "2024-10-21",
                        "--model",
                        "gpt-4o",
                        "--api-key-env",
                        "K"),
                "has no deployment");
        assertOneLineUsageError(cli.run("providers", "show", "no-such"), "no provider 'no-such'");
        assertOneLineUsageError(cli.run("routes", "set", "chat", "--candidate", "no-such"), "no provider 'no-such'");
        assertOneLineUsageError(cli.run("routes", "show", "no-such-model"), "no route for model 'no-such-model'");
        assertOneLineUsageError(
                cli.run("providers", "add", "openai", "--name", "x", "--model", "m", "--api-key-env", "K", "--bogus"),
                "Unknown option: '--bogus'");
    }

    @Test
    void shouldRefuseAnEndpointCarryingASecretAndNeverPrintOneFromAnOldRecord() {
        String secret = "sk-in-url-0123456789";
        assertOneLineUsageError(
                cli.run(
                        "providers",
                        "add",
                        "openai-compatible",
                        "--name",
                        "leaky",
                        "--endpoint",
                        SIM.simulator().url() + "/v1?api_key=" + secret,
                        "--no-api-key",
                        "--model",
                        "m"),
                "command line: --endpoint has a query string (?...) — a base URL takes none; give the API key with --api-key-stdin");
        assertOneLineUsageError(
                cli.run(
                        "providers",
                        "add",
                        "openai-compatible",
                        "--name",
                        "leaky",
                        "--endpoint",
                        "http://me:" + secret + "@localhost/v1",
                        "--no-api-key",
                        "--model",
                        "m"),
                "--endpoint carries user info");
        cli.run(
                "providers",
                "add",
                "openai-compatible",
                "--name",
                "old-leaky",
                "--endpoint",
                SIM.simulator().url() + "/v1",
                "--no-api-key",
                "--model",
                "m");
        assertOneLineUsageError(
                cli.run(
                        "providers",
                        "update",
                        "old-leaky",
                        "--endpoint",
                        SIM.simulator().url() + "/v1?api_key=" + secret),
                "--endpoint has a query string");

        // a record written before endpoints were checked: shown redacted, never called
        try (Connection cluster = new Connection(
                Map.of(
                        Connection.BOOTSTRAP_SERVERS,
                        KAFKA.kafka().bootstrapServers(),
                        Connection.SCHEMA_REGISTRY_URL,
                        KAFKA.schemaRegistry().url()),
                Duration.ofSeconds(10))) {
            ProviderConfig old = ProviderStore.get(cluster, "old-leaky");
            old.setEndpoint(SIM.simulator().url() + "/v1?api_key=" + secret);
            ProviderStore.put(cluster, old);
        }
        assertThat(cli.run("providers", "list").out()).contains("/v1?***");
        assertThat(cli.run("providers", "show", "old-leaky").out())
                .containsPattern("endpoint +http://[^ ]+/v1\\?\\*\\*\\*");
        assertThat(cli.run("providers", "show", "old-leaky", "-o", "yaml").out())
                .contains("/v1?***");
        Run test = cli.run("providers", "test", "old-leaky");
        assertThat(test.exit()).as(test.toString()).isEqualTo(1);
        assertThat(test.out())
                .contains("FAIL  configuration")
                .contains("endpoint has a query string")
                .contains("roocode providers update old-leaky --endpoint URL")
                .doesNotContain("OK    tcp");
        assertThat(cli.transcript().lines().filter(line -> !line.startsWith("$ roocode")))
                .as("everything printed, the commands typed aside")
                .noneMatch(line -> line.contains(secret));
    }

    @Test
    void shouldFailTheTestWhenTheEndpointsPathIsWrongAndSaySo() {
        cli.run(
                "providers",
                "add",
                "openai-compatible",
                "--name",
                "wrong-path",
                "--endpoint",
                SIM.simulator().url() + "/wrong/base/",
                "--no-api-key",
                "--model",
                "gpt-4o-mini");

        Run test = cli.run("providers", "test", "wrong-path");

        assertThat(test.exit()).as(test.toString()).isEqualTo(1);
        assertThat(test.out())
                .contains("FAIL  chat")
                .contains("HTTP 404")
                .contains("the request was POST /wrong/base/v1/chat/completions; check the endpoint's base path")
                .contains("FAILED");
    }

    @Test
    void shouldAddFromAFileAndPromptOnATerminal() throws Exception {
        Path file = configDir.resolve("local.yaml");
        Files.writeString(
                file,
                String.join(
                        "\n",
                        "name: from-file",
                        "type: openai-compatible",
                        "preset: ollama",
                        "models:",
                        "  - model: llama3.1",
                        "    inputPrice: 0",
                        "limits: {maxConcurrency: 4}",
                        "timeout: 30s",
                        "retries: 1",
                        ""));
        Run fromFile = cli.run("providers", "add", "-f", file.toString());
        assertThat(fromFile.exit()).as(fromFile.toString()).isZero();
        assertThat(cli.run("providers", "show", "from-file", "-o", "yaml").out())
                .contains("endpoint: http://localhost:11434/v1")
                .contains("preset: ollama")
                .contains("maxAttempts: 2")
                .contains("timeout: 30000ms");

        Run prompted = cli.answers(Arrays.asList(
                        "prompted",
                        SIM.simulator().url(),
                        "",
                        "",
                        "eu",
                        "gpt-4o-mini",
                        "chat",
                        "0.1",
                        "0.2",
                        "",
                        "100",
                        "",
                        "",
                        "",
                        "",
                        KEY))
                .run("providers", "add", "openai");
        assertThat(prompted.exit()).as(prompted.toString()).isZero();
        assertThat(prompted.out()).contains("Added provider prompted (openai, DRAFT), key: encrypted  sha256:");
        assertThat(cli.run("providers", "show", "prompted").out())
                .contains("region         eu")
                .contains("rpm 100");
    }

    @Test
    void shouldUpdateAndRemoveProviders() {
        cli.run(
                "providers",
                "add",
                "openai-compatible",
                "--name",
                "changing",
                "--preset",
                "vllm",
                "--no-api-key",
                "--model",
                "llama");

        Run update =
                cli.run("providers", "update", "changing", "--rpm", "60", "--model", "llama,in=0.1", "--model", "qwen");
        assertThat(update.exit()).as(update.toString()).isZero();
        assertThat(update.out()).contains("version 2");
        assertThat(cli.run("providers", "show", "changing").out())
                .contains("rpm 60")
                .contains("qwen -> qwen");

        cli.run("routes", "set", "llama", "--candidate", "changing");
        cli.run("providers", "activate", "changing", "--force", "--wait-worker", "0");
        Run deactivate = cli.run("providers", "deactivate", "changing");
        assertThat(deactivate.out())
                .as(deactivate.toString())
                .contains("is INACTIVE")
                .doesNotContain("queued");
        queue("roocode.dispatch.changing", 4);
        Run activate = cli.run("providers", "activate", "changing", "--force", "--wait-worker", "0");
        Run deactivateQueued = cli.run("providers", "deactivate", "changing");
        assertThat(deactivateQueued.out())
                .as(activate + "\n" + deactivateQueued)
                .contains(
                        "note: 4 jobs were queued for changing on roocode.dispatch.changing; the connectors send them on without"
                                + " calling it: each is re-routed to another provider of its route, or FAILED with an error naming the provider");
        Run remove = cli.run("providers", "remove", "changing");
        assertThat(remove.exit()).as(remove.toString()).isZero();
        assertThat(remove.out())
                .contains("routes still naming it: llama")
                .contains(
                        "note: 4 jobs were queued for changing on roocode.dispatch.changing; the connectors send them on without");
        assertThat(cli.run("providers", "show", "changing").exit()).isEqualTo(2);
    }

    /** Puts {@code count} records on {@code topic}, as the router would dispatch jobs to a provider no worker reads. */
    private static void queue(String topic, int count) {
        Map<String, Object> props = Map.of("bootstrap.servers", KAFKA.kafka().bootstrapServers());
        try (var producer =
                new KafkaProducer<String, byte[]>(props, new StringSerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < count; i++) {
                producer.send(new ProducerRecord<>(topic, "queued-" + i, new byte[] {0}));
            }
            producer.flush();
        }
    }

    @Test
    void shouldSetShowListAndRemoveRoutes() throws Exception {
        cli.run(
                "providers",
                "add",
                "openai-compatible",
                "--name",
                "r1",
                "--preset",
                "vllm",
                "--no-api-key",
                "--model",
                "m");
        cli.run(
                "providers",
                "add",
                "openai-compatible",
                "--name",
                "r2",
                "--preset",
                "ollama",
                "--no-api-key",
                "--model",
                "m");

        Run set = cli.run(
                "routes",
                "set",
                "chat-default",
                "--strategy",
                "weighted",
                "--candidate",
                "r1:0:80",
                "--candidate",
                "r2:1:20",
                "--fallback",
                "r2",
                "--max-attempts",
                "2",
                "--alias",
                "default",
                "--max-cost-per-job",
                "0.01");
        assertThat(set.exit()).as(set.toString()).isZero();
        Run show = cli.run("routes", "show", "chat-default");
        assertThat(show.out())
                .as(show.toString())
                .contains("WEIGHTED")
                .contains("r1 (priority 0, weight 80)")
                .contains("default")
                .contains("$0.0100");
        assertThat(cli.run("routes", "set", "chat-default", "--candidate", "r1").out())
                .contains("version 2");

        Path file = configDir.resolve("routes.yaml");
        Files.writeString(file, "routes:\n  - model: embed\n    strategy: priority\n    candidates: [r2, r1]\n");
        assertThat(cli.run("routes", "set", "-f", file.toString()).exit()).isZero();
        assertThat(cli.run("routes", "list").out()).contains("chat-default").containsPattern("embed\\s+PRIORITY");
        assertThat(cli.run("routes", "list", "-o", "json").out()).contains("\"model\" : \"embed\"");

        assertThat(cli.run("routes", "remove", "embed").exit()).isZero();
        assertThat(cli.run("routes", "list").out()).doesNotContain("embed");
    }

    @Test
    void shouldRotateAMasterKeyMadeAsTheReadmeSaysAllOrNothing() throws Exception {
        // the README: `openssl rand -base64 32 > ~/.roocode-master.key`, read through ROOCODE_MASTER_KEY_FILE; no id,
        // so its id is its fingerprint
        Path keyFile = configDir.resolve("roocode-master.key");
        String readmeKey = opensslRandBase64(32);
        Files.writeString(keyFile, readmeKey + "\n");
        Cli rot = new Cli(configDir.resolve("rotation"))
                .cluster(
                        KAFKA.kafka().bootstrapServers(), KAFKA.schemaRegistry().url());
        rot.env().remove("ROOCODE_MASTER_KEY");
        rot.env().put("ROOCODE_MASTER_KEY_FILE", keyFile.toString());
        rot.env().put("ROOCODE_TOPIC_PREFIX", "rotation.");
        assertThat(rot.run("init", "--partitions", "1", "--replication-factor", "1")
                        .exit())
                .isZero();
        assertThat(rot.stdin(KEY + "\n")
                        .run(
                                "providers",
                                "add",
                                "openai-compatible",
                                "--name",
                                "rotating",
                                "--endpoint",
                                SIM.simulator().url(),
                                "--api-key-stdin",
                                "--model",
                                "gpt-4o-mini")
                        .exit())
                .isZero();
        String readmeId = rot.run("providers", "show", "rotating")
                .out()
                .replaceAll("(?s).*\\(master key ([0-9a-f]{8})\\).*", "$1");
        assertThat(readmeId).matches("[0-9a-f]{8}");
        assertThat(rot.stdin("sasl-secret\n")
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
                                "PLAIN",
                                "--sasl-username",
                                "u",
                                "--sasl-password-stdin",
                                "--no-check")
                        .exit())
                .isZero();
        Path remote = configDir.resolve("rotation/profiles/remote.properties");
        String remoteBefore = Files.readString(remote);
        // a provider under a key nobody lists: the rotation must change nothing, print no success
        rot.env().put("ROOCODE_MASTER_KEY", "other:" + opensslRandBase64(32));
        assertThat(rot.stdin("sk-other\n")
                        .run(
                                "providers",
                                "add",
                                "openai-compatible",
                                "--name",
                                "stranger",
                                "--endpoint",
                                SIM.simulator().url(),
                                "--api-key-stdin",
                                "--model",
                                "m")
                        .exit())
                .isZero();
        String newKey = opensslRandBase64(32);
        rot.env()
                .put("ROOCODE_MASTER_KEY", "new:" + newKey + ",old:" + readmeKey); // the syntax of 'keys rotate --help'

        Run refused = rot.run("keys", "rotate");

        assertThat(refused.exit()).as(refused.toString()).isEqualTo(1);
        assertThat(refused.out())
                .contains("FAILED  provider stranger")
                .doesNotContain("rotated provider")
                .doesNotContain("re-encrypted");
        assertThat(refused.err())
                .contains("nothing was re-encrypted: cannot decrypt provider stranger")
                .hasLineCount(1);
        assertThat(rot.run("providers", "show", "rotating").out()).contains("(master key " + readmeId + ")");
        assertThat(Files.readString(remote)).isEqualTo(remoteBefore);

        assertThat(rot.run("providers", "remove", "stranger").exit()).isZero();
        Run rotate = rot.run("keys", "rotate");

        assertThat(rotate.exit()).as(rotate.toString()).isZero();
        assertThat(rotate.out())
                .contains("Current master key: new (")
                .contains("old (" + readmeId + ")")
                .contains("rotated provider rotating: " + readmeId + " -> new")
                .contains("re-encrypted profile remote: " + readmeId + " -> new")
                .contains("Rotated 1 provider key(s) and 1 profile(s)");
        assertThat(rot.run("providers", "show", "rotating").out()).contains("(master key new)");
        assertThat(rot.run("keys", "rotate").out())
                .as("nothing left to do")
                .contains("Rotated 0 provider key(s) and 0 profile(s); 1 provider key(s) already under new");

        // the sandbox's own key, as the help's footer says: new key first in the file, rotate, keep only the new key
        rot.env().remove("ROOCODE_MASTER_KEY");
        String newest = opensslRandBase64(32);
        Files.writeString(keyFile, newest + "\n" + newKey + "\n");
        Run fromFile = rot.run("keys", "rotate");
        assertThat(fromFile.exit()).as(fromFile.toString()).isZero();
        assertThat(fromFile.out())
                .containsPattern("rotated provider rotating: new -> [0-9a-f]{8}")
                .containsPattern("re-encrypted profile remote: new -> [0-9a-f]{8}");
        Files.writeString(keyFile, newest + "\n");
        Run test = rot.run("providers", "test", "rotating", "--no-save");
        assertThat(test.exit()).as(test.toString()).isZero();
        assertThat(test.out()).contains("OK    auth");
        assertThat(rot.transcript())
                .doesNotContain(KEY)
                .doesNotContain("sasl-secret")
                .doesNotContain(readmeKey)
                .doesNotContain(newKey)
                .doesNotContain(newest);
    }

    /** What {@code openssl rand -base64 N} prints, without its newline. */
    private static String opensslRandBase64(int bytes) {
        byte[] random = new byte[bytes];
        new SecureRandom().nextBytes(random);
        return Base64.getEncoder().encodeToString(random);
    }

    @Test
    void shouldFailFastOnAnUnreachableCluster() {
        Cli nowhere = new Cli(configDir).cluster("127.0.0.1:1", "http://127.0.0.1:1");
        long start = System.nanoTime();

        Run run = nowhere.run("providers", "list", "--request-timeout", "2s");

        assertThat(run.exit()).as(run.toString()).isEqualTo(1);
        assertThat(run.err())
                .contains("cannot reach Kafka at 127.0.0.1:1")
                .doesNotContain("Exception")
                .hasLineCount(1);
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(10_000);
    }

    private static void assertOneLineUsageError(Run run, String message) {
        assertThat(run.exit()).as(run.toString()).isEqualTo(2);
        assertThat(run.err())
                .as(run.toString())
                .contains(message)
                .doesNotContain("Exception")
                .doesNotContain("\tat ");
        assertThat(run.err().lines().filter(l -> l.startsWith("roocode:")).count())
                .as(run.toString())
                .isEqualTo(1);
    }
}
