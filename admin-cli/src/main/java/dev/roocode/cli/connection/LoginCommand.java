package dev.roocode.cli.connection;

import dev.roocode.cli.common.CliContext;
import dev.roocode.cli.common.CliException;
import dev.roocode.cli.common.Secrets;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code roocode login}: saves a named connection profile, secrets encrypted, after checking that the cluster answers. */
@Command(
        name = "login",
        mixinStandardHelpOptions = true,
        description = {
            "Save a named connection profile (bootstrap servers, Kafka security settings, schema registry, topic prefix)",
            "in the config folder ($ROOCODE_CONFIG_DIR, else ~/.config/roocode). Secret values (the SASL password, sasl.jaas.config,",
            "*.password, basic.auth.user.info) are encrypted with ROOCODE_MASTER_KEY. Every cluster command then uses the profile",
            "('default' unless --profile or ROOCODE_PROFILE names another); --config, ROOCODE_* variables and flags override it.",
            ""
        },
        footer = {
            "",
            "Examples:",
            "  roocode login -b localhost:9092 --schema-registry-url http://localhost:8081",
            "  roocode login --profile prod -b broker:9093 --schema-registry-url https://registry:8081 \\",
            "      --security-protocol SASL_SSL --sasl-mechanism SCRAM-SHA-512 --sasl-username roocode --sasl-password-stdin < pass.txt",
            "  roocode login --profile dev -b localhost:9092 --schema-registry-url http://localhost:8081 -X client.id=me --no-check",
            "",
            "Exit codes: 0 saved, 1 cluster not reachable (nothing saved), 2 usage error."
        })
public final class LoginCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(
            names = "--profile",
            paramLabel = "NAME",
            defaultValue = Profiles.DEFAULT,
            description = "Profile name (default: ${DEFAULT-VALUE}).")
    String profile;

    @Option(
            names = {"-b", "--bootstrap-servers"},
            required = true,
            paramLabel = "HOST:PORT[,...]",
            description = "Kafka brokers.")
    String bootstrapServers;

    @Option(
            names = "--schema-registry-url",
            required = true,
            paramLabel = "URL",
            description = "Confluent-compatible schema registry URL.")
    String schemaRegistryUrl;

    @Option(
            names = "--topic-prefix",
            paramLabel = "PREFIX",
            description = "Prefix of Roocode's topics (default: roocode.).")
    String topicPrefix;

    @Option(
            names = "--security-protocol",
            paramLabel = "PROTOCOL",
            description = "PLAINTEXT, SSL, SASL_PLAINTEXT or SASL_SSL.")
    String securityProtocol;

    @Option(
            names = "--sasl-mechanism",
            paramLabel = "MECHANISM",
            description = "PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512 (with --sasl-username).")
    String saslMechanism;

    @Option(
            names = "--sasl-username",
            paramLabel = "USER",
            description = "SASL user; the password comes from a prompt or --sasl-password-stdin.")
    String saslUsername;

    @Option(names = "--sasl-password-stdin", description = "Read the SASL password from standard input.")
    boolean saslPasswordStdin;

    @Option(names = "--ssl-truststore-location", paramLabel = "FILE", description = "Trust store for SSL.")
    Path truststore;

    @Option(
            names = {"-X", "--kafka-property"},
            paramLabel = "KEY=VALUE",
            description = "Any other Kafka client or registry setting; secret keys are encrypted.")
    Map<String, String> extra = new LinkedHashMap<>();

    @Option(names = "--no-check", description = "Save without checking that the cluster answers.")
    boolean noCheck;

    @Option(
            names = "--request-timeout",
            paramLabel = "DURATION",
            defaultValue = "10s",
            converter = dev.roocode.cli.common.DurationConverter.class,
            description = "How long the check waits for the cluster (default: 10s).")
    Duration timeout;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        CliContext context = CliContext.of(spec);
        Map<String, String> settings = new LinkedHashMap<>(extra);
        settings.put(Connection.BOOTSTRAP_SERVERS, bootstrapServers.trim());
        settings.put(Connection.SCHEMA_REGISTRY_URL, Urls.check("--schema-registry-url", schemaRegistryUrl));
        putIfSet(settings, Connection.TOPIC_PREFIX, topicPrefix);
        putIfSet(settings, "security.protocol", securityProtocol);
        putIfSet(settings, "ssl.truststore.location", truststore == null ? null : truststore.toString());
        if (saslUsername != null) {
            String mechanism = saslMechanism == null ? "PLAIN" : saslMechanism.toUpperCase(Locale.ROOT);
            String module = switch (mechanism) {
                case "PLAIN" -> "org.apache.kafka.common.security.plain.PlainLoginModule";
                case "SCRAM-SHA-256", "SCRAM-SHA-512" -> "org.apache.kafka.common.security.scram.ScramLoginModule";
                default ->
                    throw CliException.usage(
                            "--sasl-username works with --sasl-mechanism PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512;"
                                    + " for " + mechanism + " pass -X sasl.jaas.config=...");
            };
            String password = Secrets.read(
                    context, saslPasswordStdin, "SASL password for " + saslUsername, "--sasl-password-stdin");
            settings.put("sasl.mechanism", mechanism);
            settings.put(
                    "sasl.jaas.config",
                    module + " required username=\"" + jaasEscape(saslUsername) + "\" password=\""
                            + jaasEscape(password) + "\";");
        } else {
            putIfSet(settings, "sasl.mechanism", saslMechanism);
        }
        if (!noCheck) {
            try (Connection connection = new Connection(new LinkedHashMap<>(settings), timeout)) {
                connection.checkReachable();
            }
        }
        Profiles profiles = new Profiles(context.configDir(), context::masterKeys);
        Path file = profiles.save(profile, settings);
        out.println("Saved profile " + profile + " to " + file + (noCheck ? "" : " (cluster answered)"));
        long secrets = settings.keySet().stream().filter(Profiles::isSecret).count();
        if (secrets > 0) {
            out.println("  " + secrets + " secret setting(s) encrypted with master key "
                    + context.masterKeys().currentId());
        }
        return 0;
    }

    private static String jaasEscape(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    private static void putIfSet(Map<String, String> settings, String key, String value) {
        if (value != null && !value.isBlank()) {
            settings.put(key, value.trim());
        }
    }
}
