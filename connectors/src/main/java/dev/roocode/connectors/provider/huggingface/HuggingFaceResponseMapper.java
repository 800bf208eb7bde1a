package dev.roocode.connectors.provider.huggingface;

import static dev.roocode.connectors.provider.huggingface.HuggingFaceWire.*;

import com.fasterxml.jackson.databind.JsonNode;
import dev.roocode.connectors.provider.HttpAnswer;
import dev.roocode.connectors.provider.openaiformat.OpenAiFormatResponseMapper;
import dev.roocode.schemas.avro.Embedding;
import dev.roocode.schemas.avro.JobKind;
import dev.roocode.schemas.avro.ProviderOutput;
import dev.roocode.schemas.avro.Usage;
import java.util.ArrayList;
import java.util.List;

/**
 * Hugging Face 2xx body → output. Chat answers are TGI's OpenAI-format ones; feature extraction
 * answers a bare array of float arrays with no usage, so input tokens are the
 * {@code x-compute-tokens} header text-embeddings-inference sends, or 0 when absent.
 */
final class HuggingFaceResponseMapper {
    private final OpenAiFormatResponseMapper chat = new OpenAiFormatResponseMapper();

    ProviderOutput parse(JobKind kind, HttpAnswer answer) {
        if (kind != JobKind.EMBEDDING) {
            return chat.parse(kind, answer);
        }
        JsonNode root = OpenAiFormatResponseMapper.readJson(answer.body());
        if (!root.isArray() || root.isEmpty()) {
            throw OpenAiFormatResponseMapper.invalid("feature extraction answer is not a non-empty array of vectors");
        }
        List<Embedding> embeddings = new ArrayList<>(root.size());
        for (int i = 0; i < root.size(); i++) {
            embeddings.add(new Embedding(i, vector(i, root.get(i))));
        }
        long tokens = answer.header(COMPUTE_TOKENS)
                .map(HuggingFaceResponseMapper::count)
                .orElse(0L);
        return ProviderOutput.newBuilder()
                .setEmbeddings(embeddings)
                .setChoices(List.of())
                .setUsage(new Usage(tokens, 0L, tokens))
                .setProviderRequestId(answer.header("x-request-id").orElse(null))
                .build();
    }

    private static List<Float> vector(int index, JsonNode vector) {
        if (!vector.isArray() || vector.isEmpty()) {
            throw OpenAiFormatResponseMapper.invalid(
                    "vector " + index + " is not an array of numbers (pooled sentence embeddings expected)");
        }
        List<Float> floats = new ArrayList<>(vector.size());
        for (JsonNode value : vector) {
            if (!value.isNumber()) {
                throw OpenAiFormatResponseMapper.invalid("vector " + index + " holds a non-number");
            }
            floats.add(value.floatValue());
        }
        return floats;
    }

    private static long count(String value) {
        try {
            return Math.max(0, Long.parseLong(value.trim()));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
