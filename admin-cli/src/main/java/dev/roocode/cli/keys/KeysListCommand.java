package dev.roocode.cli.keys;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.roocode.cli.common.OutputOptions;
import dev.roocode.cli.connection.Connection;
import dev.roocode.cli.connection.ConnectionOptions;
import dev.roocode.schemas.avro.ApiKey;
import java.io.PrintWriter;
import java.util.Collection;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code roocode keys list}: the virtual API keys, without any secret. */
@Command(
        name = "list",
        mixinStandardHelpOptions = true,
        description = {
            "List the virtual API keys of roocode-api that are not revoked: id, tenant, admin, rpm, budget, allowed",
            "addresses, creation time and name. Never a key or its hash: a key is shown only when it is created.",
            ""
        },
        footer = {
            "",
            "Examples:",
            "  roocode keys list",
            "  roocode keys list -o json | jq -r '.keys[] | select(.tenant==\"acme\") | .id'"
        })
public final class KeysListCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ConnectionOptions connection;

    @Mixin
    OutputOptions output;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Collection<ApiKey> keys;
        try (Connection cluster = connection.connect()) {
            keys = ApiKeyStore.all(cluster).values();
        }
        if (output.text()) {
            if (keys.isEmpty()) {
                out.println("No API keys yet; create one with 'roocode keys create --tenant <tenant>'.");
            } else {
                KeyView.table(out, keys);
            }
            out.flush();
        } else {
            ArrayNode list = OutputOptions.json().createArrayNode();
            keys.forEach(k -> list.add(KeyView.toNode(k)));
            output.print(out, OutputOptions.json().createObjectNode().set("keys", list));
        }
        return 0;
    }
}
