package dev.roocode.cli.keys;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.roocode.api.auth.Cidr;
import dev.roocode.api.auth.KeySecrets;
import dev.roocode.cli.common.CliException;
import dev.roocode.cli.common.OutputOptions;
import dev.roocode.cli.connection.Connection;
import dev.roocode.cli.connection.ConnectionOptions;
import dev.roocode.schemas.avro.ApiKey;
import dev.roocode.schemas.topic.Topics;
import java.io.PrintWriter;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code roocode keys create}: a new virtual API key of roocode-api. Prints the key once; only the hash of its secret
 * goes to the api-keys topic.
 */
@Command(
        name = "create",
        mixinStandardHelpOptions = true,
        description = {
            "Create a virtual API key for roocode-api (the OpenAI-compatible HTTP API) and print it once: only the",
            "SHA-256 hash of its secret is stored, on the compacted api-keys topic, so a lost key cannot be shown again",
            "(revoke it and create another). The key looks like rk-<id>-<secret>; its id is safe to show and is what",
            "'keys list' and 'keys revoke' use. Requests with it run as its tenant and see only that tenant's files and",
            "batches. Running roocode-api services accept it within a second.",
            ""
        },
        footer = {
            "",
            "Examples:",
            "  roocode keys create --tenant acme --name 'nightly summaries' --rpm 600 --budget 50",
            "  roocode keys create --tenant acme --allow-ip 10.0.0.0/8 --allow-ip 192.0.2.7",
            "  roocode keys create --admin --name ops",
            "  export OPENAI_API_KEY=$(roocode keys create --tenant acme -o json | jq -r .key)"
        })
public final class KeysCreateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(
            names = "--tenant",
            paramLabel = "TENANT",
            description = "The tenant the key's requests belong to (required unless --admin).")
    String tenant;

    @Option(
            names = "--budget",
            paramLabel = "USD",
            description = "Refuse the key's requests (429 insufficient_quota) once its tenant's committed spend (spent"
                    + " plus in flight) reaches this many USD.")
    Double budgetUsd;

    @Option(
            names = "--rpm",
            paramLabel = "N",
            description = "Requests per minute the key may make (a burst of N, then one every 60/N s; 429 with"
                    + " Retry-After beyond).")
    Integer rpm;

    @Option(
            names = "--allow-ip",
            paramLabel = "CIDR",
            description = "Accept the key only from this address or block (IPv4 or IPv6; repeat for several). Default:"
                    + " any address.")
    List<String> allowIps = new ArrayList<>();

    @Option(names = "--admin", description = "The key may use the admin endpoints; it may have no tenant.")
    boolean admin;

    @Option(names = "--name", paramLabel = "NAME", description = "A label: what the key is for, who holds it.")
    String name;

    @Mixin
    ConnectionOptions connection;

    @Mixin
    OutputOptions output;

    @Override
    public Integer call() {
        ApiKey.Builder record = validated();
        PrintWriter out = spec.commandLine().getOut();
        KeySecrets.NewKey key = KeySecrets.generate(new SecureRandom());
        ApiKey apiKey = record.setKeyId(key.keyId())
                .setSecretSha256(key.secretSha256())
                .setCreatedAt(Instant.now())
                .build();
        try (Connection cluster = connection.connect()) {
            ApiKeyStore.all(cluster); // a clear "run 'roocode init'" when the topic is missing, before writing
            ApiKeyStore.put(cluster, apiKey);
        }
        if (output.text()) {
            out.println(key.key());
            out.println("Created API key " + key.keyId() + " (" + KeyView.describe(apiKey)
                    + "). This is the only time the key is shown: store it now.");
            out.flush();
        } else {
            ObjectNode node = KeyView.toNode(apiKey);
            node.put("key", key.key());
            output.print(out, node);
        }
        return 0;
    }

    private ApiKey.Builder validated() {
        if (tenant == null && !admin) {
            throw CliException.usage("--tenant is required (or --admin for an admin key without a tenant)");
        }
        if (tenant != null && !Topics.TENANT_NAME.matcher(tenant).matches()) {
            throw CliException.usage("bad --tenant '" + tenant + "': 1 to 64 of a-z A-Z 0-9 _ -");
        }
        if (budgetUsd != null && (budgetUsd.isNaN() || budgetUsd <= 0 || budgetUsd.isInfinite())) {
            throw CliException.usage("--budget must be a positive number of USD: " + budgetUsd);
        }
        if (budgetUsd != null && tenant == null) {
            throw CliException.usage("--budget needs --tenant: a budget caps a tenant's spend");
        }
        if (rpm != null && rpm < 1) {
            throw CliException.usage("--rpm must be at least 1: " + rpm);
        }
        List<String> blocks = new ArrayList<>();
        for (String ip : allowIps) {
            try {
                blocks.add(Cidr.parse(ip).text());
            } catch (IllegalArgumentException e) {
                throw CliException.usage("bad --allow-ip: " + e.getMessage());
            }
        }
        return ApiKey.newBuilder()
                .setTenant(tenant)
                .setAdmin(admin)
                .setRpm(rpm)
                .setBudgetUsd(budgetUsd)
                .setAllowedCidrs(blocks)
                .setName(name);
    }
}
