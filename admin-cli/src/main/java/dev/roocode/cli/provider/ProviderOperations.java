package dev.roocode.cli.provider;

import dev.roocode.cli.common.CliException;
import dev.roocode.cli.connection.Connection;
import dev.roocode.cli.init.InitCommand;
import dev.roocode.cli.provider.diagnose.ProviderProbe;
import dev.roocode.cli.provider.diagnose.Step;
import dev.roocode.connectors.provider.ProviderAdapters;
import dev.roocode.connectors.worker.CredentialResolver;
import dev.roocode.schemas.avro.ProviderConfig;
import dev.roocode.schemas.avro.ProviderStatus;
import dev.roocode.schemas.avro.RoutePolicy;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;

/**
 * The provider operations behind both front ends: the {@code roocode providers} commands print these outcomes, and
 * {@link ClusterProviderAdmin} serves them to the admin endpoints and the web console. Each works on an open
 * {@link Connection}, throws {@link CliException} with the CLI's one-line message, and returns the lines it has to say.
 */
public final class ProviderOperations {
    private ProviderOperations() {}

    /** Adds {@code provider} as DRAFT version 1 with its dispatch topics; refused when the name is taken. */
    public static String add(Connection cluster, ProviderConfig provider) {
        if (ProviderStore.all(cluster).containsKey(provider.getName())) {
            throw CliException.usage("provider '" + provider.getName() + "' exists; change it with 'roocode providers"
                    + " update " + provider.getName() + "' or remove it first");
        }
        provider.setStatus(ProviderStatus.DRAFT);
        provider.setVersion(1);
        ProviderStore.put(cluster, provider);
        boolean created = topic(provider.getName(), () -> InitCommand.createDispatchTopic(cluster, provider.getName()));
        boolean batchCreated = topic(provider.getName(), () -> InitCommand.createBatchDispatchTopic(cluster, provider));
        return String.format(
                "Added provider %s (%s, DRAFT), key: %s%s%s",
                provider.getName(),
                provider.getType(),
                ProviderView.credential(provider),
                created
                        ? ", topic "
                                + cluster.topics().dispatch(provider.getName()).name() + " created"
                        : "",
                batchCreated
                        ? ", batch topic "
                                + cluster.topics()
                                        .batchDispatch(provider.getName())
                                        .name() + " created"
                        : "");
    }

    /**
     * Writes {@code updated} over {@code existing}: status kept, version up (running workers restart with it), last
     * test cleared, the key's fingerprint set to {@code fingerprint} (null: none known), and a batch endpoint's topic
     * created first when the update adds one.
     */
    public static List<String> update(
            Connection cluster, ProviderConfig existing, ProviderConfig updated, String fingerprint) {
        String name = existing.getName();
        updated.getSettings().remove(ProviderView.LAST_TEST);
        updated.getSettings().remove(ProviderView.FINGERPRINT);
        if (fingerprint != null) {
            updated.getSettings().put(ProviderView.FINGERPRINT, fingerprint);
        }
        ProviderFile.requireKey("command line", updated);
        updated.setStatus(existing.getStatus());
        updated.setVersion(existing.getVersion() + 1);
        // a batch endpoint added by the update needs its topic before the router can send to it
        boolean batchCreated = topic(name, () -> InitCommand.createBatchDispatchTopic(cluster, updated));
        ProviderStore.put(cluster, updated);
        List<String> lines = new ArrayList<>();
        if (batchCreated) {
            lines.add("Created topic " + cluster.topics().batchDispatch(name).name() + " for " + name + ":batch");
        }
        lines.add(String.format(
                "Updated provider %s to version %d (%s), key: %s",
                name, updated.getVersion(), updated.getStatus(), ProviderView.credential(updated)));
        return lines;
    }

    /**
     * A test's outcome.
     *
     * @param provider the provider tested
     * @param steps    every step, its detail scrubbed of the key
     * @param failed   the first failed step, or null
     */
    public record Tested(ProviderConfig provider, List<Step> steps, Step failed) {}

    /** Runs the diagnostics of {@code name}; unless {@code noSave}, remembers the outcome with the provider. */
    public static Tested test(
            Connection cluster, String name, CredentialResolver resolver, Duration timeout, boolean noSave) {
        ProviderConfig provider = ProviderStore.get(cluster, name);
        String key = resolveQuietly(resolver, provider);
        List<Step> steps = new ArrayList<>();
        Step failed = null;
        for (Step step : new ProviderProbe(resolver, timeout).run(provider)) {
            Step scrubbed = new Step(
                    step.name(), step.status(), scrub(step.detail(), key), step.millis(), scrub(step.advice(), key));
            steps.add(scrubbed);
            if (scrubbed.status() == Step.Status.FAIL && failed == null) {
                failed = scrubbed;
            }
        }
        if (!noSave) {
            String at = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
            String record = failed == null
                    ? "PASSED " + at
                    : "FAILED " + at + ": " + failed.name() + " - " + shorten(failed.detail());
            // a test result is not configuration: the version stays, so running workers do not restart for it
            ProviderConfig latest = ProviderStore.get(cluster, name);
            latest.getSettings().put(ProviderView.LAST_TEST, record);
            ProviderStore.put(cluster, latest);
        }
        return new Tested(provider, List.copyOf(steps), failed);
    }

    /**
     * An activation's outcome.
     *
     * @param provider the provider as written (or as it was, when already active)
     * @param changed  whether it became ACTIVE now
     * @param message  what to tell the user
     */
    public record Activated(ProviderConfig provider, boolean changed, String message) {}

    /** Makes {@code name} ACTIVE; refused after a failed test or for a type this build cannot call, unless {@code force}. */
    public static Activated activate(Connection cluster, String name, boolean force) {
        ProviderConfig provider = ProviderStore.get(cluster, name);
        String last = provider.getSettings().get(ProviderView.LAST_TEST);
        if (!force && last != null && last.startsWith("FAILED")) {
            throw CliException.failure("provider " + name + " failed its last test (" + last
                    + "); fix it and run 'roocode providers test " + name + "', or activate with --force");
        }
        if (!force && !ProviderAdapters.types().contains(provider.getType())) {
            throw CliException.failure("the connectors of this build cannot call type " + provider.getType()
                    + " (they know " + String.join(", ", ProviderAdapters.types())
                    + "); activate with --force if yours can");
        }
        if (provider.getStatus() == ProviderStatus.ACTIVE) {
            return new Activated(provider, false, "Provider " + name + " is already ACTIVE.");
        }
        topic(name, () -> InitCommand.createDispatchTopic(cluster, name));
        topic(name, () -> InitCommand.createBatchDispatchTopic(cluster, provider));
        provider.setStatus(ProviderStatus.ACTIVE);
        provider.setVersion(provider.getVersion() + 1);
        ProviderStore.put(cluster, provider);
        return new Activated(
                provider,
                true,
                "Provider " + name + " is ACTIVE (version " + provider.getVersion() + ")"
                        + (last == null ? "; note: it was never tested ('roocode providers test " + name + "')" : ""));
    }

    /** Makes {@code name} INACTIVE; the lines say what was queued for it. */
    public static List<String> deactivate(Connection cluster, String name) {
        ProviderConfig provider = ProviderStore.get(cluster, name);
        if (provider.getStatus() != ProviderStatus.ACTIVE) {
            return List.of("Provider " + name + " is not active (" + provider.getStatus() + ").");
        }
        long queued = QueuedJobs.count(cluster, name); // before the change: the connectors start draining them after it
        provider.setStatus(ProviderStatus.INACTIVE);
        provider.setVersion(provider.getVersion() + 1);
        ProviderStore.put(cluster, provider);
        List<String> lines = new ArrayList<>();
        lines.add("Provider " + name + " is INACTIVE (version " + provider.getVersion() + ")");
        addIfSet(lines, QueuedJobs.note(cluster, name, queued, QueuedJobs.FATE));
        return lines;
    }

    /** What removing {@code name} would leave: the jobs queued for it and the routes naming it. */
    public static List<String> removalNotice(Connection cluster, String name) {
        ProviderStore.get(cluster, name);
        long queued = QueuedJobs.count(cluster, name);
        List<String> lines = new ArrayList<>();
        lines.add(
                queued < 0
                        ? "The jobs queued for " + name + " cannot be counted right now."
                        : queued == 0
                                ? "No jobs are queued for " + name + "."
                                : queued + (queued == 1 ? " job is" : " jobs are") + " queued for " + name + " on "
                                        + cluster.topics().dispatch(name).name() + ": " + QueuedJobs.FATE + ".");
        addIfSet(lines, routesNote(cluster, name, "routes naming it: "));
        return lines;
    }

    /** Removes {@code name} (a tombstone); the lines say what was queued for it and which routes still name it. */
    public static List<String> remove(Connection cluster, String name) {
        ProviderStore.get(cluster, name);
        long queued =
                QueuedJobs.count(cluster, name); // before the removal: the connectors start draining them after it
        ProviderStore.remove(cluster, name);
        List<String> lines = new ArrayList<>();
        lines.add("Removed provider " + name + " (topic "
                + cluster.topics().dispatch(name).name() + " kept)");
        addIfSet(lines, QueuedJobs.note(cluster, name, queued, QueuedJobs.FATE));
        addIfSet(lines, routesNote(cluster, name, "note: routes still naming it: "));
        return lines;
    }

    private static String routesNote(Connection cluster, String name, String prefix) {
        List<String> routes = cluster.readLatest(cluster.topics().routes()).values().stream()
                .filter(r -> mentions(r, name))
                .map(RoutePolicy::getModel)
                .toList();
        return routes.isEmpty()
                ? null
                : prefix + String.join(", ", routes) + " (change them with 'roocode routes set')";
    }

    private static boolean mentions(RoutePolicy route, String provider) {
        return route.getFallbacks().contains(provider)
                || route.getCandidates().stream().anyMatch(c -> c.getProvider().equals(provider));
    }

    /** Creates a topic of {@code provider}; a failure is a one-line error naming the provider, not a stack trace. */
    private static boolean topic(String provider, Callable<Boolean> create) {
        try {
            return create.call();
        } catch (RuntimeException e) {
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw CliException.failure("interrupted while creating the topics of provider " + provider);
        } catch (Exception e) {
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            throw CliException.failure("cannot create the topics of provider " + provider + ": " + cause.getMessage());
        }
    }

    private static void addIfSet(List<String> lines, String line) {
        if (line != null) {
            lines.add(line);
        }
    }

    private static String resolveQuietly(CredentialResolver resolver, ProviderConfig provider) {
        try {
            return resolver.resolve(provider);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** Providers sometimes echo the key (or part of it) in error bodies: never pass it on. */
    static String scrub(String text, String key) {
        if (text == null || key == null || key.length() < 4) {
            return text;
        }
        return text.replace(key, "***");
    }

    private static String shorten(String text) {
        return text.length() <= 160 ? text : text.substring(0, 157) + "...";
    }
}
