package dev.roocode.cli.provider;

import dev.roocode.cli.connection.Connection;
import dev.roocode.cli.connection.ConnectionOptions;
import dev.roocode.processor.router.WorkerHealth;
import dev.roocode.schemas.avro.ProviderConfig;
import dev.roocode.schemas.avro.ProviderState;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code roocode providers activate NAME}: the provider takes traffic; refused after a failed test unless --force. */
@Command(
        name = "activate",
        mixinStandardHelpOptions = true,
        description = {
            "Make a provider ACTIVE: the connectors start its worker and the router may choose it. Refused when its last",
            "'providers test' failed, or when this build has no adapter for its type, unless --force. Then waits up to",
            "--wait-worker seconds for a connectors worker to report on it, and warns when none did, or when it cannot start.",
            ""
        },
        footer = {
            "",
            "Examples:",
            "  roocode providers activate openai-main",
            "  roocode providers activate flaky-local --force",
            "",
            "Exit codes: 0 active, 1 refused or cluster failure, 2 unknown provider."
        })
public final class ProvidersActivateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NAME", description = "Provider name.")
    String name;

    @Option(names = "--force", description = "Activate even though the last test failed or was never run.")
    boolean force;

    @Option(
            names = "--wait-worker",
            paramLabel = "SECONDS",
            defaultValue = "5",
            description =
                    "How long to wait for a connectors worker to report on the provider (default: ${DEFAULT-VALUE}; 0: do not wait).")
    int waitWorker;

    @Mixin
    ConnectionOptions connection;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        try (Connection cluster = connection.connect()) {
            ProviderOperations.Activated activated = ProviderOperations.activate(cluster, name, force);
            out.println(activated.message());
            out.flush();
            if (activated.changed() && waitWorker > 0) {
                reportWorker(out, cluster, activated.provider());
            }
            return 0;
        }
    }

    /**
     * Waits for a worker's report about this version of the provider on provider-health and says
     * what it is: jobs routed to a provider no worker serves would wait on its topic unseen.
     */
    private void reportWorker(PrintWriter out, Connection cluster, ProviderConfig provider)
            throws InterruptedException {
        long deadline = System.nanoTime() + waitWorker * 1_000_000_000L;
        ProviderState report = null;
        while (report == null) {
            ProviderState health = WorkerStatus.all(cluster).get(name);
            if (health != null
                    && health.getConfigVersion() != null
                    && health.getConfigVersion() >= provider.getVersion()) {
                report = health;
            } else if (System.nanoTime() > deadline) {
                break;
            } else {
                Thread.sleep(500);
            }
        }
        String down = report == null ? null : WorkerHealth.describe(report);
        if (report == null) {
            out.println("warning: no worker has picked up " + name
                    + " yet (is a connectors process running with its credential?);"
                    + " its jobs wait on its topic until one does");
        } else if (down != null) {
            out.println("warning: " + name + ": " + down + "; the router sends it no jobs until it is fixed"
                    + " ('roocode providers update " + name + " ...')");
        } else {
            out.println("A connectors worker runs " + name + ".");
        }
        out.flush();
    }
}
