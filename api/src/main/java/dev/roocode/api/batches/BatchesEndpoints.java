package dev.roocode.api.batches;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.roocode.api.Access;
import dev.roocode.api.ApiConfig;
import dev.roocode.api.ApiContext;
import dev.roocode.api.Endpoints;
import dev.roocode.api.Routes;
import dev.roocode.api.auth.Caller;
import dev.roocode.api.files.FileStore;
import dev.roocode.api.files.FilesEndpoints;
import dev.roocode.api.files.Paging;
import dev.roocode.api.files.StoredFile;
import dev.roocode.api.http.ApiException;
import dev.roocode.api.http.Exchanges;
import dev.roocode.client.ResultReader;
import dev.roocode.client.batch.BatchInput;
import dev.roocode.client.batch.BatchRunner;
import dev.roocode.schemas.avro.ApiBatch;
import dev.roocode.schemas.avro.Result;
import dev.roocode.schemas.batch.BatchFileReader;
import dev.roocode.schemas.batch.BatchLineCodec;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Methods;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Batches: {@code POST/GET /v1/batches}, {@code GET /v1/batches/{id}}, {@code POST /v1/batches/{id}/cancel}, with
 * OpenAI's lifecycle, run as Roocode jobs through Kafka.
 *
 * <p>A batch is a record on the compacted {@code api-batches} topic ({@link BatchStore}). Creating one checks the
 * request and answers {@code validating}; a worker then checks every line ({@link BatchValidation}: a bad line fails
 * the batch), sends the lines as jobs of batchId = the batch id, with the caller's tenant, the reply topic
 * {@code <prefix>replies.api-batches} and the completion window as their routing deadline ({@link BatchRunner}, as
 * {@code roocode run} sends them), and marks it {@code in_progress}. One reader of the reply topic, from its
 * beginning, hands each Result to its batch; when every line has one the batch is {@code finalizing}, its output file
 * (lines that succeeded) and error file (lines that failed) are written and it is {@code completed} ({@code
 * cancelled} after a cancel, {@code expired} when the window passed first, its unanswered lines then in the error
 * file with code {@code batch_expired}).
 *
 * <p>A restart loses nothing: the records say which batches are unfinished; each is sent again under the same batch
 * id (the processor dispatches none of the jobs it already has, so no line is called twice) and the reply topic,
 * compacted and read from its beginning, gives back every answer already decided. Answers are kept by requestId, so
 * every line ends in exactly one of the two files, once.
 */
public final class BatchesEndpoints implements Endpoints {
    private static final Logger log = LoggerFactory.getLogger(BatchesEndpoints.class);
    static final Set<String> ENDPOINTS =
            Set.of(BatchLineCodec.CHAT_URL, BatchLineCodec.EMBEDDINGS_URL, "/v1/responses");
    static final String WINDOW = "24h";
    static final Duration WINDOW_DURATION = Duration.ofHours(24);
    private static final Set<String> UNFINISHED =
            Set.of(Status.VALIDATING, Status.IN_PROGRESS, Status.FINALIZING, Status.CANCELLING);
    private static final int MAX_METADATA = 16;

    /** OpenAI's batch statuses. */
    static final class Status {
        static final String VALIDATING = "validating";
        static final String FAILED = "failed";
        static final String IN_PROGRESS = "in_progress";
        static final String FINALIZING = "finalizing";
        static final String COMPLETED = "completed";
        static final String EXPIRED = "expired";
        static final String CANCELLING = "cancelling";
        static final String CANCELLED = "cancelled";

        private Status() {}
    }

    private final ApiContext context;
    private final FileStore files;
    private volatile BatchStore batches;
    private final String replyTopic;
    private final long maxBodyBytes;
    private final Map<String, ActiveBatch> active = new ConcurrentHashMap<>();
    private final ExecutorService workers;
    private final ScheduledExecutorService ticker;
    private final Thread starter;
    private volatile Thread collector;
    private volatile boolean closed;

    public BatchesEndpoints(ApiContext context) {
        this(context, FilesEndpoints.openStore(context));
    }

    BatchesEndpoints(ApiContext context, FileStore files) {
        this.context = context;
        this.files = files;
        this.replyTopic = context.topics().apiBatchReplies().name();
        this.maxBodyBytes = context.config().getLong(ApiConfig.BODY_MAX_BYTES);
        this.workers = Executors.newFixedThreadPool(2, daemon("api-batches-worker"));
        this.ticker = Executors.newSingleThreadScheduledExecutor(daemon("api-batches-ticker"));
        // the service starts (and answers health) before the cluster does; the routes answer 503 until then
        this.starter = daemon("api-batches-start").newThread(this::startUntilReady);
        starter.start();
    }

    private void startUntilReady() {
        while (!closed) {
            try {
                start();
                return;
            } catch (RuntimeException e) {
                if (closed) {
                    return;
                }
                log.warn("batches cannot start yet ({}); retrying in 5 s", e.toString());
                try {
                    Thread.sleep(5_000);
                } catch (InterruptedException interrupted) {
                    return;
                }
            }
        }
    }

    private void start() {
        BatchStore store = new BatchStore(context);
        ResultReader reader;
        try {
            reader = context.client().readResultsFromBeginning(replyTopic);
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
        synchronized (this) {
            if (closed) {
                reader.close();
                store.close();
                return;
            }
            this.batches = store;
            // every unfinished batch is known before the first answer is read, so none is dropped
            List<ApiBatch> unfinished = store.all().stream()
                    .filter(b -> UNFINISHED.contains(b.getStatus()))
                    .toList();
            unfinished.forEach(b -> active.put(b.getId(), new ActiveBatch(b.getId())));
            this.collector = new Thread(() -> collect(reader), "api-batches-collector");
            collector.setDaemon(true);
            collector.start();
            unfinished.forEach(b -> {
                log.info("resuming batch {} ({})", b.getId(), b.getStatus());
                workers.execute(() -> run(b.getId()));
            });
            ticker.scheduleWithFixedDelay(this::expire, 1, 1, TimeUnit.SECONDS);
        }
    }

    @Override
    public boolean ready() {
        return batches != null;
    }

    /** The store, or 503 while the group is still reading it. */
    private BatchStore batches() {
        BatchStore store = batches;
        if (store == null) {
            throw ApiException.unavailable(
                    "Batches are starting (reading their state from the cluster); retry shortly.");
        }
        return store;
    }

    private static ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    @Override
    public void register(Routes routes) {
        routes.add(Methods.POST, "/v1/batches", Access.KEY, this::create);
        routes.add(Methods.GET, "/v1/batches", Access.KEY, this::list);
        routes.add(
                Methods.GET,
                "/v1/batches/{batch_id}",
                Access.KEY,
                (exchange, caller) -> Exchanges.sendJson(
                        exchange, 200, toJson(find(caller, Exchanges.pathParam(exchange, "batch_id")))));
        routes.add(Methods.POST, "/v1/batches/{batch_id}/cancel", Access.KEY, this::cancel);
    }

    // ---- HTTP

    private void create(HttpServerExchange exchange, Caller caller) throws IOException {
        ObjectNode body = Exchanges.readJsonObject(exchange, maxBodyBytes);
        String inputFileId = requiredText(body, "input_file_id");
        String endpoint = requiredText(body, "endpoint");
        String window = requiredText(body, "completion_window");
        Map<String, String> metadata = metadata(body.get("metadata"));
        Exchanges.sendJson(exchange, 200, toJson(create(caller.tenant(), inputFileId, endpoint, window, metadata)));
    }

    /**
     * Creates a batch of {@code tenant} (null: none, an admin key's) on its uploaded file {@code inputFileId}, as
     * {@code POST /v1/batches} does (the console's submit form runs this too): checks the endpoint, window and file,
     * records it {@code validating} and starts it.
     */
    public ApiBatch create(
            String tenant, String inputFileId, String endpoint, String window, Map<String, String> metadata)
            throws IOException {
        if (!ENDPOINTS.contains(endpoint)) {
            throw ApiException.invalidRequest(
                    "endpoint",
                    "invalid_value",
                    "Invalid value for 'endpoint': '" + endpoint + "'. Supported values are: '/v1/chat/completions',"
                            + " '/v1/embeddings' and '/v1/responses'.");
        }
        if (!WINDOW.equals(window)) {
            throw ApiException.invalidRequest(
                    "completion_window",
                    "invalid_value",
                    "Invalid value for 'completion_window': '" + window + "'. Supported values are: '24h'.");
        }
        String fileTenant = tenant == null ? FileStore.NO_TENANT : tenant;
        StoredFile input = files.find(fileTenant, inputFileId)
                .orElseThrow(() -> FilesEndpoints.noSuchFile("input_file_id", inputFileId));
        if (!StoredFile.PURPOSE_BATCH.equals(input.purpose())) {
            throw ApiException.invalidRequest(
                    "input_file_id",
                    "invalid_value",
                    "The file " + inputFileId + " has purpose '" + input.purpose()
                            + "'; a batch takes a file uploaded with purpose 'batch'.");
        }
        Instant now = context.clock().instant();
        String id = "batch_" + UUID.randomUUID().toString().replace("-", "");
        ApiBatch batch = ApiBatch.newBuilder()
                .setId(id)
                .setTenant(tenant)
                .setEndpoint(endpoint)
                .setInputFileId(inputFileId)
                .setCompletionWindow(window)
                .setStatus(Status.VALIDATING)
                .setCreatedAt(now)
                .setExpiresAt(now.plus(WINDOW_DURATION))
                .setMetadata(metadata)
                .build();
        active.put(id, new ActiveBatch(id));
        try {
            batches().put(batch);
        } catch (RuntimeException e) {
            active.remove(id);
            throw ApiException.unavailable("The batch could not be recorded: the cluster is unreachable right now.");
        }
        log.info(
                "batch {} created from {} ({} bytes, to {}) for tenant {}",
                id,
                inputFileId,
                input.bytes(),
                endpoint,
                tenant);
        workers.execute(() -> run(id));
        return batch;
    }

    /** Every batch of every tenant, newest first (the console's list: admins see all tenants). */
    public List<ApiBatch> all() {
        List<ApiBatch> all = new ArrayList<>(batches().all());
        all.sort(Comparator.comparing(ApiBatch::getCreatedAt)
                .thenComparing(ApiBatch::getId)
                .reversed());
        return all;
    }

    /** Batch {@code id} of any tenant, or empty. */
    public Optional<ApiBatch> get(String id) {
        return batches().get(id);
    }

    /** Whether {@code batch} is still running (validating, in progress, finalizing or cancelling). */
    public static boolean unfinished(ApiBatch batch) {
        return UNFINISHED.contains(batch.getStatus());
    }

    private void list(HttpServerExchange exchange, Caller caller) {
        int limit = Paging.limit(exchange, 20, 100);
        List<ApiBatch> mine = new ArrayList<>(
                batches().all().stream().filter(b -> visible(b, caller)).toList());
        mine.sort(Comparator.comparing(ApiBatch::getCreatedAt)
                .thenComparing(ApiBatch::getId)
                .reversed());
        List<Map<String, Object>> page = new ArrayList<>();
        boolean more = Paging.page(
                mine, ApiBatch::getId, Exchanges.queryParam(exchange, "after"), limit, b -> page.add(toJson(b)));
        Exchanges.sendJson(exchange, 200, Paging.listBody(page, more));
    }

    private void cancel(HttpServerExchange exchange, Caller caller) {
        ApiBatch batch = find(caller, Exchanges.pathParam(exchange, "batch_id"));
        Exchanges.sendJson(exchange, 200, toJson(cancel(batch)));
    }

    /**
     * Cancels {@code batch}, as {@code POST /v1/batches/{id}/cancel} does (the console's Cancel button runs this too):
     * its jobs not yet answered are cancelled and it is {@code cancelling} until its files are written. A batch
     * already cancelling or cancelled is returned as it is; any other finished one is refused (409).
     */
    public ApiBatch cancel(ApiBatch batch) {
        String status = batch.getStatus();
        if (status.equals(Status.CANCELLING) || status.equals(Status.CANCELLED)) {
            return batch;
        }
        if (!status.equals(Status.VALIDATING) && !status.equals(Status.IN_PROGRESS)) {
            throw new ApiException(
                    409, "invalid_request_error", null, null, "Cannot cancel a batch with status '" + status + "'.");
        }
        Instant now = context.clock().instant();
        BatchStore store = batches();
        store.cancelJobs(batch.getId(), "cancelled through the API", now);
        ApiBatch cancelling =
                store.update(batch.getId(), b -> b.setStatus(Status.CANCELLING).setCancellingAt(now));
        log.info("batch {} cancelling", batch.getId());
        return cancelling;
    }

    /** Whether {@code batch} can still be cancelled (validating or in progress). */
    public static boolean cancellable(ApiBatch batch) {
        return Status.VALIDATING.equals(batch.getStatus()) || Status.IN_PROGRESS.equals(batch.getStatus());
    }

    /**
     * {@code batch}'s failed lines by reason (see {@link FailureReasons}): from its error file once written, else from
     * the answers so far while it runs.
     */
    public Map<String, Long> failuresByReason(ApiBatch batch) throws IOException {
        if (batch.getErrorFileId() != null) {
            String tenant = batch.getTenant() == null ? FileStore.NO_TENANT : batch.getTenant();
            Optional<StoredFile> file = files.find(tenant, batch.getErrorFileId());
            if (file.isEmpty()) {
                return Map.of();
            }
            try (Stream<String> lines = Files.lines(files.path(file.get()), StandardCharsets.UTF_8)) {
                return FailureReasons.count(lines::iterator);
            }
        }
        ActiveBatch running = active.get(batch.getId());
        return running == null ? Map.of() : FailureReasons.count(running.failedLines());
    }

    private ApiBatch find(Caller caller, String id) {
        return batches()
                .get(id)
                .filter(b -> visible(b, caller))
                .orElseThrow(() -> ApiException.notFound("batch_id", "No batch found with id '" + id + "'."));
    }

    private static boolean visible(ApiBatch batch, Caller caller) {
        return Objects.equals(batch.getTenant(), caller.tenant());
    }

    private static String requiredText(ObjectNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            throw ApiException.invalidRequest(
                    field, "missing_required_parameter", "Missing required parameter: '" + field + "'.");
        }
        if (!value.isTextual() || value.textValue().isBlank()) {
            throw ApiException.invalidRequest(
                    field, "invalid_type", "Invalid type for '" + field + "': expected a non-empty string.");
        }
        return value.textValue();
    }

    private static Map<String, String> metadata(JsonNode node) {
        Map<String, String> metadata = new LinkedHashMap<>();
        if (node == null || node.isNull()) {
            return metadata;
        }
        if (!node.isObject() || node.size() > MAX_METADATA) {
            throw ApiException.invalidRequest(
                    "metadata",
                    "invalid_value",
                    "Invalid 'metadata': an object of at most 16 string values (keys up to 64 characters, values up"
                            + " to 512).");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().length() > 64
                    || !e.getValue().isTextual()
                    || e.getValue().textValue().length() > 512) {
                throw ApiException.invalidRequest(
                        "metadata." + e.getKey(),
                        "invalid_value",
                        "Invalid 'metadata': keys up to 64 characters, string values up to 512.");
            }
            metadata.put(e.getKey(), e.getValue().textValue());
        }
        return metadata;
    }

    /** OpenAI's {@code Batch} object, with live request_counts while it runs. */
    Map<String, Object> toJson(ApiBatch batch) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", batch.getId());
        json.put("object", "batch");
        json.put("endpoint", batch.getEndpoint());
        json.put("errors", errors(batch));
        json.put("input_file_id", batch.getInputFileId());
        json.put("completion_window", batch.getCompletionWindow());
        json.put("status", batch.getStatus());
        json.put("output_file_id", batch.getOutputFileId());
        json.put("error_file_id", batch.getErrorFileId());
        json.put("created_at", seconds(batch.getCreatedAt()));
        json.put("in_progress_at", seconds(batch.getInProgressAt()));
        json.put("expires_at", seconds(batch.getExpiresAt()));
        json.put("finalizing_at", seconds(batch.getFinalizingAt()));
        json.put("completed_at", seconds(batch.getCompletedAt()));
        json.put("failed_at", seconds(batch.getFailedAt()));
        json.put("expired_at", seconds(batch.getExpiredAt()));
        json.put("cancelling_at", seconds(batch.getCancellingAt()));
        json.put("cancelled_at", seconds(batch.getCancelledAt()));
        long[] counts = counts(batch);
        Map<String, Object> requestCounts = new LinkedHashMap<>();
        requestCounts.put("total", counts[0]);
        requestCounts.put("completed", counts[1]);
        requestCounts.put("failed", counts[2]);
        json.put("request_counts", requestCounts);
        json.put("metadata", new LinkedHashMap<>(batch.getMetadata()));
        // OpenAI's schema types these fields without null: a field not reached yet is left out
        json.values().removeIf(Objects::isNull);
        return json;
    }

    /** OpenAI's request_counts of {@code batch} as {total, completed, failed}: live while it runs. */
    public long[] counts(ApiBatch batch) {
        long[] counts = {batch.getTotal(), batch.getCompleted(), batch.getFailed()};
        ActiveBatch running = active.get(batch.getId());
        long[] live = running == null ? null : running.counts();
        if (live != null && UNFINISHED.contains(batch.getStatus())) {
            counts = live;
        }
        return counts;
    }

    private static Object errors(ApiBatch batch) {
        if (batch.getErrorsJson() == null) {
            return null;
        }
        try {
            return Exchanges.JSON.readTree(batch.getErrorsJson());
        } catch (IOException e) {
            return null;
        }
    }

    private static Long seconds(Instant at) {
        return at == null ? null : at.getEpochSecond();
    }

    // ---- running

    /** Validates and sends batch {@code id} (again, after a restart); finalizes it if every answer is already in. */
    private void run(String id) {
        ActiveBatch batch = active.get(id);
        try {
            ApiBatch record = batches.get(id).orElseThrow();
            String tenant = record.getTenant() == null ? FileStore.NO_TENANT : record.getTenant();
            StoredFile input = files.find(tenant, record.getInputFileId()).orElse(null);
            if (input == null) {
                fail(
                        id,
                        List.of(new BatchValidation.LineError(
                                "file_not_found",
                                "The input file " + record.getInputFileId() + " no longer exists.",
                                "input_file_id",
                                null)));
                return;
            }
            Path path = files.path(input);
            BatchValidation.Outcome checked = BatchValidation.check(path, id, record.getEndpoint());
            if (!checked.errors().isEmpty()) {
                fail(id, checked.errors());
                return;
            }
            Instant deadline = record.getExpiresAt();
            BatchRunner.Submission submission = new BatchRunner(context.client())
                    .submit(
                            new BatchInput(
                                    path,
                                    id,
                                    BatchFileReader.DEFAULT_MAX_LINE_BYTES,
                                    checked.lines(),
                                    checked.jobs(),
                                    null,
                                    false),
                            job -> {
                                job.setTenant(record.getTenant());
                                job.setReplyTo(replyTopic);
                                job.getRouting().setDeadline(deadline);
                                return job;
                            });
            if (Status.VALIDATING.equals(batches.get(id).orElseThrow().getStatus())) {
                Instant now = context.clock().instant();
                batches.update(
                        id,
                        b -> b.setStatus(Status.IN_PROGRESS)
                                .setInProgressAt(now)
                                .setTotal(checked.lines()));
            }
            batch.submitted(submission);
            log.info("batch {} in progress: {} jobs sent", id, submission.jobs());
            if (batch.claimIfComplete()) {
                finish(batch, null, null);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            if (!closed) {
                // left unfinished on purpose: a restart sends it again
                log.error("batch {} could not be sent; it resumes when the service restarts", id, e);
            }
        }
    }

    private void fail(String id, List<BatchValidation.LineError> errors) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("object", "list");
        body.put("data", errors.stream().map(BatchValidation.LineError::toJson).toList());
        String json;
        try {
            json = Exchanges.JSON.writeValueAsString(body);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        Instant now = context.clock().instant();
        batches.update(id, b -> b.setStatus(Status.FAILED).setFailedAt(now).setErrorsJson(json));
        active.remove(id);
        log.info(
                "batch {} failed validation: {} error(s), first: {}",
                id,
                errors.size(),
                errors.get(0).message());
    }

    private void collect(ResultReader reader) {
        try (reader) {
            while (!closed) {
                for (Result result : reader.poll(Duration.ofMillis(200))) {
                    ActiveBatch batch = result.getBatchId() == null ? null : active.get(result.getBatchId());
                    if (batch == null) {
                        continue;
                    }
                    batch.answer(result);
                    if (batch.claimIfComplete()) {
                        workers.execute(() -> finish(batch, null, null));
                    }
                }
            }
        } catch (RuntimeException e) {
            if (!closed) {
                log.error("the reader of {} stopped; batches resume when the service restarts", replyTopic, e);
            }
        }
    }

    private void expire() {
        Instant now = context.clock().instant();
        for (ActiveBatch batch : active.values()) {
            ApiBatch record = batches.get(batch.id).orElse(null);
            if (record != null && now.isAfter(record.getExpiresAt()) && batch.sent() && batch.claim()) {
                batches.cancelJobs(batch.id, "the batch's completion window passed", now);
                workers.execute(() -> finish(
                        batch,
                        "batch_expired",
                        "This request could not be executed before the completion window expired."));
            }
        }
    }

    /**
     * Writes the output and error files of a claimed batch and its final status: expired when {@code missingCode}
     * is given, else cancelled after a cancel, else completed.
     */
    private void finish(ActiveBatch batch, String missingCode, String missingMessage) {
        try {
            String id = batch.id;
            ApiBatch record = batches.get(id).orElseThrow();
            Instant finalizing = context.clock().instant();
            boolean cancelled = Status.CANCELLING.equals(record.getStatus());
            batches.update(id, b -> b.setStatus(Status.FINALIZING).setFinalizingAt(finalizing));
            ActiveBatch.Lines lines = batch.lines(
                    missingCode != null ? missingCode : "batch_cancelled",
                    missingMessage != null ? missingMessage : "The batch was cancelled before this request ran.");
            String tenant = record.getTenant() == null ? FileStore.NO_TENANT : record.getTenant();
            String suffix = id.substring(id.indexOf('_') + 1);
            String outputId = write(tenant, "file-" + suffix + "-output", id + "_output.jsonl", lines.output());
            String errorId = write(tenant, "file-" + suffix + "-errors", id + "_error.jsonl", lines.errors());
            Instant done = context.clock().instant();
            String status = missingCode != null ? Status.EXPIRED : cancelled ? Status.CANCELLED : Status.COMPLETED;
            batches.update(id, b -> {
                b.setStatus(status)
                        .setOutputFileId(outputId)
                        .setErrorFileId(errorId)
                        .setTotal(lines.output().size() + lines.errors().size())
                        .setCompleted(lines.output().size())
                        .setFailed(lines.errors().size());
                switch (status) {
                    case Status.EXPIRED -> b.setExpiredAt(done);
                    case Status.CANCELLED -> b.setCancelledAt(done);
                    default -> b.setCompletedAt(done);
                }
            });
            active.remove(id);
            log.info(
                    "batch {} {}: {} succeeded, {} failed",
                    id,
                    status,
                    lines.output().size(),
                    lines.errors().size());
        } catch (Exception e) {
            if (!closed) {
                log.error("batch {} could not be finalized; it finishes when the service restarts", batch.id, e);
            }
        }
    }

    /** Stores {@code lines} as a {@code batch_output} file under {@code id}; null (no file) when there are none. */
    private String write(String tenant, String id, String filename, List<String> lines) throws IOException {
        if (lines.isEmpty()) {
            return null;
        }
        Path temp = files.newTempFile();
        try (BufferedWriter writer = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
            for (String line : lines) {
                writer.write(line);
                writer.write('\n');
            }
        }
        return files.put(tenant, id, filename, StoredFile.PURPOSE_BATCH_OUTPUT, temp)
                .id();
    }

    @Override
    public void close() {
        synchronized (this) {
            closed = true;
        }
        starter.interrupt();
        shutdown();
        if (collector != null) {
            try {
                collector.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        BatchStore store = batches;
        if (store != null) {
            store.close();
        }
    }

    private void shutdown() {
        ticker.shutdownNow();
        workers.shutdownNow();
        try {
            workers.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
