package dev.roocode.connectors.provider;

import dev.roocode.schemas.avro.Embedding;
import dev.roocode.schemas.avro.ErrorClass;
import dev.roocode.schemas.avro.Job;
import dev.roocode.schemas.avro.JobKind;
import dev.roocode.schemas.avro.ProviderOutput;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Checks a mapped answer against the request it answers, for every provider type: a chat answer
 * carries at least one choice; an embeddings answer carries exactly one vector per input, each index
 * in range and none twice. A mapper only sees the body, so an answer that is well-formed but answers
 * a different request (a server that drops an input, or repeats one) passes it; here it becomes
 * INVALID_RESPONSE, which the router retries on another provider rather than delivering vectors
 * that do not line up with the inputs. Pure.
 */
public final class ResponseCheck {
    private ResponseCheck() {}

    /**
     * {@code output} with its embeddings in input order, when it answers {@code job}.
     *
     * @throws ProviderException INVALID_RESPONSE (not retryable at this provider) when it does not
     */
    public static ProviderOutput checked(Job job, ProviderOutput output) {
        if (job.getKind() == JobKind.CHAT && output.getChoices().isEmpty()) {
            throw invalid("chat answer has no choices");
        }
        if (job.getKind() == JobKind.EMBEDDING) {
            int inputs = job.getEmbedding() == null
                    ? 0
                    : job.getEmbedding().getInput().size();
            return ProviderOutput.newBuilder(output)
                    .setEmbeddings(inInputOrder(output.getEmbeddings(), inputs))
                    .build();
        }
        return output;
    }

    private static List<Embedding> inInputOrder(List<Embedding> embeddings, int inputs) {
        if (embeddings.size() != inputs) {
            throw invalid("embeddings answer has " + embeddings.size() + " vector(s) for " + inputs + " input(s)");
        }
        boolean[] seen = new boolean[inputs];
        for (Embedding embedding : embeddings) {
            int index = embedding.getIndex();
            if (index < 0 || index >= inputs) {
                throw invalid("embeddings answer has index " + index + ", outside 0.." + (inputs - 1));
            }
            if (seen[index]) {
                throw invalid("embeddings answer has index " + index + " twice");
            }
            seen[index] = true;
        }
        List<Embedding> sorted = new ArrayList<>(embeddings);
        sorted.sort(Comparator.comparingInt(Embedding::getIndex));
        return sorted;
    }

    private static ProviderException invalid(String message) {
        return ProviderException.permanent(ErrorClass.INVALID_RESPONSE, message);
    }
}
