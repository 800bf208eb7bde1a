package dev.roocode.cli.provider;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.roocode.cli.common.CliContext;
import dev.roocode.cli.common.CliException;
import dev.roocode.cli.common.OutputOptions;
import dev.roocode.cli.connection.Connection;
import dev.roocode.cli.connection.ConnectionOptions;
import dev.roocode.core.provider.ProviderDescriptor;
import dev.roocode.core.provider.ProviderTypes;
import dev.roocode.schemas.avro.ProviderConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code roocode providers add TYPE}: a new DRAFT provider and its dispatch topic. */
@Command(
        name = "add",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Add a provider as DRAFT on the providers topic and create its dispatch topic. On a terminal without --name",
            "or --model, every field not given as a flag is asked for (the key without echo); scripts pass flags or -f provider.yaml",
            "(docs/providers-file.md). The key is never an argument: --api-key-stdin or the prompt store it encrypted",
            "(needs ROOCODE_MASTER_KEY), --api-key-env / --api-key-file store a reference.",
            "Types: openai, azure-openai, anthropic, gemini, cohere, huggingface, openai-compatible.",
            ""
        },
        footer = {
            "",
            "Examples:",
            "  roocode providers add openai --name openai-main --api-key-env OPENAI_API_KEY \\",
            "      --model gpt-4o-mini,in=0.15,out=0.60 --model text-embedding-3-small,kind=embedding,in=0.02",
            "  echo \"$KEY\" | roocode providers add anthropic --name claude --api-key-stdin --model claude-3-5-haiku-latest,in=0.8,out=4",
            "  roocode providers add azure-openai --name azure-eu --endpoint https://my-res.openai.azure.com --api-version 2024-10-21 \\",
            "      --deployment gpt-4o=gpt4o-prod --model gpt-4o,in=2.5,out=10 --api-key-file /run/secrets/azure --region eu",
            "  roocode providers add openai-compatible --name local --preset vllm --no-api-key --model llama-3.1-8b",
            "  roocode providers add -f examples/providers/gemini.yaml",
            "",
            "Exit codes: 0 added, 1 cluster failure, 2 invalid input (unknown type, missing field, malformed URL, name taken)."
        })
public final class ProvidersAddCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "TYPE", description = "Provider type (not needed with -f).")
    String type;

    @Option(
            names = "--name",
            paramLabel = "NAME",
            description = "Unique provider name; its dispatch topic is <prefix>dispatch.<name>.")
    String name;

    @Option(
            names = {"-f", "--file"},
            paramLabel = "provider.yaml",
            description = "Read the provider (or a providers: list) from a file.")
    Path file;

    @Mixin
    ProviderOptions fields;

    @Mixin
    KeyOptions key;

    @Mixin
    ConnectionOptions connection;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        CliContext context = CliContext.of(spec);
        List<ProviderConfig> providers = new ArrayList<>();
        Map<String, String> fingerprints = new HashMap<>();
        if (file != null) {
            ProviderFile.Contents contents = ProviderFile.read(file);
            for (ProviderConfig p : contents.providers()) {
                ObjectNode node = ProviderView.toFileNode(p);
                fields.applyTo(node);
                providers.add(withKey(
                        context,
                        ProviderFile.provider(new Fields(file.getFileName().toString(), "", node)),
                        p,
                        fingerprints,
                        contents.providers().size() == 1));
            }
            if (!contents.routes().isEmpty()) {
                out.println("note: " + contents.routes().size() + " route(s) in " + file
                        + " are not added here; use 'roocode routes set -f " + file + "'");
            }
        } else {
            if (type == null) {
                throw CliException.usage(
                        "give the provider TYPE (" + String.join(", ", ProviderTypes.ids()) + ") or -f provider.yaml");
            }
            ProviderDescriptor providerType = ProviderTypes.find(type)
                    .orElseThrow(() -> CliException.usage("unknown provider type '" + type + "'; known types: "
                            + String.join(", ", ProviderTypes.ids())));
            ObjectNode node = OutputOptions.json().createObjectNode();
            node.put("type", providerType.id());
            if (name != null) {
                node.put("name", name);
            }
            fields.applyTo(node);
            // prompts only when the command line lacks what a provider needs, so scripts on a terminal are not asked
            if (context.prompter().interactive() && (name == null || fields.models.isEmpty())) {
                fields.ask(context.prompter(), providerType, node);
            } else if (name == null) {
                throw CliException.usage("missing --name (a unique name such as " + providerType.id() + "-main)");
            }
            ProviderConfig parsed = ProviderFile.provider(new Fields("command line", "", node));
            providers.add(withKey(context, parsed, parsed, fingerprints, true));
        }
        try (Connection cluster = connection.connect()) {
            Map<String, ProviderConfig> existing = ProviderStore.all(cluster);
            for (ProviderConfig p : providers) {
                if (existing.containsKey(p.getName())) {
                    throw CliException.usage(
                            "provider '" + p.getName() + "' exists; change it with 'roocode providers update "
                                    + p.getName() + "' or remove it first");
                }
            }
            for (ProviderConfig p : providers) {
                out.println(ProviderOperations.add(cluster, p));
            }
            String first = providers.get(0).getName();
            out.println("Next: roocode providers test " + first + ", then roocode providers activate " + first);
            out.flush();
            return 0;
        }
    }

    private ProviderConfig withKey(
            CliContext context,
            ProviderConfig parsed,
            ProviderConfig fromFile,
            Map<String, String> fingerprints,
            boolean single) {
        if (key.given() && !single) {
            throw CliException.usage(
                    "--api-key-* options apply to one provider; this file holds several: give each a credential in the file");
        }
        boolean ask = parsed.getCredential().getKind() == dev.roocode.schemas.avro.CredentialKind.NONE
                && !parsed.getSettings().containsKey("preset")
                && ProviderTypes.find(parsed.getType())
                        .map(t -> t.needs().key())
                        .orElse(false);
        KeyOptions.Chosen chosen = single ? key.choose(context, parsed.getName(), ask) : null;
        if (chosen != null) {
            parsed.setCredential(chosen.credential());
            if (chosen.fingerprint() != null) {
                parsed.getSettings().put(ProviderView.FINGERPRINT, chosen.fingerprint());
            }
        } else if (fromFile != parsed
                && fromFile.getCredential().getKind() != dev.roocode.schemas.avro.CredentialKind.NONE) {
            parsed.setCredential(fromFile.getCredential());
        }
        if (parsed.getCredential().getKind() == dev.roocode.schemas.avro.CredentialKind.ENV
                && !parsed.getSettings().containsKey(ProviderView.FINGERPRINT)) {
            String value = context.env().get(parsed.getCredential().getValue());
            if (value != null && !value.isBlank()) {
                parsed.getSettings()
                        .put(ProviderView.FINGERPRINT, dev.roocode.core.secret.Fingerprint.of(value.trim()));
            }
        }
        ProviderFile.requireKey(
                file == null ? "command line" : file.getFileName().toString(), parsed);
        return parsed;
    }
}
