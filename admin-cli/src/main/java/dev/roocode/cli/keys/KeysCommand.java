package dev.roocode.cli.keys;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code roocode keys}: the verb parent of two kinds of keys: the virtual API keys of roocode-api (create, list,
 * revoke) and the master key that encrypts stored provider secrets (rotate).
 */
@Command(
        name = "keys",
        mixinStandardHelpOptions = true,
        description = {
            "API keys of roocode-api (create, list, revoke) and the master key of stored secrets (rotate).",
            "API keys: the virtual keys clients give roocode-api, the OpenAI-compatible HTTP API (Authorization: Bearer",
            "rk-...). Each belongs to a tenant and may have a requests-per-minute limit, a budget and an IP allowlist;",
            "only the hash of its secret is stored, on the api-keys topic.",
            "%nMaster keys: encrypt the provider API keys stored on the cluster (ROOCODE_MASTER_KEY or",
            "ROOCODE_MASTER_KEY_FILE: comma-separated [id:]base64-of-32-bytes; the first encrypts, all decrypt).",
            "Generate one with 'openssl rand -base64 32'.",
            ""
        },
        footer = {
            "",
            "Examples:",
            "  roocode keys create --tenant acme --rpm 600 --budget 50",
            "  roocode keys list",
            "  roocode keys revoke 4k2m9q7x1c0b",
            "  roocode keys rotate --dry-run",
            "",
            "Rotating the master key:",
            "  1. put the new key first and keep the old one: ROOCODE_MASTER_KEY=new:<base64>,old:<base64>",
            "     on the connectors and here; workers keep working, they accept both keys. A key is found by its id or",
            "     its fingerprint, so a key made without an id (as the README makes it) may be listed as old:<base64>",
            "  2. roocode keys rotate   re-encrypts every provider key and profile secret under 'new' (all or nothing)",
            "  3. drop the old key from ROOCODE_MASTER_KEY everywhere",
            "A key kept in a file (ROOCODE_MASTER_KEY_FILE, as the README's sandbox): see 'roocode keys rotate --help'."
        },
        subcommands = {KeysCreateCommand.class, KeysListCommand.class, KeysRevokeCommand.class, KeysRotateCommand.class
        })
public final class KeysCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
