package dev.roocode.api.admin;

import java.nio.file.Path;
import java.util.List;

/**
 * The route operations of the web console: the same ones {@code roocode routes list|show|set} run. As for {@link
 * ProviderAdmin}, admin-cli implements them on its commands' own code (the console's form is checked by the validator
 * of {@code roocode routes set}); the console reaches them through {@link ProviderAdmin#routes()}. Failures are {@link
 * dev.roocode.api.http.ApiException}s with the CLI's one-line message (400 invalid input, 404 unknown route).
 */
public interface RouteAdmin {
    /** Every route policy, by model, as {@code roocode routes list} shows them. */
    List<RouteView> list();

    /** The route of {@code model}, as {@code roocode routes show MODEL} shows it. */
    RouteView get(String model);

    /**
     * Creates or replaces a route, as {@code roocode routes set MODEL} does with the form's values as its flags.
     *
     * @return the CLI's line ({@code Set route MODEL: STRATEGY over … (version N)})
     */
    String set(RouteForm form);

    /**
     * Plans a batch file as {@code roocode quote FILE [--deadline DEADLINE]} does, over the cluster's providers, routes
     * and load, without submitting it.
     *
     * @param file     the JSONL file (on the service's disk)
     * @param name     how to name it in the text (the uploaded file's name)
     * @param deadline every job's deadline from now as the command takes it (e.g. {@code 26h}), or null/blank for none
     */
    Quote quote(Path file, String name, String deadline);

    /**
     * A quote.
     *
     * @param text    the command's output: jobs per provider, estimated cost and finish, the rejected jobs
     * @param problem the command's error line when some jobs would be rejected, else null
     */
    record Quote(String text, String problem) {}

    /**
     * A route policy as the console shows it.
     *
     * @param budgets per job, per batch and per tenant in USD, each null when not capped
     */
    record RouteView(
            String model,
            List<String> aliases,
            String strategy,
            List<Candidate> candidates,
            List<String> fallbacks,
            int maxAttempts,
            Double perJob,
            Double perBatch,
            Double perTenant,
            boolean fallbackOnRequestErrors,
            long version) {}

    /** A provider the route allows, with its priority (lower first) and weight (share under WEIGHTED). */
    record Candidate(String provider, int priority, int weight) {}

    /**
     * The edit form, in the words of {@code roocode routes set}'s flags: each field as typed, checked by its
     * validator.
     *
     * @param candidates one {@code PROVIDER[:PRIORITY[:WEIGHT]]} per entry ({@code --candidate})
     * @param fallbacks  provider names in order ({@code --fallback})
     */
    record RouteForm(
            String model,
            String strategy,
            List<String> candidates,
            List<String> fallbacks,
            List<String> aliases,
            String maxAttempts,
            String perJob,
            String perBatch,
            String perTenant,
            boolean fallbackOnRequestErrors) {}
}
