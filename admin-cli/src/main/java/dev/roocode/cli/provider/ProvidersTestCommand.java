package dev.roocode.cli.provider;

import dev.roocode.cli.common.CliContext;
import dev.roocode.cli.common.CliException;
import dev.roocode.cli.connection.Connection;
import dev.roocode.cli.connection.ConnectionOptions;
import dev.roocode.cli.provider.diagnose.Step;
import dev.roocode.connectors.provider.support.Endpoints;
import dev.roocode.connectors.worker.CredentialResolver;
import dev.roocode.schemas.avro.ProviderConfig;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code roocode providers test NAME}: step-by-step diagnostics; the result is remembered for {@code activate}. */
@Command(
        name = "test",
        mixinStandardHelpOptions = true,
        description = {
            "Check a provider step by step and print each step with its latency: configuration (adapter, credential,",
            "models), DNS, TCP, TLS, authentication, and one minimal real request per offered job kind (chat, embedding)",
            "through the connectors' own adapter. On failure it says why and what to do. The result is saved with the",
            "provider; 'providers activate' refuses a provider whose last test failed. Keys are read here as the connectors",
            "would: env and file references from this machine, encrypted keys with ROOCODE_MASTER_KEY. The TLS step",
            "checks the certificate against this JVM's trust store: a self-signed or private-CA certificate fails it, with",
            "the certificate's subject and what to do.",
            ""
        },
        footer = {
            "",
            "Examples:",
            "  roocode providers test openai-main",
            "  roocode providers test azure-eu --no-save",
            "",
            "Exit codes: 0 every step passed, 1 a step failed, 2 unknown provider."
        })
public final class ProvidersTestCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NAME", description = "Provider name.")
    String name;

    @Option(names = "--no-save", description = "Do not remember the result on the providers topic.")
    boolean noSave;

    @Mixin
    ConnectionOptions connection;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        CliContext context = CliContext.of(spec);
        try (Connection cluster = connection.connect()) {
            ProviderConfig provider = ProviderStore.get(cluster, name);
            out.printf(
                    "Testing provider %s (%s, %s)%n",
                    name, provider.getType(), Endpoints.redact(provider.getEndpoint()));
            out.flush();
            ProviderOperations.Tested tested = ProviderOperations.test(
                    cluster, name, new CredentialResolver(context.env()::get), connection.requestTimeout(), noSave);
            for (Step step : tested.steps()) {
                out.printf(
                        "  %-4s  %-13s %s%s%n",
                        step.status(),
                        step.name(),
                        step.detail(),
                        step.millis() < 0 ? "" : "  (" + step.millis() + " ms)");
                if (step.status() == Step.Status.FAIL) {
                    out.printf("        what to do: %s%n", step.advice());
                }
            }
            Step failed = tested.failed();
            String verdict = failed == null ? "PASSED" : "FAILED";
            out.println(verdict
                    + (failed == null
                            ? ": " + name + " works; activate it with 'roocode providers activate " + name + "'"
                            : ": " + name + " failed at step " + failed.name()));
            out.flush();
            if (failed != null) {
                throw CliException.failure("provider " + name + " failed its test at step " + failed.name());
            }
            return 0;
        }
    }
}
