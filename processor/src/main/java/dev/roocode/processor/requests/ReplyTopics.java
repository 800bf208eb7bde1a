package dev.roocode.processor.requests;

import dev.roocode.schemas.avro.Job;
import dev.roocode.schemas.topic.Topics;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one rule of where a job's Result may go, by the topic the job was read from. Kafka ACLs cannot
 * look inside a record, so a job's tenant is the tenant of its jobs topic ({@code <prefix>tenant.<t>.jobs},
 * writable only by that tenant's clients), never what the job says:
 *
 * <ul>
 *   <li>a job from tenant T's jobs topic is T's: a job naming another tenant is refused; its reply topic
 *       defaults to {@code <prefix>tenant.T.replies} and must lie in T's namespace ({@code <prefix>tenant.T.});
 *       {@code reply.topics.allowed} does not apply to it;
 *   <li>a job from the shared jobs topic (trusted writers: the CLI, {@code roocode run}, a front door) names a
 *       reply topic allowed by {@code reply.topics.allowed} and outside every tenant namespace, whatever that
 *       regex says.
 * </ul>
 *
 * Every reply topic must exist: a Result is never sent to a missing topic. Pure.
 */
public final class ReplyTopics {
    private final Topics topics;
    private final Pattern allowed;
    private final Predicate<String> exists;
    private final Pattern tenantJobs;
    /** {@code <prefix>tenant.}: every tenant namespace starts so. */
    private final String tenantRoot;

    /**
     * @param allowed reply topics a job of the shared jobs topic may name ({@code reply.topics.allowed})
     * @param exists  whether a topic exists
     */
    public ReplyTopics(Topics topics, Pattern allowed, Predicate<String> exists) {
        this.topics = topics;
        this.allowed = allowed;
        this.exists = exists;
        this.tenantJobs = topics.tenantJobsPattern();
        this.tenantRoot = topics.prefix() + "tenant.";
    }

    /** A job admitted, with its tenant and reply topic as the topic it was read from decides them. */
    public record Admitted(Job job) implements Admission {}

    /**
     * A job refused: its FAILED Result goes to {@code replyTopic} (never the topic the job named);
     * {@code deadLetter}: a namespace violation, also dead-lettered so an operator sees it.
     */
    public record Refused(String reason, String replyTopic, boolean deadLetter) implements Admission {}

    /** What {@link #admit} decides. */
    public sealed interface Admission permits Admitted, Refused {}

    /** The tenant whose jobs topic {@code sourceTopic} is, or null (the shared jobs topic). */
    public String tenantOf(String sourceTopic) {
        Matcher matcher = tenantJobs.matcher(sourceTopic);
        return matcher.matches() ? matcher.group(1) : null;
    }

    /** The reply topic of a refused or unreadable job read from {@code tenant}'s jobs topic (null: the shared one). */
    public String defaultReplyTopic(String tenant) {
        if (tenant == null) {
            return topics.results().name();
        }
        String replies = topics.tenantReplies(tenant).name();
        // a tenant whose jobs topic someone created without `roocode init --tenant`: its Results stay with the operator
        return exists.test(replies) ? replies : topics.results().name();
    }

    /** Admits or refuses {@code job}, read from {@code tenant}'s jobs topic (null: the shared jobs topic). */
    public Admission admit(Job job, String tenant) {
        String replyTo = job.getReplyTo();
        if (tenant == null) {
            if (replyTo != null && replyTo.startsWith(tenantRoot)) {
                return new Refused(
                        "replyTo '" + replyTo + "' lies in a tenant namespace (" + tenantRoot
                                + "*); only jobs written to that tenant's jobs topic may name it",
                        defaultReplyTopic(null),
                        true);
            }
            if (replyTo != null && !(allowed.matcher(replyTo).matches() && exists.test(replyTo))) {
                return new Refused(
                        "replyTo '" + replyTo + "' is not an existing topic allowed by reply.topics.allowed",
                        defaultReplyTopic(null),
                        false);
            }
            return new Admitted(job);
        }
        if (job.getTenant() != null && !job.getTenant().equals(tenant)) {
            return new Refused(
                    "job read from " + topics.tenantJobs(tenant).name() + " (tenant '" + tenant + "') names tenant '"
                            + job.getTenant() + "'",
                    defaultReplyTopic(tenant),
                    true);
        }
        String namespace = topics.tenantNamespace(tenant);
        if (replyTo != null && !replyTo.startsWith(namespace)) {
            return new Refused(
                    "replyTo '" + replyTo + "' lies outside tenant '" + tenant + "''s namespace (" + namespace + "*)",
                    defaultReplyTopic(tenant),
                    true);
        }
        String reply = replyTo == null ? topics.tenantReplies(tenant).name() : replyTo;
        if (!exists.test(reply)) {
            return new Refused(
                    "replyTo '" + reply + "' is not an existing topic (roocode init --tenant " + tenant
                            + " creates the tenant's topics)",
                    defaultReplyTopic(tenant),
                    false);
        }
        return new Admitted(
                Job.newBuilder(job).setTenant(tenant).setReplyTo(reply).build());
    }

    /**
     * Where the Result of an admitted job goes: its reply topic when the rule still allows it (a tenant
     * namespace only for that tenant's jobs, as the intake set them) and it exists, else the results topic.
     */
    public String replyTopic(Job job) {
        String replyTo = job.getReplyTo();
        if (replyTo == null || !exists.test(replyTo)) {
            return topics.results().name();
        }
        boolean allowedHere = replyTo.startsWith(tenantRoot)
                ? job.getTenant() != null
                        && Topics.TENANT_NAME.matcher(job.getTenant()).matches()
                        && replyTo.startsWith(topics.tenantNamespace(job.getTenant()))
                : allowed.matcher(replyTo).matches();
        return allowedHere ? replyTo : topics.results().name();
    }
}
