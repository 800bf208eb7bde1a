package dev.roocode.processor.router;

import dev.roocode.schemas.avro.AttemptRecord;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What a job's batch lines have done so far, for re-batching ({@link BatchCandidates#rebatchReason}).
 *
 * @param made  batch attempts made (repeats of one candidate included)
 * @param again batch candidates tried whose latest line failed on its own with an error a retry may fix (its
 *              answer's status 429 or 5xx): the job may go to that provider's batch once more. A line of a
 *              batch that failed, expired or was cancelled whole, or one refused at upload, has no status of
 *              its own and is not in here.
 */
public record BatchTries(int made, Set<String> again) {
    /** No batch attempt. */
    public static final BatchTries NONE = new BatchTries(0, Set.of());

    public BatchTries {
        again = Set.copyOf(again);
    }

    /** Counted from {@code attempts}, the job's attempts in order. */
    public static BatchTries of(List<AttemptRecord> attempts) {
        int made = 0;
        Set<String> again = new HashSet<>(); // by each candidate's latest line: a later outcome replaces an earlier one
        for (AttemptRecord attempt : attempts) {
            if (BatchCandidates.isBatch(attempt.getProvider())) {
                made++;
                if (retriable(attempt.getHttpStatus())) {
                    again.add(attempt.getProvider());
                } else {
                    again.remove(attempt.getProvider());
                }
            }
        }
        return new BatchTries(made, again);
    }

    /** Counted from the names of the candidates tried, when the attempts themselves are not at hand: none again. */
    public static BatchTries counted(Collection<String> tried) {
        int made = 0;
        for (String name : tried) {
            if (BatchCandidates.isBatch(name)) {
                made++;
            }
        }
        return made == 0 ? NONE : new BatchTries(made, Set.of());
    }

    /** A line's own answer that a retry at the same provider may fix: rate-limited or a server error. */
    static boolean retriable(Integer httpStatus) {
        return httpStatus != null && (httpStatus == 429 || httpStatus >= 500);
    }
}
