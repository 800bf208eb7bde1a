package dev.roocode.cli.keys;

import dev.roocode.api.auth.KeySecrets;
import dev.roocode.cli.common.CliException;
import dev.roocode.cli.connection.Connection;
import dev.roocode.cli.connection.ConnectionOptions;
import dev.roocode.schemas.avro.ApiKey;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code roocode keys revoke ID}: a tombstone on the api-keys topic; roocode-api refuses the key from then on. */
@Command(
        name = "revoke",
        mixinStandardHelpOptions = true,
        description = {
            "Revoke a virtual API key by its id (a tombstone on the compacted api-keys topic): running roocode-api",
            "services refuse it with 401 within a second. Its tenant's files, batches and jobs stay.",
            ""
        },
        footer = {"", "Examples:", "  roocode keys revoke 4k2m9q7x1c0b"})
public final class KeysRevokeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "ID", description = "The key's id, as 'roocode keys list' shows it.")
    String keyId;

    @Mixin
    ConnectionOptions connection;

    @Override
    public Integer call() {
        if (!KeySecrets.KEY_ID.matcher(keyId).matches()) {
            // never echo it: it may be a whole key pasted by mistake
            throw CliException.usage(
                    "not a key id: give the 12-character id 'roocode keys list' shows (rk-<id>-..., not the whole key)");
        }
        PrintWriter out = spec.commandLine().getOut();
        try (Connection cluster = connection.connect()) {
            ApiKey revoked = ApiKeyStore.revoke(cluster, keyId);
            out.println("Revoked API key " + keyId + " (" + KeyView.describe(revoked)
                    + "); roocode-api refuses it within a second.");
            out.flush();
        }
        return 0;
    }
}
