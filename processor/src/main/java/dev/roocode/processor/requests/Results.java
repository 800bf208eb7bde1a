package dev.roocode.processor.requests;

import dev.roocode.schemas.avro.AttemptFailed;
import dev.roocode.schemas.avro.AttemptRecord;
import dev.roocode.schemas.avro.BatchCancellation;
import dev.roocode.schemas.avro.ErrorClass;
import dev.roocode.schemas.avro.ErrorInfo;
import dev.roocode.schemas.avro.Job;
import dev.roocode.schemas.avro.JobKind;
import dev.roocode.schemas.avro.ProviderOutput;
import dev.roocode.schemas.avro.Result;
import dev.roocode.schemas.avro.ResultStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Builds terminal Results. Pure: the caller passes the clock reading. */
public final class Results {
    private Results() {}

    /** The attempts made: the history plus the failed one, unless it is the stand-in of a job that parked at routing (attempt 0). */
    public static List<AttemptRecord> attemptsOf(AttemptFailed failure) {
        List<AttemptRecord> attempts = new ArrayList<>(failure.getDispatched().getHistory());
        if (failure.getAttempt().getAttempt() > 0) {
            attempts.add(failure.getAttempt());
        }
        return attempts;
    }

    /** A SUCCEEDED Result for {@code job} from the attempt that produced {@code output}. */
    public static Result succeeded(
            Job job,
            String provider,
            String providerModel,
            ProviderOutput output,
            double costUsd,
            List<AttemptRecord> attempts,
            Instant now) {
        return base(job.getRequestId(), job, now)
                .setStatus(ResultStatus.SUCCEEDED)
                .setProvider(provider)
                .setProviderModel(providerModel)
                .setOutput(output)
                .setCostUsd(costUsd)
                .setAttempts(attempts)
                .build();
    }

    /** A FAILED Result for {@code job}. */
    public static Result failed(Job job, ErrorInfo error, List<AttemptRecord> attempts, Instant now) {
        return base(job.getRequestId(), job, now)
                .setStatus(ResultStatus.FAILED)
                .setProvider(error.getProvider())
                .setProviderModel(
                        attempts.isEmpty()
                                ? null
                                : attempts.get(attempts.size() - 1).getProviderModel())
                .setAttempts(attempts)
                .setError(error)
                .build();
    }

    /**
     * The FAILED CANCELLED Result of a job of a cancelled batch, answered instead of dispatching it (again); its
     * attempts so far are kept.
     */
    public static Result cancelled(Job job, BatchCancellation cancellation, List<AttemptRecord> attempts, Instant now) {
        return failed(job, error(ErrorClass.CANCELLED, cancelledMessage(cancellation), null, null), attempts, now);
    }

    /** "batch X was cancelled" and the canceller's reason, if it gave one. */
    public static String cancelledMessage(BatchCancellation cancellation) {
        String reason = cancellation.getReason();
        return "batch " + cancellation.getBatchId() + " was cancelled"
                + (reason == null || reason.isBlank() ? "" : " (" + reason + ")");
    }

    /** A FAILED INVALID_JOB Result for a record that could not be read as a Job at all. */
    public static Result invalid(String requestId, String reason, Instant now) {
        return Result.newBuilder()
                .setRequestId(requestId)
                .setStatus(ResultStatus.FAILED)
                .setKind(JobKind.UNKNOWN)
                .setError(error(ErrorClass.INVALID_JOB, reason, null, null))
                .setSubmittedAt(now)
                .setCompletedAt(now)
                .setLatencyMs(0)
                .build();
    }

    /** An ErrorInfo. */
    public static ErrorInfo error(ErrorClass errorClass, String message, Integer httpStatus, String provider) {
        return ErrorInfo.newBuilder()
                .setErrorClass(errorClass)
                .setMessage(message)
                .setHttpStatus(httpStatus)
                .setProvider(provider)
                .build();
    }

    private static Result.Builder base(String requestId, Job job, Instant now) {
        Instant submittedAt = job.getSubmittedAt() != null ? job.getSubmittedAt() : now;
        Map<String, String> metadata = new HashMap<>(job.getMetadata());
        return Result.newBuilder()
                .setRequestId(requestId)
                .setBatchId(job.getBatchId())
                .setKind(job.getKind())
                .setModel(job.getModel())
                .setMetadata(metadata)
                .setSubmittedAt(submittedAt)
                .setCompletedAt(now)
                .setLatencyMs(Math.max(0, Duration.between(submittedAt, now).toMillis()));
    }
}
