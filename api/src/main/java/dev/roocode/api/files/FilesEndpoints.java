package dev.roocode.api.files;

import dev.roocode.api.Access;
import dev.roocode.api.ApiConfig;
import dev.roocode.api.ApiContext;
import dev.roocode.api.Endpoints;
import dev.roocode.api.Routes;
import dev.roocode.api.auth.Caller;
import dev.roocode.api.http.ApiException;
import dev.roocode.api.http.Exchanges;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.RequestTooBigException;
import io.undertow.server.handlers.form.FormData;
import io.undertow.server.handlers.form.FormDataParser;
import io.undertow.server.handlers.form.FormParserFactory;
import io.undertow.server.handlers.form.MultiPartParserDefinition;
import io.undertow.util.Headers;
import io.undertow.util.Methods;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Files: {@code POST/GET/DELETE /v1/files}, {@code GET /v1/files/{id}} and {@code /content}, on a pluggable store (a
 * local folder by default). Uploads are multipart, streamed to the store's folder (never held in memory), purpose
 * {@code batch} only, up to {@value ApiConfig#UPLOAD_MAX_BYTES}.
 */
public final class FilesEndpoints implements Endpoints {
    private static final Logger log = LoggerFactory.getLogger(FilesEndpoints.class);
    /** Room for the multipart boundaries and the small fields beside the file. */
    private static final long MULTIPART_OVERHEAD = 64 * 1024;
    /** Largest form field held in memory; a bigger one is written to the upload folder. */
    private static final long FIELD_IN_MEMORY_BYTES = 64 * 1024;
    /** OpenAI's page size limits for GET /v1/files. */
    private static final int MAX_LIMIT = 10_000;

    private final FileStore store;
    private final long maxUploadBytes;

    public FilesEndpoints(ApiContext context) {
        this(openStore(context), context.config().getLong(ApiConfig.UPLOAD_MAX_BYTES));
    }

    FilesEndpoints(FileStore store, long maxUploadBytes) {
        this.store = store;
        this.maxUploadBytes = maxUploadBytes;
    }

    /** The store {@code context}'s settings name ({@value ApiConfig#FILES_DIR}); the Batches group opens the same. */
    public static FileStore openStore(ApiContext context) {
        try {
            return new LocalFileStore(Path.of(context.config().getString(ApiConfig.FILES_DIR)), context.clock());
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot open the files folder " + context.config().getString(ApiConfig.FILES_DIR), e);
        }
    }

    /** The store key of {@code caller}'s files. */
    public static String tenantOf(Caller caller) {
        return caller.tenant() == null ? FileStore.NO_TENANT : caller.tenant();
    }

    /** The 404 OpenAI answers for an unknown file id, also for another tenant's. */
    public static ApiException noSuchFile(String param, String id) {
        return ApiException.notFound(param, "No such File object: " + id);
    }

    @Override
    public void register(Routes routes) {
        routes.add(Methods.POST, "/v1/files", Access.KEY, this::upload);
        routes.add(Methods.GET, "/v1/files", Access.KEY, this::list);
        routes.add(
                Methods.GET,
                "/v1/files/{file_id}",
                Access.KEY,
                (exchange, caller) ->
                        Exchanges.sendJson(exchange, 200, find(caller, exchange).toJson()));
        routes.add(Methods.DELETE, "/v1/files/{file_id}", Access.KEY, this::delete);
        routes.add(Methods.GET, "/v1/files/{file_id}/content", Access.KEY, this::content);
    }

    private StoredFile find(Caller caller, HttpServerExchange exchange) throws IOException {
        String id = Exchanges.pathParam(exchange, "file_id");
        return store.find(tenantOf(caller), id).orElseThrow(() -> noSuchFile("file_id", id));
    }

    private void upload(HttpServerExchange exchange, Caller caller) throws IOException {
        StoredFile stored = multipart(exchange, "POST /v1/files", "'file' and 'purpose'", form -> {
            FormData.FormValue purpose = form.getFirst("purpose");
            if (purpose == null || purpose.isFileItem() || purpose.getValue().isBlank()) {
                throw ApiException.invalidRequest("purpose", null, "Missing required parameter: 'purpose'.");
            }
            if (!StoredFile.PURPOSE_BATCH.equals(purpose.getValue())) {
                throw ApiException.invalidRequest(
                        "purpose",
                        "invalid_value",
                        "Invalid value for 'purpose': '" + oneLine(purpose.getValue())
                                + "'. This server supports only 'batch' (supported by OpenAI: 'assistants', 'batch',"
                                + " 'fine-tune', 'vision', 'user_data', 'evals').");
            }
            return storeBatchInput(tenantOf(caller), form.getFirst("file"));
        });
        Exchanges.sendJson(exchange, 200, stored.toJson());
    }

    /** What is done with a parsed multipart form while its parts are still on disk. */
    @FunctionalInterface
    public interface MultipartForm<T> {
        T apply(FormData form) throws IOException;
    }

    /**
     * Parses the multipart/form-data body of {@code exchange} (file parts streamed to the store's folder, never whole
     * in memory; at most {@value ApiConfig#UPLOAD_MAX_BYTES} per file), runs {@code handler} on it and then deletes the
     * parts. POST /v1/files and the console's batch upload both read their form here.
     *
     * @param what   the request, for the error message ("POST /v1/files")
     * @param fields the fields it takes, for the error message
     */
    public <T> T multipart(HttpServerExchange exchange, String what, String fields, MultipartForm<T> handler)
            throws IOException {
        long declared = exchange.getRequestContentLength();
        if (declared > maxUploadBytes + MULTIPART_OVERHEAD) {
            throw tooLarge();
        }
        exchange.setMaxEntitySize(maxUploadBytes + MULTIPART_OVERHEAD);
        Path tempDir = store.newTempFile();
        Files.delete(tempDir);
        Files.createDirectories(tempDir);
        MultiPartParserDefinition multipart = new MultiPartParserDefinition(tempDir);
        multipart.setFileSizeThreshold(0);
        multipart.setMaxIndividualFileSize(maxUploadBytes);
        // a part without a filename larger than this goes to disk too, never whole into memory
        multipart.setFieldSizeThreshold(FIELD_IN_MEMORY_BYTES);
        multipart.setDefaultEncoding("UTF-8");
        try (FormDataParser parser =
                FormParserFactory.builder(false).addParser(multipart).build().createParser(exchange)) {
            if (parser == null) {
                throw ApiException.invalidRequest(
                        null,
                        null,
                        what + " takes multipart/form-data with the fields " + fields + "; the request's"
                                + " Content-Type is "
                                + exchange.getRequestHeaders().getFirst(Headers.CONTENT_TYPE)
                                + ".");
            }
            FormData form;
            try {
                form = parser.parseBlocking();
            } catch (MultiPartParserDefinition.FileTooLargeException | RequestTooBigException e) {
                throw tooLarge();
            } catch (IOException e) {
                throw ApiException.invalidRequest(
                        null, null, "The multipart/form-data body could not be parsed: " + oneLine(e.getMessage()));
            }
            return handler.apply(form);
        } finally {
            deleteTree(tempDir);
        }
    }

    /**
     * Stores the {@code file} part of a parsed multipart form (see {@link #multipart}) as a batch input file of
     * {@code tenant} (a {@link #tenantOf} key), after checking its size and that it looks like JSONL.
     */
    public StoredFile storeBatchInput(String tenant, FormData.FormValue file) throws IOException {
        if (file == null) {
            throw ApiException.invalidRequest("file", null, "Missing required parameter: 'file'.");
        }
        Path content;
        Path owned = store.newTempFile();
        try {
            if (file.isFileItem()) {
                // a part with a filename, or a big one without (some SDKs send bytes so): on disk already
                content = file.getFileItem().getFile();
            } else {
                content = Files.writeString(owned, file.getValue(), StandardCharsets.UTF_8);
            }
            if (Files.size(content) > maxUploadBytes) {
                throw tooLarge();
            }
            if (!JsonlSniffer.looksLikeJsonl(content)) {
                throw ApiException.invalidRequest("file", null, "Invalid file format for Batch API. Must be .jsonl");
            }
            if (!content.equals(owned)) {
                Files.move(content, owned, StandardCopyOption.REPLACE_EXISTING);
            }
            String filename = file.getFileName() == null ? "upload.jsonl" : file.getFileName();
            StoredFile stored = store.put(tenant, null, filename, StoredFile.PURPOSE_BATCH, owned);
            log.info("file {} uploaded: {} bytes for tenant {}", stored.id(), stored.bytes(), stored.tenant());
            return stored;
        } finally {
            Files.deleteIfExists(owned);
        }
    }

    private ApiException tooLarge() {
        return ApiException.tooLarge(
                "The file is larger than this server accepts (" + maxUploadBytes + " bytes, api.upload.max.bytes).");
    }

    private void list(HttpServerExchange exchange, Caller caller) throws IOException {
        String purpose = Exchanges.queryParam(exchange, "purpose");
        int limit = Paging.limit(exchange, MAX_LIMIT, MAX_LIMIT);
        String order = Exchanges.queryParam(exchange, "order");
        if (order != null && !order.equals("asc") && !order.equals("desc")) {
            throw ApiException.invalidRequest(
                    "order",
                    "invalid_value",
                    "Invalid value for 'order': '" + oneLine(order) + "'. Use 'asc' or 'desc'.");
        }
        List<StoredFile> files = new ArrayList<>(store.list(tenantOf(caller)));
        if (purpose != null) {
            files.removeIf(f -> !f.purpose().equals(purpose));
        }
        if ("asc".equals(order)) {
            Collections.reverse(files);
        }
        List<Map<String, Object>> page = new ArrayList<>();
        boolean hasMore = Paging.page(
                files, StoredFile::id, Exchanges.queryParam(exchange, "after"), limit, f -> page.add(f.toJson()));
        Exchanges.sendJson(exchange, 200, Paging.listBody(page, hasMore));
    }

    private void delete(HttpServerExchange exchange, Caller caller) throws IOException {
        String id = Exchanges.pathParam(exchange, "file_id");
        if (!store.delete(tenantOf(caller), id)) {
            throw noSuchFile("file_id", id);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", id);
        body.put("object", "file");
        body.put("deleted", true);
        Exchanges.sendJson(exchange, 200, body);
    }

    private void content(HttpServerExchange exchange, Caller caller) throws IOException {
        sendContent(exchange, find(caller, exchange));
    }

    /** The file {@code id} of {@code tenant} (a {@link #tenantOf} key), or empty. */
    public Optional<StoredFile> find(String tenant, String id) throws IOException {
        return store.find(tenant, id);
    }

    /** Answers {@code file}'s content, streamed from the store (GET /v1/files/{id}/content and the console). */
    public void sendContent(HttpServerExchange exchange, StoredFile file) throws IOException {
        exchange.setStatusCode(200);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/octet-stream");
        exchange.getResponseHeaders().put(Headers.CONTENT_LENGTH, file.bytes());
        exchange.startBlocking();
        try (InputStream in = store.open(file);
                OutputStream out = exchange.getOutputStream()) {
            in.transferTo(out);
        }
    }

    static String oneLine(String text) {
        if (text == null) {
            return "";
        }
        String line = text.replaceAll("[\\r\\n\\t]+", " ").strip();
        return line.length() > 200 ? line.substring(0, 200) + "..." : line;
    }

    private static void deleteTree(Path dir) {
        Exception last = null;
        // Undertow's parser deletes its part files on a worker thread as it closes, while this walks the same folder:
        // a file that vanishes mid-walk fails the walk, so walk again (a failure here must never replace the answer)
        for (int attempt = 0; attempt < 3 && Files.exists(dir); attempt++) {
            try (var entries = Files.walk(dir)) {
                for (Path p : entries.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            } catch (IOException | UncheckedIOException e) {
                last = e;
            }
        }
        if (Files.exists(dir)) {
            log.warn("cannot remove the upload folder {}: {}", dir, String.valueOf(last));
        }
    }
}
