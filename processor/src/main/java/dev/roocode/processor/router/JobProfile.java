package dev.roocode.processor.router;

import dev.roocode.core.provider.JobField;
import dev.roocode.schemas.JobFields;
import dev.roocode.schemas.avro.ChatMessage;
import dev.roocode.schemas.avro.ContentPart;
import dev.roocode.schemas.avro.Job;
import dev.roocode.schemas.avro.JobKind;
import dev.roocode.schemas.tokens.JobTokens;
import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a job needs from a provider, worked out once per routing decision.
 *
 * @param model        logical model to look offers up by (an alias already resolved to its policy's model)
 * @param kind         CHAT or EMBEDDING; an offer must be of the same kind
 * @param inputTokens  prompt tokens counted by {@link JobTokens} (core's token estimator)
 * @param outputTokens max_tokens, or the default allowance
 * @param capabilities offer capabilities the request uses: {@value #TOOLS}, {@value #JSON}, {@value #VISION}
 * @param region       required region or residency tag, or null
 * @param fields       the Job fields the request uses; a provider whose type cannot honour one is not a candidate
 */
public record JobProfile(
        String model,
        JobKind kind,
        long inputTokens,
        long outputTokens,
        Set<String> capabilities,
        String region,
        Set<JobField> fields) {
    /** Offer capability needed when the request carries tools. */
    public static final String TOOLS = "tools";
    /** Offer capability needed when the request asks for a JSON response format. */
    public static final String JSON = "json";
    /** Offer capability needed when a message has an image_url part. */
    public static final String VISION = "vision";

    public JobProfile {
        capabilities = Collections.unmodifiableSortedSet(
                new TreeSet<>(capabilities)); // sorted: reasons name the same one every time
        fields = Set.copyOf(fields);
    }

    /** A profile that uses no field a provider type may refuse. */
    public JobProfile(
            String model, JobKind kind, long inputTokens, long outputTokens, Set<String> capabilities, String region) {
        this(model, kind, inputTokens, outputTokens, capabilities, region, Set.of());
    }

    /** The profile of {@code job} when routed as logical {@code model}. */
    public static JobProfile of(Job job, String model) {
        return new JobProfile(
                model,
                job.getKind(),
                JobTokens.inputTokens(job),
                JobTokens.outputTokens(job),
                capabilitiesOf(job),
                job.getRouting().getRegion(),
                JobFields.used(job));
    }

    /** The profile of {@code job} when routed as logical {@code model}, its prompt already counted as {@code inputTokens}. */
    public static JobProfile of(Job job, String model, long inputTokens) {
        return new JobProfile(
                model,
                job.getKind(),
                inputTokens,
                JobTokens.outputTokens(job),
                capabilitiesOf(job),
                job.getRouting().getRegion(),
                JobFields.used(job));
    }

    /** Input plus output tokens: what the job takes of a context window and of a TPM quota. */
    public long totalTokens() {
        return inputTokens + outputTokens;
    }

    static Set<String> capabilitiesOf(Job job) {
        Set<String> needed = new TreeSet<>();
        if (job.getChat() == null) {
            return needed;
        }
        if (job.getChat().getToolsJson() != null) {
            needed.add(TOOLS);
        }
        if (job.getChat().getResponseFormatJson() != null) {
            needed.add(JSON);
        }
        for (ChatMessage message : job.getChat().getMessages()) {
            for (ContentPart part : message.getParts()) {
                if ("image_url".equals(part.getType())) {
                    needed.add(VISION);
                }
            }
        }
        return needed;
    }
}
