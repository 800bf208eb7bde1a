package dev.roocode.connectors.provider.contract;

import static dev.roocode.connectors.TestJobs.chatJob;
import static dev.roocode.connectors.TestJobs.embeddingJob;

import dev.roocode.core.provider.JobField;
import dev.roocode.schemas.avro.ChatMessage;
import dev.roocode.schemas.avro.ChatRequest;
import dev.roocode.schemas.avro.ContentPart;
import dev.roocode.schemas.avro.EmbeddingRequest;
import dev.roocode.schemas.avro.Job;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The jobs every provider's contract test maps: one chat job carrying every field a provider
 * supports, one embedding job, and minimal jobs carrying a single field. The expected provider
 * requests are the fixtures {@code chat-all-fields.request.json} and {@code embeddings.request.json}.
 */
public final class ContractJobs {
    public static final String TOOL_CALLS =
            "[{\"id\":\"call_1\",\"type\":\"function\",\"function\":{\"name\":\"lookup\",\"arguments\":\"{\\\"q\\\":\\\"cat\\\"}\"}}]";
    public static final String TOOLS =
            "[{\"type\":\"function\",\"function\":{\"name\":\"lookup\",\"description\":\"Look a word up.\","
                    + "\"parameters\":{\"type\":\"object\",\"properties\":{\"q\":{\"type\":\"string\"}},\"required\":[\"q\"]}}}]";
    public static final String TOOL_CHOICE = "\"auto\"";
    public static final String RESPONSE_FORMAT = "{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"answer\","
            + "\"schema\":{\"type\":\"object\",\"properties\":{\"answer\":{\"type\":\"string\"}},\"required\":[\"answer\"]}}}";
    public static final String EXTRA_BODY = "{\"top_k\": 40}";

    private ContractJobs() {}

    /** A chat job with every field in {@code fields} set (messages always). */
    public static Job chat(String requestId, Set<JobField> fields) {
        List<ChatMessage> messages = new ArrayList<>();
        messages.add(ChatMessage.newBuilder()
                .setRole("system")
                .setContent("You are terse.")
                .build());
        ChatMessage.Builder user = ChatMessage.newBuilder().setRole("user");
        if (fields.contains(JobField.TEXT_PARTS)) {
            List<ContentPart> parts = new ArrayList<>();
            parts.add(ContentPart.newBuilder()
                    .setType("text")
                    .setText("What is in this image?")
                    .build());
            if (fields.contains(JobField.IMAGE_PARTS)) {
                parts.add(ContentPart.newBuilder()
                        .setType("image_url")
                        .setImageUrl("https://example.com/cat.png")
                        .setDetail("low")
                        .build());
            }
            user.setParts(parts);
        } else {
            user.setContent("What is in this image?");
        }
        if (fields.contains(JobField.MESSAGE_NAME)) {
            user.setName("alice");
        }
        messages.add(user.build());
        if (fields.contains(JobField.TOOL_MESSAGES)) {
            messages.add(ChatMessage.newBuilder()
                    .setRole("assistant")
                    .setToolCallsJson(TOOL_CALLS)
                    .build());
            messages.add(ChatMessage.newBuilder()
                    .setRole("tool")
                    .setToolCallId("call_1")
                    .setContent("a cat")
                    .build());
        }
        ChatRequest.Builder chat = ChatRequest.newBuilder().setMessages(messages);
        if (fields.contains(JobField.TEMPERATURE)) {
            chat.setTemperature(0.2);
        }
        if (fields.contains(JobField.TOP_P)) {
            chat.setTopP(0.9);
        }
        if (fields.contains(JobField.MAX_TOKENS)) {
            chat.setMaxTokens(64);
        }
        if (fields.contains(JobField.STOP)) {
            chat.setStop(List.of("\n\n", "END"));
        }
        if (fields.contains(JobField.SEED)) {
            chat.setSeed(42L);
        }
        if (fields.contains(JobField.RESPONSE_FORMAT)) {
            chat.setResponseFormatJson(RESPONSE_FORMAT);
        }
        if (fields.contains(JobField.TOOLS)) {
            chat.setToolsJson(TOOLS);
        }
        if (fields.contains(JobField.TOOL_CHOICE)) {
            chat.setToolChoiceJson(TOOL_CHOICE);
        }
        Job.Builder job = chatJob(requestId, "unused").setChat(chat.build());
        if (fields.contains(JobField.EXTRA_BODY)) {
            job.setExtraBodyJson(EXTRA_BODY);
        }
        return job.build();
    }

    /** A chat job with every chat field of {@code fields}. */
    public static Job chat(Set<JobField> fields) {
        return chat("contract-chat", fields);
    }

    /** The smallest chat job carrying {@code field} (a tool choice comes with its tools). */
    public static Job chatWith(JobField field) {
        EnumSet<JobField> fields = EnumSet.of(JobField.MESSAGES, field);
        if (field == JobField.IMAGE_PARTS) {
            fields.add(JobField.TEXT_PARTS);
        }
        if (field == JobField.TOOL_CHOICE) {
            fields.add(JobField.TOOLS);
        }
        return chat("contract-" + field.label(), fields);
    }

    /** An embedding job with the embedding fields of {@code fields}. */
    public static Job embedding(Set<JobField> fields) {
        Job job = embeddingJob("contract-embedding", List.of("The food was delicious", "and the waiter..."))
                .build();
        EmbeddingRequest request = job.getEmbedding();
        if (fields.contains(JobField.EMBEDDING_DIMENSIONS)) {
            request.setDimensions(256);
        }
        if (fields.contains(JobField.EMBEDDING_INPUT_TYPE)) {
            request.setInputType("search_document");
        }
        return job;
    }

    /** A chat job with {@code fields} and the OpenAI params {@code paramsJson} (a JSON object). */
    public static Job chatWithOpenAiParams(Set<JobField> fields, String paramsJson) {
        Job job = chat("contract-openai-params", fields);
        job.setOpenAiParamsJson(paramsJson);
        return job;
    }

    /** The smallest job carrying {@code field}. */
    public static Job with(JobField field) {
        if (field.chat()) {
            return chatWith(field);
        }
        return embedding(EnumSet.of(field));
    }
}
