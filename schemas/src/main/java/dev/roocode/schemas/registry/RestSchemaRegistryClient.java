package dev.roocode.schemas.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.roocode.schemas.config.CommonConfig;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLContext;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;

/**
 * {@link SchemaRegistryClient} over the Confluent Schema Registry REST API, so Roocode works
 * against Confluent Schema Registry, Karapace, Apicurio's Confluent-compatible API and the
 * sandbox's embedded registry. Uses the JDK {@link HttpClient} and caches what never changes:
 * ids per (subject, schema) and schemas per id; {@link #latest} and {@link #isCompatible} always
 * ask the registry.
 *
 * <p>Failures are {@link SchemaRegistryException}s with a one-line message naming the request URL
 * (never credentials) and the Confluent error code, e.g.
 * {@code GET http://localhost:8081/subjects/x/versions/latest: 40401 Subject 'x' not found.}
 */
public final class RestSchemaRegistryClient implements SchemaRegistryClient {
    /** Configuration key holding the registry URL. */
    public static final String SCHEMA_REGISTRY_URL_CONFIG = CommonConfig.SCHEMA_REGISTRY_URL;
    /** Configuration key holding {@code user:password} for HTTP basic authentication (Confluent's name). */
    public static final String BASIC_AUTH_USER_INFO_CONFIG = CommonConfig.BASIC_AUTH_USER_INFO;
    /** Configuration key of a trust store for the registry's TLS certificate (Confluent's name). */
    public static final String SSL_TRUSTSTORE_LOCATION_CONFIG = CommonConfig.REGISTRY_SSL_TRUSTSTORE_LOCATION;

    public static final String SSL_TRUSTSTORE_PASSWORD_CONFIG = CommonConfig.REGISTRY_SSL_TRUSTSTORE_PASSWORD;
    public static final String SSL_TRUSTSTORE_TYPE_CONFIG = CommonConfig.REGISTRY_SSL_TRUSTSTORE_TYPE;

    static final String MEDIA_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final String ACCEPT =
            MEDIA_TYPE + ", application/vnd.schemaregistry+json; qs=0.9, application/json; qs=0.5";
    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String baseUrl;
    private final String authorization;
    private final Duration timeout;
    private final HttpClient http;
    private final Map<String, Map<String, Integer>> idBySubjectAndSchema = new ConcurrentHashMap<>();
    private final Map<Integer, Schema> schemaById = new ConcurrentHashMap<>();

    /**
     * A client for the registry at {@code url}. User info in the URL ({@code http://user:pass@host})
     * is used for basic authentication and removed from the URL; {@code basicAuthUserInfo}
     * ({@code user:password}, may be null) takes precedence over it.
     *
     * @throws IllegalArgumentException if {@code url} is not an absolute http(s) URL
     */
    public RestSchemaRegistryClient(String url, String basicAuthUserInfo, Duration requestTimeout) {
        this(url, basicAuthUserInfo, requestTimeout, null);
    }

    /** As {@link #RestSchemaRegistryClient(String, String, Duration)}, trusting {@code ssl}'s certificates (null: the JVM's). */
    public RestSchemaRegistryClient(String url, String basicAuthUserInfo, Duration requestTimeout, SSLContext ssl) {
        URI uri = parseUrl(url);
        String userInfo = basicAuthUserInfo != null ? basicAuthUserInfo : uri.getRawUserInfo();
        if (userInfo != null && basicAuthUserInfo == null) {
            userInfo = URLDecoder.decode(userInfo, StandardCharsets.UTF_8);
        }
        this.baseUrl = uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort())
                + stripSlash(uri.getRawPath());
        this.authorization = userInfo == null
                ? null
                : "Basic " + Base64.getEncoder().encodeToString(userInfo.getBytes(StandardCharsets.UTF_8));
        this.timeout = Objects.requireNonNull(requestTimeout, "requestTimeout");
        // HTTP/1.1: the default h2c upgrade attempt on plain http confuses some registry proxies
        HttpClient.Builder builder =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(requestTimeout);
        this.http = (ssl == null ? builder : builder.sslContext(ssl)).build();
    }

    /** A client for {@code schemaRegistryUrl} with no credentials beyond URL user info and a 30 s timeout. */
    public static SchemaRegistryClient forUrl(String schemaRegistryUrl) {
        return new RestSchemaRegistryClient(schemaRegistryUrl, null, DEFAULT_TIMEOUT);
    }

    /**
     * A client configured from {@value #SCHEMA_REGISTRY_URL_CONFIG} (required; the first of a
     * comma-separated list), {@value #BASIC_AUTH_USER_INFO_CONFIG} (optional) and the
     * {@code schema.registry.ssl.truststore.*} keys (optional), with a 30 s timeout.
     */
    public static SchemaRegistryClient fromConfig(Map<String, ?> config) {
        return fromConfig(config, DEFAULT_TIMEOUT);
    }

    /** {@link #fromConfig(Map)} with {@code requestTimeout}. */
    public static SchemaRegistryClient fromConfig(Map<String, ?> config, Duration requestTimeout) {
        Object url = config.get(SCHEMA_REGISTRY_URL_CONFIG);
        if (url == null || url.toString().isBlank()) {
            throw new IllegalArgumentException(SCHEMA_REGISTRY_URL_CONFIG + " is not set");
        }
        String userInfo = text(config.get(BASIC_AUTH_USER_INFO_CONFIG));
        String truststore = text(config.get(SSL_TRUSTSTORE_LOCATION_CONFIG));
        SSLContext ssl = truststore == null
                ? null
                : RegistryTls.trusting(
                        SSL_TRUSTSTORE_LOCATION_CONFIG,
                        truststore,
                        text(config.get(SSL_TRUSTSTORE_PASSWORD_CONFIG)),
                        text(config.get(SSL_TRUSTSTORE_TYPE_CONFIG)));
        String first = url.toString().split(",")[0].trim();
        return new RestSchemaRegistryClient(first, userInfo, requestTimeout, ssl);
    }

    private static String text(Object value) {
        return value == null || value.toString().isEmpty() ? null : value.toString();
    }

    /** The registry URL without credentials. */
    public String url() {
        return baseUrl;
    }

    @Override
    public int register(String subject, Schema schema) {
        String text = schema.toString();
        Map<String, Integer> ids = idBySubjectAndSchema.computeIfAbsent(subject, s -> new ConcurrentHashMap<>());
        Integer cached = ids.get(text);
        if (cached != null) {
            return cached;
        }
        JsonNode answer = send("POST", "/subjects/" + encode(subject) + "/versions", schemaBody(text));
        int id = requiredInt(answer, "id", "POST /subjects/" + encode(subject) + "/versions");
        ids.put(text, id);
        schemaById.putIfAbsent(id, schema);
        return id;
    }

    @Override
    public Schema getById(int id) {
        Schema cached = schemaById.get(id);
        if (cached != null) {
            return cached;
        }
        String path = "/schemas/ids/" + id;
        Schema schema = parseSchema(send("GET", path, null), path);
        schemaById.putIfAbsent(id, schema);
        return schema;
    }

    @Override
    public RegisteredSchema latest(String subject) {
        String path = "/subjects/" + encode(subject) + "/versions/latest";
        JsonNode answer = send("GET", path, null);
        int id = requiredInt(answer, "id", "GET " + path);
        Schema schema = schemaById.computeIfAbsent(id, i -> parseSchema(answer, path));
        return new RegisteredSchema(subject, requiredInt(answer, "version", "GET " + path), id, schema);
    }

    /** True if {@code subject} has no versions yet; otherwise the registry's verdict against its latest version. */
    @Override
    public boolean isCompatible(String subject, Schema schema) {
        String path = "/compatibility/subjects/" + encode(subject) + "/versions/latest";
        try {
            JsonNode answer = send("POST", path, schemaBody(schema.toString()));
            JsonNode verdict = answer.get("is_compatible");
            if (verdict == null || !verdict.isBoolean()) {
                throw new SchemaRegistryException(
                        50001, "POST " + baseUrl + path + ": answer has no boolean is_compatible");
            }
            return verdict.booleanValue();
        } catch (SchemaRegistryException e) {
            if (e.errorCode() == 40401 || e.errorCode() == 40402) {
                return true; // registries differ on an empty subject; nothing registered means nothing to break
            }
            throw e;
        }
    }

    private JsonNode send(String method, String path, String body) {
        String url = baseUrl + path;
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create(url)).timeout(timeout).header("Accept", ACCEPT);
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", MEDIA_TYPE)
                    .method(method, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        }
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new SchemaRegistryException(
                    method + " " + url + ": registry unreachable ("
                            + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage())
                            + ")",
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SchemaRegistryException(method + " " + url + ": interrupted", e);
        }
        JsonNode answer = parseJson(response.body());
        if (response.statusCode() / 100 != 2) {
            int code = answer != null && answer.path("error_code").canConvertToInt()
                    ? answer.path("error_code").asInt()
                    : response.statusCode();
            String message = answer != null && answer.hasNonNull("message")
                    ? answer.get("message").asText()
                    : "HTTP " + response.statusCode();
            throw new SchemaRegistryException(code, method + " " + url + ": " + code + " " + oneLine(message));
        }
        if (answer == null) {
            throw new SchemaRegistryException(
                    50001, method + " " + url + ": answer is not JSON (HTTP " + response.statusCode() + ")");
        }
        return answer;
    }

    private Schema parseSchema(JsonNode answer, String path) {
        JsonNode text = answer.get("schema");
        if (text == null || !text.isTextual()) {
            throw new SchemaRegistryException(50001, "GET " + baseUrl + path + ": answer has no schema string");
        }
        String type = answer.path("schemaType").asText("AVRO");
        if (!type.equals("AVRO")) {
            throw new SchemaRegistryException(
                    42201, "GET " + baseUrl + path + ": schema type " + type + " is not Avro");
        }
        try {
            return new Schema.Parser().parse(text.asText());
        } catch (AvroRuntimeException e) {
            throw new SchemaRegistryException(
                    42201, "GET " + baseUrl + path + ": unparseable Avro schema: " + oneLine(e.getMessage()));
        }
    }

    private int requiredInt(JsonNode answer, String field, String request) {
        JsonNode value = answer.get(field);
        if (value == null || !value.canConvertToInt()) {
            int space = request.indexOf(' ');
            throw new SchemaRegistryException(
                    50001,
                    request.substring(0, space + 1) + baseUrl + request.substring(space + 1)
                            + ": answer has no integer " + field);
        }
        return value.asInt();
    }

    private static String schemaBody(String schema) {
        // schemaType is left out: AVRO is the default, and older registries reject the field
        return JSON.createObjectNode().put("schema", schema).toString();
    }

    private static JsonNode parseJson(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }

    private static String encode(String subject) {
        return URLEncoder.encode(subject, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String oneLine(String message) {
        if (message == null) {
            return "";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    private static String stripSlash(String path) {
        if (path == null) {
            return "";
        }
        return path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }

    private static URI parseUrl(String url) {
        Objects.requireNonNull(url, SCHEMA_REGISTRY_URL_CONFIG);
        URI uri;
        try {
            uri = URI.create(url.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(SCHEMA_REGISTRY_URL_CONFIG + " is not a URL", e);
        }
        if (uri.getHost() == null || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
            throw new IllegalArgumentException(
                    SCHEMA_REGISTRY_URL_CONFIG + " must be an absolute http(s) URL like http://localhost:8081");
        }
        return uri;
    }
}
