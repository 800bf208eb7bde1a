package dev.roocode.schemas.batch;

import dev.roocode.core.trace.TraceParent;
import dev.roocode.schemas.avro.Job;
import java.util.Objects;

/**
 * What one batch input line decoded to: a {@link Valid} job or an {@link Invalid} line with an
 * OpenAI-like error code (see {@link BatchErrorCodes}) and a one-line message.
 */
public sealed interface DecodedLine permits DecodedLine.Valid, DecodedLine.Invalid {

    /** The line's custom_id; null only for an invalid line that carried none. */
    String customId();

    /** The 1-based physical line number in the input file. */
    long lineNumber();

    /**
     * A line that became a job. The job's metadata holds {@code custom_id} and {@code line}.
     *
     * @param customId the line's custom_id
     * @param job the job, with requestId {@code batchId/customId}
     * @param trace the trace of the line's top-level {@value BatchLineCodec#TRACEPARENT} field; null when it had none
     *     or a malformed one (the job then starts a fresh trace when sent)
     */
    record Valid(String customId, Job job, TraceParent trace) implements DecodedLine {
        /** Checks both parts are present. */
        public Valid {
            Objects.requireNonNull(customId, "customId");
            Objects.requireNonNull(job, "job");
        }

        /** A line without a trace of its own. */
        public Valid(String customId, Job job) {
            this(customId, job, null);
        }

        @Override
        public long lineNumber() {
            String line = job.getMetadata().get(BatchLineCodec.METADATA_LINE);
            return line == null ? 0 : Long.parseLong(line);
        }
    }

    /**
     * A line that cannot become a job.
     *
     * @param customId the line's custom_id, or null when it had none or was not JSON
     * @param lineNumber 1-based line number in the input file
     * @param code machine-readable reason, one of {@link BatchErrorCodes}
     * @param message human-readable reason in one line
     */
    record Invalid(String customId, long lineNumber, String code, String message) implements DecodedLine {
        /** Checks code and message are present. */
        public Invalid {
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(message, "message");
        }
    }
}
