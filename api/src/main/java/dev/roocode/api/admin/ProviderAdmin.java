package dev.roocode.api.admin;

import dev.roocode.api.http.ApiException;
import java.util.List;
import java.util.Map;

/**
 * The provider operations of the admin endpoints and the console: the same ones the CLI's {@code roocode providers}
 * commands run. The api module cannot call them itself (they live in admin-cli, which depends on api), so
 * admin-cli implements this interface on top of its commands' own code and registers a {@link
 * ProviderAdminFactory} for {@link java.util.ServiceLoader}. Failures are {@link dev.roocode.api.http.ApiException}s
 * with the CLI's one-line message (400 invalid input, 404 unknown provider, 409 refused). Nothing returned ever holds
 * an API key: a credential is shown only as its kind, reference and fingerprint.
 */
public interface ProviderAdmin extends AutoCloseable {
    /** The provider types a provider can be added as, in the CLI's order. */
    List<String> types();

    /** The fields of the add form of {@code type}, from the same type descriptor the CLI's prompts read. */
    List<FormField> fields(String type);

    /** Every provider, as {@code roocode providers list} shows it. */
    List<ProviderRow> list();

    /** One provider, as {@code roocode providers show} shows it. */
    ProviderDetail get(String name);

    /**
     * Adds a DRAFT provider, as {@code roocode providers add TYPE} does.
     *
     * @param fields the form: {@code type}, {@code name} and the fields of {@link #fields(String)}
     * @param apiKey the key typed once (stored encrypted under the service's master key), or null/blank for none
     * @return a one-line account of what was done
     */
    String add(Map<String, String> fields, String apiKey);

    /** Replaces the key of {@code name}, as {@code roocode providers update NAME --api-key-stdin} does. */
    String updateKey(String name, String apiKey);

    /**
     * Changes the fields of {@code name} that {@code fields} fills (endpoint, models, rpm, tpm, timeout, tags, …, as
     * the add form names them; a blank field is left as it is), as {@code roocode providers update NAME} with those
     * flags does: the same validation and messages, status and key kept, the version up.
     *
     * @return a one-line account of what was done
     */
    String update(String name, Map<String, String> fields);

    /** Runs {@code roocode providers test NAME}'s diagnostics and remembers the outcome with the provider. */
    TestReport test(String name);

    /** {@code roocode providers activate NAME} (refused after a failed test), without waiting for a worker. */
    String activate(String name);

    /** {@code roocode providers deactivate NAME}; says what was queued for it. */
    String deactivate(String name);

    /** What removing {@code name} would leave behind: the jobs queued for it and the routes naming it. */
    String removalNotice(String name);

    /** {@code roocode providers remove NAME}; says what was queued for it. */
    String remove(String name);

    /**
     * The route operations on the same cluster (a build without them answers 501).
     */
    default RouteAdmin routes() {
        throw new ApiException(
                501, "server_error", null, "not_implemented", "Route administration is not available in this service.");
    }

    @Override
    default void close() {}

    /**
     * A field of an add form.
     *
     * @param name     its name in the form (and in the JSON body of {@code POST /admin/v1/providers})
     * @param label    what the form shows
     * @param kind     how it is entered
     * @param required whether the operation refuses a form without it
     * @param value    the value shown at first (a default), or null
     * @param help     one line on what to enter
     */
    record FormField(String name, String label, Kind kind, boolean required, String value, String help) {
        /** How a field is entered. */
        public enum Kind {
            TEXT,
            /** never shown back: the key */
            SECRET,
            /** one entry per line */
            LINES
        }
    }

    /**
     * A provider as the list shows it.
     *
     * @param credential kind, reference and fingerprint, never the key
     * @param lastTest   {@code never}, {@code PASSED <time>} or {@code FAILED <time>: <why>}
     * @param worker     what its workers report: running, credential rejected at …, cannot start: …, or -
     * @param reqPerSec  requests finished per second in the health report's window (its last minute so far), or -
     *                   when none
     * @param breaker    the circuit breaker's state from the workers' health report, or - when none
     * @param errorRate  the error rate of the health report as a percentage, or - when none
     * @param latency    the latency average of the health report, or - when none
     * @param p99        the 99th percentile latency of the health report's last minute, or - when none (no call in
     *                   it, or a worker of a version that does not report it)
     */
    record ProviderRow(
            String name,
            String type,
            String status,
            int models,
            String endpoint,
            String credential,
            String lastTest,
            String worker,
            String reqPerSec,
            String breaker,
            String errorRate,
            String latency,
            String p99) {}

    /**
     * A provider's detail page.
     *
     * @param row   its list row
     * @param lines label and value of each line of {@code roocode providers show}, in its order
     */
    record ProviderDetail(ProviderRow row, List<Map.Entry<String, String>> lines) {}

    /**
     * The outcome of a test.
     *
     * @param passed whether every step passed
     * @param steps  each step in order
     */
    record TestReport(String provider, boolean passed, List<TestStep> steps) {}

    /**
     * One diagnostic step.
     *
     * @param name   configuration, dns, tcp, tls, auth, chat or embedding
     * @param status OK, FAIL or SKIP (the CLI's words)
     * @param detail what was seen (the key scrubbed from it)
     * @param advice what to do when it failed, else null
     * @param millis how long it took, or -1
     */
    record TestStep(String name, String status, String detail, String advice, long millis) {}
}
