package dev.roocode.schemas;

import dev.roocode.core.provider.JobField;
import dev.roocode.schemas.avro.ChatMessage;
import dev.roocode.schemas.avro.ChatRequest;
import dev.roocode.schemas.avro.ContentPart;
import dev.roocode.schemas.avro.EmbeddingRequest;
import dev.roocode.schemas.avro.Job;
import dev.roocode.schemas.avro.JobKind;
import java.util.EnumSet;
import java.util.Set;

/**
 * Which {@link JobField}s a Job uses, so a provider type's descriptor can say whether it can honour
 * the job before it is sent anywhere (the router routes around a type that cannot). Pure.
 */
public final class JobFields {
    private JobFields() {}

    /** The fields {@code job} sets; messages for every chat job, embeddings for every embedding job. */
    public static Set<JobField> used(Job job) {
        EnumSet<JobField> used = EnumSet.noneOf(JobField.class);
        if (job.getKind() == JobKind.EMBEDDING) {
            used.add(JobField.EMBEDDINGS);
            EmbeddingRequest embedding = job.getEmbedding();
            if (embedding != null) {
                addIf(used, embedding.getDimensions() != null, JobField.EMBEDDING_DIMENSIONS);
                addIf(used, embedding.getInputType() != null, JobField.EMBEDDING_INPUT_TYPE);
            }
            return used;
        }
        used.add(JobField.MESSAGES);
        ChatRequest chat = job.getChat();
        if (chat != null) {
            for (ChatMessage message : chat.getMessages()) {
                addIf(used, !message.getParts().isEmpty(), JobField.TEXT_PARTS);
                for (ContentPart part : message.getParts()) {
                    addIf(used, "image_url".equals(part.getType()), JobField.IMAGE_PARTS);
                }
                addIf(used, message.getName() != null, JobField.MESSAGE_NAME);
                addIf(
                        used,
                        message.getToolCallsJson() != null
                                || message.getToolCallId() != null
                                || "tool".equals(message.getRole()),
                        JobField.TOOL_MESSAGES);
            }
            addIf(used, chat.getTemperature() != null, JobField.TEMPERATURE);
            addIf(used, chat.getTopP() != null, JobField.TOP_P);
            addIf(used, chat.getMaxTokens() != null, JobField.MAX_TOKENS);
            addIf(used, !chat.getStop().isEmpty(), JobField.STOP);
            addIf(used, chat.getSeed() != null, JobField.SEED);
            addIf(used, chat.getResponseFormatJson() != null, JobField.RESPONSE_FORMAT);
            addIf(used, chat.getToolsJson() != null, JobField.TOOLS);
            addIf(used, chat.getToolChoiceJson() != null, JobField.TOOL_CHOICE);
        }
        addIf(used, job.getExtraBodyJson() != null, JobField.EXTRA_BODY);
        return used;
    }

    private static void addIf(Set<JobField> used, boolean condition, JobField field) {
        if (condition) {
            used.add(field);
        }
    }
}
