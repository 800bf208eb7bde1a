package dev.roocode.api.batches;

import dev.roocode.client.batch.BatchRunner.Submission;
import dev.roocode.schemas.avro.Result;
import dev.roocode.schemas.avro.ResultStatus;
import dev.roocode.schemas.batch.BatchOutputWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A batch whose lines are out as jobs: the answers collected so far (by requestId, each kept once however often its
 * Result is read again) and, once sent, what the submission knows (the error lines of lines the cluster refused,
 * and which requestId is which line). Answers may arrive before the submission returns. Thread-safe.
 */
final class ActiveBatch {
    /** One line's answer: its output line and whether it goes to the output file (else the error file). */
    record Answer(String line, boolean succeeded) {}

    /** The finished lines in input order, split as OpenAI splits them. */
    record Lines(List<String> output, List<String> errors) {}

    final String id;
    private final Map<String, Answer> answers = new HashMap<>();
    private Submission submission;
    private long answeredPending;
    private boolean finishing;

    ActiveBatch(String id) {
        this.id = id;
    }

    /** Keeps {@code result}'s answer unless its line already has one. */
    synchronized void answer(Result result) {
        if (answers.containsKey(result.getRequestId())) {
            return;
        }
        boolean succeeded = result.getStatus() == ResultStatus.SUCCEEDED && result.getOutput() != null;
        answers.put(result.getRequestId(), new Answer(BatchOutputWriter.toOutputLine(result), succeeded));
        if (submission != null && submission.pending().containsKey(result.getRequestId())) {
            answeredPending++;
        }
    }

    synchronized void submitted(Submission sent) {
        this.submission = sent;
        this.answeredPending =
                sent.pending().keySet().stream().filter(answers::containsKey).count();
    }

    /** Whether every line has its answer; true once only (the caller then finalizes). */
    synchronized boolean claimIfComplete() {
        if (finishing
                || submission == null
                || answeredPending < submission.pending().size()) {
            return false;
        }
        finishing = true;
        return true;
    }

    /** Claims the batch for finalizing whatever it lacks (expiry); false when someone else already did. */
    synchronized boolean claim() {
        if (finishing) {
            return false;
        }
        finishing = true;
        return true;
    }

    synchronized boolean sent() {
        return submission != null;
    }

    /** request_counts while running: {total, completed, failed}, or null before the lines are sent. */
    synchronized long[] counts() {
        if (submission == null) {
            return null;
        }
        long completed = 0;
        long failed = submission.invalid();
        for (String requestId : submission.pending().keySet()) {
            Answer answer = answers.get(requestId);
            if (answer != null) {
                if (answer.succeeded()) {
                    completed++;
                } else {
                    failed++;
                }
            }
        }
        return new long[] {submission.lines().size(), completed, failed};
    }

    /**
     * The error lines so far: of lines the cluster refused when they were sent, and of answers that failed. Empty
     * before the lines are sent.
     */
    synchronized List<String> failedLines() {
        List<String> failed = new ArrayList<>();
        if (submission == null) {
            return failed;
        }
        Set<Integer> sentIndexes = new HashSet<>(submission.pending().values());
        for (int i = 0; i < submission.lines().size(); i++) {
            if (!sentIndexes.contains(i) && submission.lines().get(i) != null) {
                failed.add(submission.lines().get(i));
            }
        }
        for (String requestId : submission.pending().keySet()) {
            Answer answer = answers.get(requestId);
            if (answer != null && !answer.succeeded()) {
                failed.add(answer.line());
            }
        }
        return failed;
    }

    /**
     * Every line in input order; a line still without an answer becomes an error line with {@code missingCode} and
     * {@code missingMessage} (an expired or cancelled batch). Null before the lines are sent.
     */
    synchronized Lines lines(String missingCode, String missingMessage) {
        if (submission == null) {
            return null;
        }
        String[] byIndex = submission.lines().toArray(new String[0]);
        boolean[] ok = new boolean[byIndex.length];
        for (Map.Entry<String, Integer> pending : submission.pending().entrySet()) {
            Answer answer = answers.get(pending.getKey());
            int index = pending.getValue();
            if (answer != null) {
                byIndex[index] = answer.line();
                ok[index] = answer.succeeded();
            } else {
                String customId = pending.getKey().substring(id.length() + 1);
                byIndex[index] = BatchOutputWriter.errorLine(customId, missingCode, missingMessage);
            }
        }
        List<String> output = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        for (int i = 0; i < byIndex.length; i++) {
            (ok[i] ? output : errors).add(byIndex[i]);
        }
        return new Lines(output, errors);
    }
}
