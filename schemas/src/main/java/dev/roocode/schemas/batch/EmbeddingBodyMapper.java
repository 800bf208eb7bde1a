package dev.roocode.schemas.batch;

import static dev.roocode.schemas.batch.JsonFields.absent;
import static dev.roocode.schemas.batch.JsonFields.optInt;
import static dev.roocode.schemas.batch.JsonFields.optText;

import com.fasterxml.jackson.databind.JsonNode;
import dev.roocode.schemas.avro.EmbeddingRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Maps the body of a /v1/embeddings line to an {@link EmbeddingRequest}. Unmapped body fields go to
 * {@code extraBodyJson} (see {@link #MAPPED}).
 */
final class EmbeddingBodyMapper {
    /**
     * Body fields with a home in EmbeddingRequest (or Job.model). encoding_format is consumed: only
     * float is accepted and it is the default. input_type is not OpenAI's but the
     * OpenAI-compatible servers that take it mean the purpose hint EmbeddingRequest carries.
     */
    static final Set<String> MAPPED = Set.of("model", "input", "dimensions", "encoding_format", "input_type");

    private EmbeddingBodyMapper() {}

    static EmbeddingRequest map(JsonNode body) throws InvalidLineException {
        String encoding = optText(body, "encoding_format", "");
        if (encoding != null && !"float".equals(encoding)) {
            throw new InvalidLineException(
                    BatchErrorCodes.UNSUPPORTED_PARAMETER,
                    "encoding_format '" + encoding + "' is not supported: only float is supported");
        }
        return EmbeddingRequest.newBuilder()
                .setInput(input(body.get("input")))
                .setDimensions(optInt(body, "dimensions"))
                .setInputType(optText(body, "input_type", ""))
                .build();
    }

    private static List<String> input(JsonNode input) throws InvalidLineException {
        if (absent(input)) {
            throw empty("body.input is required: a string or an array of strings");
        }
        List<String> texts = new ArrayList<>();
        if (input.isTextual()) {
            texts.add(input.textValue());
        } else if (input.isArray()) {
            for (JsonNode item : input) {
                if (item.isNumber() || item.isArray()) {
                    throw new InvalidLineException(
                            BatchErrorCodes.UNSUPPORTED_PARAMETER,
                            "input as token ids is not supported; send the text instead");
                }
                if (!item.isTextual()) {
                    throw JsonFields.invalid("input must be a string or an array of strings");
                }
                texts.add(item.textValue());
            }
        } else {
            throw JsonFields.invalid("input must be a string or an array of strings");
        }
        if (texts.isEmpty()) {
            throw empty("body.input is empty: give at least one text");
        }
        for (int i = 0; i < texts.size(); i++) {
            if (texts.get(i).isEmpty()) {
                throw empty(input.isArray() ? "input[" + i + "] is an empty string" : "input is an empty string");
            }
        }
        return texts;
    }

    private static InvalidLineException empty(String message) {
        return new InvalidLineException(BatchErrorCodes.EMPTY_INPUT, message);
    }
}
