package dev.roocode.processor.intake;

import dev.roocode.schemas.avro.Job;

/** Checks that a decoded Job can be routed at all. Pure. */
final class JobValidator {
    private JobValidator() {}

    /** What is wrong with {@code job}, or null when nothing is. */
    static String problem(Job job) {
        if (job.getModel() == null || job.getModel().isBlank()) {
            return "model is empty";
        }
        switch (job.getKind()) {
            case CHAT:
                if (job.getChat() == null || job.getChat().getMessages().isEmpty()) {
                    return "CHAT job has no messages";
                }
                return null;
            case EMBEDDING:
                if (job.getEmbedding() == null || job.getEmbedding().getInput().isEmpty()) {
                    return "EMBEDDING job has no input";
                }
                return null;
            default:
                return "unknown job kind " + job.getKind();
        }
    }
}
