package dev.roocode.connectors.provider;

import static dev.roocode.connectors.TestJobs.dispatched;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.roocode.connectors.execution.ErrorPolicy;
import dev.roocode.connectors.provider.contract.ContractJobs;
import dev.roocode.connectors.provider.contract.ErrorCase;
import dev.roocode.connectors.provider.contract.Fixtures;
import dev.roocode.connectors.provider.contract.InvalidCase;
import dev.roocode.connectors.provider.contract.OpenAiParamCases;
import dev.roocode.connectors.provider.contract.RateLimitCase;
import dev.roocode.connectors.provider.contract.ResponseCase;
import dev.roocode.core.provider.JobField;
import dev.roocode.schemas.RequestIds;
import dev.roocode.schemas.avro.Choice;
import dev.roocode.schemas.avro.DispatchedJob;
import dev.roocode.schemas.avro.ErrorClass;
import dev.roocode.schemas.avro.Job;
import dev.roocode.schemas.avro.JobKind;
import dev.roocode.schemas.avro.ProviderConfig;
import dev.roocode.schemas.avro.ProviderOutput;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The contract every provider adapter passes (STYLE 17). A provider's test ({@code <Type>ContractTest}
 * in its package) extends this class and supplies its adapter, a sample {@link ProviderConfig}, its
 * capability matrix ({@link #supportedFields()}) and its fixtures under
 * {@code src/test/resources/fixtures/<type>/}:
 *
 * <ul>
 *   <li>{@code chat-all-fields.request.json}: the body for {@link ContractJobs#chat} with every supported field;
 *   <li>{@code embeddings.request.json}: the body for {@link ContractJobs#embedding} (when embeddings are supported);
 *   <li>one {@code <case>.response.json} (+ optional {@code .headers.json}) per {@link #responseCases()},
 *       {@link #invalidCases()} and {@link #errorCases()}, from the provider's published spec and docs.
 * </ul>
 *
 * The suite checks request mapping, that an unsupported field fails with BAD_REQUEST naming it,
 * what happens to each untyped OpenAI field ({@link #openAiParamCases()}: passed, mapped, dropped at
 * a neutral value, or refused naming the field and the type),
 * response mapping (finish reasons, tool calls, embeddings, usage), lenient parsing of unknown fields,
 * INVALID_RESPONSE for truncated, non-JSON and incomplete bodies, and that every error class is
 * covered per provider with the right retryable flag and Retry-After.
 *
 * <p>It is past 300 lines on purpose: it is the whole contract in one place, read by everyone adding
 * a type; the data it works on (jobs, fixtures, cases) lives in {@code provider.contract}.
 */
public abstract class ProviderContractTest {
    /** The API key every contract request is built with; it must never surface in a message. */
    protected static final String KEY = "sk-contract-secret-0123456789";
    /** The assignment's provider model in every contract request. */
    protected static final String PROVIDER_MODEL = "model-under-test";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<Integer> REQUIRED_STATUSES = Set.of(400, 401, 403, 404, 408, 413, 422, 429, 500, 502, 503);
    private static final Set<ErrorClass> REQUIRED_CLASSES = EnumSet.of(
            ErrorClass.AUTHENTICATION,
            ErrorClass.PERMISSION,
            ErrorClass.BAD_REQUEST,
            ErrorClass.CONTEXT_LENGTH,
            ErrorClass.CONTENT_POLICY,
            ErrorClass.NOT_FOUND,
            ErrorClass.RATE_LIMITED,
            ErrorClass.TIMEOUT,
            ErrorClass.PROVIDER_UNAVAILABLE,
            ErrorClass.PROVIDER_ERROR);
    private static final Set<String> FINISH_REASONS = Set.of("stop", "length", "tool_calls", "content_filter");

    /** The contract test of a registered {@code type} ({@code <Type>ContractTest}, found by name), for ITs that reuse its matrix and calls. */
    public static ProviderContractTest forType(String type) {
        String name = ProviderAdapters.forType(type).getClass().getName().replaceFirst("Adapter$", "ContractTest");
        try {
            var constructor = Class.forName(name).getDeclaredConstructor();
            constructor.setAccessible(true);
            return (ProviderContractTest) constructor.newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("no contract test " + name + " for type " + type, e);
        }
    }

    /** The capability matrix of this type, for ITs. */
    public Set<JobField> fields() {
        return supportedFields();
    }

    /** The adapter under test. */
    protected abstract ProviderAdapter adapter();

    /** A sample configuration of this provider type, as an operator would write it. */
    protected abstract ProviderConfig config();

    /**
     * The capability matrix: the Job fields this provider honours, as its descriptor in core's registry
     * declares them. Every other field must fail with BAD_REQUEST.
     */
    protected final Set<JobField> supportedFields() {
        return adapter().descriptor().supportedFields();
    }

    /**
     * What this type must do with each untyped OpenAI field ({@code Job.openAiParamsJson}): pass, map
     * (where to), refuse, and which neutral values it drops.
     */
    protected abstract OpenAiParamCases openAiParamCases();

    /** Where the chat request goes for {@link #config()}. */
    protected abstract String expectedChatUri();

    /** Where the embedding request goes for {@link #config()}; unused when embeddings are not supported. */
    protected abstract String expectedEmbeddingUri();

    /** The authentication headers for {@link #KEY} (exact values). */
    protected abstract Map<String, String> expectedAuthHeaders(String apiKey);

    /** 2xx fixtures and what they parse to; together they cover every finish reason in {@link #finishReasons()}. */
    protected abstract List<ResponseCase> responseCases();

    /** 2xx fixtures that lack what a result needs. */
    protected abstract List<InvalidCase> invalidCases();

    /** Error fixtures, at least one per required status and error class. */
    protected abstract List<ErrorCase> errorCases();

    /**
     * Answers carrying the rate-limit signals this provider documents (headers on any answer, or what a 429
     * says about the wait), and what the worker must read from them; empty when the provider documents none
     * beyond its error cases' Retry-After.
     */
    protected List<RateLimitCase> rateLimitSignals() {
        return List.of();
    }

    /** Normalised finish reasons this provider can report; all four unless the provider has no such state. */
    protected Set<String> finishReasons() {
        return FINISH_REASONS;
    }

    /**
     * Error classes this provider's fixtures must cover: all of them, unless the provider documents
     * that it never reports one (say why in the override and in its docs page).
     */
    protected Set<ErrorClass> requiredErrorClasses() {
        return REQUIRED_CLASSES;
    }

    protected final Fixtures fixtures() {
        return new Fixtures(adapter().type());
    }

    /** {@code job} as assigned to this provider. */
    protected DispatchedJob assigned(Job job) {
        return dispatched(job, config().getName(), PROVIDER_MODEL);
    }

    /**
     * Every request the contract builds, by name: the all-fields chat, a minimal chat, the embedding
     * job and each supported field alone. {@code ProviderSpecConformanceIT} sends these to a
     * validating mock of the provider's published spec.
     */
    public Map<String, HttpCall> contractCalls() {
        Map<String, HttpCall> calls = new LinkedHashMap<>();
        calls.put(
                "chat-all-fields", adapter().toHttpCall(assigned(ContractJobs.chat(supportedFields())), config(), KEY));
        calls.put(
                "chat-minimal",
                adapter().toHttpCall(assigned(ContractJobs.chat(EnumSet.of(JobField.MESSAGES))), config(), KEY));
        boolean embeddings = supportedFields().contains(JobField.EMBEDDINGS);
        if (embeddings) {
            calls.put(
                    "embeddings",
                    adapter().toHttpCall(assigned(ContractJobs.embedding(supportedFields())), config(), KEY));
        }
        for (JobField field : supportedFields()) {
            if (field.chat() || embeddings) {
                calls.put(field.name(), adapter().toHttpCall(assigned(ContractJobs.with(field)), config(), KEY));
            }
        }
        for (String field : OpenAiParamPolicy.CHAT_FIELDS) {
            if (!(openAiParamCases().expect(field) instanceof OpenAiParamCases.Refused)) {
                calls.put(
                        "openai-param " + field,
                        adapter()
                                .toHttpCall(
                                        assigned(paramJob(field, OpenAiParamCases.EFFECTIVE.get(field))),
                                        config(),
                                        KEY));
            }
        }
        return calls;
    }

    /** The chat job the OpenAI-param cases send: plain messages, with tools where the type takes them (parallel_tool_calls needs some). */
    private Job paramJob(String field, String valueJson) {
        Set<JobField> fields = supportedFields().contains(JobField.TOOLS)
                ? EnumSet.of(JobField.MESSAGES, JobField.TOOLS)
                : EnumSet.of(JobField.MESSAGES);
        return ContractJobs.chatWithOpenAiParams(
                fields, field == null ? null : "{\"" + field + "\":" + valueJson + "}");
    }

    // --- capability matrix -------------------------------------------------------------------

    @Test
    void shouldDeclareADescriptorThatTakesMessages() {
        assertThat(supportedFields())
                .as("every chat provider takes plain messages")
                .contains(JobField.MESSAGES);
        assertThat(adapter().descriptor().id()).isEqualTo(adapter().type());
    }

    // --- request mapping ---------------------------------------------------------------------

    @Test
    void shouldMapChatJobWithEverySupportedField() throws Exception {
        HttpCall call = adapter().toHttpCall(assigned(ContractJobs.chat(supportedFields())), config(), KEY);

        assertThat(call.method()).isEqualTo("POST");
        assertThat(call.uri()).hasToString(expectedChatUri());
        assertThat(JSON.readTree(call.body())).isEqualTo(fixtures().request("chat-all-fields"));
        assertThat(call.headers())
                .containsAllEntriesOf(expectedAuthHeaders(KEY))
                .containsEntry(ProviderAdapter.REQUEST_ID_HEADER, "contract-chat");
        assertThat(call.toString()).doesNotContain(KEY);
        assertThat(new String(call.body(), StandardCharsets.UTF_8)).doesNotContain(KEY);
    }

    @Test
    void shouldSendARequestIdWithAnEmojiAsAHeaderTheHttpClientAccepts() {
        Job job = ContractJobs.chat(supportedFields());
        job.setRequestId("batch_1/\uD83D\uDE80-r\u00e9sum\u00e9");
        HttpCall call = adapter().toHttpCall(assigned(job), config(), KEY);

        String header = call.headers().get(ProviderAdapter.REQUEST_ID_HEADER);
        assertThat(header).isEqualTo("batch_1/%F0%9F%9A%80-r%C3%A9sum%C3%A9");
        assertThat(RequestIds.fromHeaderValue(header)).isEqualTo(job.getRequestId());
        HttpRequest.Builder request = HttpRequest.newBuilder(call.uri());
        call.headers().forEach((name, value) -> {
            if (!name.equalsIgnoreCase("host") && !name.equalsIgnoreCase("content-length")) {
                request.header(name, value); // the JDK client refuses a value it cannot send, as the transport would
            }
        });
    }

    @Test
    void shouldMapEmbeddingJobOrRefuseIt() throws Exception {
        Job job = ContractJobs.embedding(supportedFields());
        if (!supportedFields().contains(JobField.EMBEDDINGS)) {
            assertRejected(job, JobField.EMBEDDINGS);
            return;
        }
        HttpCall call = adapter().toHttpCall(assigned(job), config(), KEY);

        assertThat(call.uri()).hasToString(expectedEmbeddingUri());
        assertThat(JSON.readTree(call.body())).isEqualTo(fixtures().request("embeddings"));
        assertThat(call.headers()).containsAllEntriesOf(expectedAuthHeaders(KEY));
    }

    @TestFactory
    Stream<DynamicTest> shouldRejectEachUnsupportedFieldNamingIt() {
        boolean embeddings = supportedFields().contains(JobField.EMBEDDINGS);
        return EnumSet.complementOf(EnumSet.copyOf(supportedFields())).stream()
                .filter(field -> field.chat() || embeddings || field == JobField.EMBEDDINGS)
                .map(field -> dynamicTest(field.name(), () -> assertRejected(ContractJobs.with(field), field)));
    }

    private void assertRejected(Job job, JobField field) {
        assertThatThrownBy(() -> adapter().toHttpCall(assigned(job), config(), KEY))
                .as("a job with %s must fail loudly, not be sent without it", field.label())
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.errorClass()).isEqualTo(ErrorClass.BAD_REQUEST);
                    assertThat(e.error().retryable()).isFalse();
                })
                .hasMessageContaining(field.label())
                .hasMessageNotContaining(KEY);
    }

    @TestFactory
    Stream<DynamicTest> shouldMapEachSupportedFieldAlone() {
        return supportedFields().stream()
                .filter(field -> field.chat() || supportedFields().contains(JobField.EMBEDDINGS))
                .map(field -> dynamicTest(
                        field.name(),
                        () -> assertThat(adapter()
                                        .toHttpCall(assigned(ContractJobs.with(field)), config(), KEY)
                                        .body())
                                .isNotEmpty()));
    }

    // --- untyped OpenAI fields (Job.openAiParamsJson) -----------------------------------------

    @Test
    void shouldDeclareAnOpenAiParamPolicyForItsOwnType() {
        OpenAiParamPolicy policy = adapter().openAiParams();

        assertThat(policy.type()).isEqualTo(adapter().type());
        assertThat(policy.rules())
                .extracting(OpenAiParamPolicy.Rule::field)
                .as("a rule for every untyped field of CreateChatCompletionRequest")
                .containsAll(OpenAiParamPolicy.CHAT_FIELDS);
        assertThat(OpenAiParamCases.EFFECTIVE.keySet())
                .as("a contract case for every OpenAI field")
                .containsExactlyInAnyOrderElementsOf(OpenAiParamPolicy.CHAT_FIELDS);
    }

    @TestFactory
    Stream<DynamicTest> shouldPassMapOrRefuseEachOpenAiField() {
        return OpenAiParamPolicy.CHAT_FIELDS.stream()
                .map(field -> dynamicTest(
                        field + "=" + OpenAiParamCases.EFFECTIVE.get(field),
                        () -> assertParam(
                                paramJob(field, OpenAiParamCases.EFFECTIVE.get(field)),
                                field,
                                OpenAiParamCases.EFFECTIVE.get(field),
                                openAiParamCases().expect(field))));
    }

    @TestFactory
    Stream<DynamicTest> shouldDropEachOpenAiFieldAtAValueWithoutEffect() {
        return OpenAiParamCases.NEUTRAL.entrySet().stream()
                .map(e -> dynamicTest(e.getKey() + "=" + e.getValue(), () -> {
                    Job job = paramJob(e.getKey(), e.getValue());
                    if (openAiParamCases().neutralDropped(e.getKey())) {
                        assertThat(body(job))
                                .as(
                                        "%s=%s has no effect, so the request is the one without it",
                                        e.getKey(), e.getValue())
                                .isEqualTo(body(paramJob(null, null)));
                    } else {
                        assertParam(
                                job,
                                e.getKey(),
                                e.getValue(),
                                openAiParamCases().expect(e.getKey()));
                    }
                }));
    }

    @Test
    void shouldPassOrRefuseANameThatIsNoOpenAiField() throws Exception {
        assertParam(
                paramJob(OpenAiParamCases.UNKNOWN_NAME, "40"),
                OpenAiParamCases.UNKNOWN_NAME,
                "40",
                openAiParamCases().unknownName());
    }

    @Test
    void shouldPassOrRefuseTheEmbeddingsUserField() throws Exception {
        if (!supportedFields().contains(JobField.EMBEDDINGS)) {
            return;
        }
        Job job = ContractJobs.embedding(EnumSet.of(JobField.EMBEDDINGS));
        job.setOpenAiParamsJson("{\"user\":\"user-1234\"}");
        assertParam(job, "user", "\"user-1234\"", openAiParamCases().embeddingUser());
    }

    private void assertParam(Job job, String field, String valueJson, OpenAiParamCases.Expect expect) throws Exception {
        if (expect instanceof OpenAiParamCases.Refused) {
            assertThatThrownBy(() -> adapter().toHttpCall(assigned(job), config(), KEY))
                    .as(
                            "%s=%s must fail naming the field, not reach %s's API unchanged",
                            field, valueJson, adapter().type())
                    .isInstanceOfSatisfying(ProviderException.class, e -> {
                        assertThat(e.errorClass()).isEqualTo(ErrorClass.BAD_REQUEST);
                        assertThat(e.error().retryable()).isFalse();
                    })
                    .hasMessageContaining(field)
                    .hasMessageContaining(adapter().type())
                    .hasMessageNotContaining(KEY);
        } else if (expect instanceof OpenAiParamCases.Mapped mapped) {
            JsonNode body = body(job);
            assertThat(body.at(mapped.pointer()))
                    .as("%s mapped to %s", field, mapped.pointer())
                    .isEqualTo(JSON.readTree(mapped.json()));
            if (!mapped.pointer().equals("/" + field)) {
                assertThat(body.has(field)).as("%s itself is not sent", field).isFalse();
            }
        } else {
            assertThat(body(job).get(field)).as("%s sent unchanged", field).isEqualTo(JSON.readTree(valueJson));
        }
    }

    private JsonNode body(Job job) throws Exception {
        return JSON.readTree(adapter().toHttpCall(assigned(job), config(), KEY).body());
    }

    // --- response mapping --------------------------------------------------------------------

    @TestFactory
    Stream<DynamicTest> shouldParseEveryResponseFixture() {
        return responseCases().stream()
                .map(c -> dynamicTest(
                        c.toString(), () -> assertParses(c, fixtures().response(c.name()))));
    }

    @TestFactory
    Stream<DynamicTest> shouldIgnoreUnknownFields() {
        return responseCases().stream()
                .map(c -> dynamicTest(
                        c.toString(),
                        () -> assertParses(
                                c, Fixtures.withUnknownFields(fixtures().response(c.name())))));
    }

    private void assertParses(ResponseCase c, byte[] body) {
        ProviderOutput output = adapter().parse(answering(c.kind()), ok(body));

        assertThat(output.getUsage()).as("usage from the provider's own fields").isEqualTo(c.usage());
        if (c.kind() == JobKind.CHAT) {
            assertThat(output.getChoices()).isNotEmpty();
            assertThat(output.getEmbeddings()).isEmpty();
            Choice first = output.getChoices().get(0);
            assertThat(first.getMessage().getRole()).isEqualTo("assistant");
            assertThat(first.getFinishReason()).isEqualTo(c.finishReason());
            if (c.toolName() != null) {
                JsonNode calls = Fixtures.parseText(first.getMessage().getToolCallsJson());
                assertThat(calls.isArray())
                        .as("toolCallsJson is an OpenAI tool_calls array")
                        .isTrue();
                assertThat(calls.get(0).path("function").path("name").asText()).isEqualTo(c.toolName());
                assertThat(calls.get(0).path("function").path("arguments").isTextual())
                        .as("arguments as JSON text")
                        .isTrue();
            } else {
                assertThat(first.getMessage().getContent()).isEqualTo(c.content());
            }
        } else {
            assertThat(output.getChoices()).isEmpty();
            assertThat(output.getEmbeddings()).hasSize(c.vectors());
            assertThat(output.getEmbeddings().get(0).getIndex()).isZero();
            assertThat(output.getEmbeddings().get(0).getVector().get(0)).isEqualTo(c.firstValue());
        }
    }

    @Test
    void shouldCoverEveryFinishReasonAndEmbeddings() {
        Set<String> covered = responseCases().stream()
                .map(ResponseCase::finishReason)
                .filter(r -> r != null)
                .collect(Collectors.toSet());

        assertThat(covered)
                .as("add response fixtures with these finish reasons")
                .containsAll(finishReasons());
        assertThat(responseCases()).as("a tool call response").anyMatch(c -> c.toolName() != null);
        if (supportedFields().contains(JobField.EMBEDDINGS)) {
            assertThat(responseCases()).as("an embeddings response").anyMatch(c -> c.kind() == JobKind.EMBEDDING);
            assertThat(invalidCases())
                    .as("an invalid embeddings response")
                    .anyMatch(c -> c.kind() == JobKind.EMBEDDING);
            assertThat(invalidCases())
                    .as("an embeddings answer whose vector count differs from the inputs")
                    .anyMatch(c -> c.name().equals("invalid-embeddings-count"));
        }
        assertThat(invalidCases()).as("an invalid chat response").anyMatch(c -> c.kind() == JobKind.CHAT);
    }

    @TestFactory
    Stream<DynamicTest> shouldRejectIncompleteBodies() {
        return invalidCases().stream()
                .map(c -> dynamicTest(
                        c.toString(), () -> assertRefused(c.kind(), fixtures().response(c.name()), c.errorClass())));
    }

    @TestFactory
    Stream<DynamicTest> shouldRejectTruncatedEmptyAndNonJsonBodiesAsInvalidResponse() {
        return responseCases().stream()
                .flatMap(c -> Stream.of(
                        dynamicTest(
                                c + " truncated",
                                () -> assertRefused(
                                        c.kind(),
                                        Fixtures.truncated(fixtures().response(c.name())),
                                        ErrorClass.INVALID_RESPONSE)),
                        dynamicTest(
                                c + " as HTML",
                                () -> assertRefused(
                                        c.kind(),
                                        "<html><body>502 Bad Gateway</body></html>".getBytes(StandardCharsets.UTF_8),
                                        ErrorClass.INVALID_RESPONSE)),
                        dynamicTest(
                                c + " empty",
                                () -> assertRefused(c.kind(), new byte[0], ErrorClass.INVALID_RESPONSE))));
    }

    /**
     * An embeddings answer that parses is still refused when it does not answer the job: one input
     * more or fewer than its vectors.
     */
    @TestFactory
    Stream<DynamicTest> shouldRejectEmbeddingsWhoseCountDiffersFromTheInputs() {
        return responseCases().stream()
                .filter(c -> c.kind() == JobKind.EMBEDDING)
                .flatMap(c -> Stream.of(-1, 1)
                        .map(delta -> dynamicTest(c + " against " + (c.vectors() + delta) + " inputs", () -> {
                            Job job = ContractJobs.embedding(supportedFields());
                            List<String> inputs =
                                    new ArrayList<>(job.getEmbedding().getInput());
                            if (delta < 0) {
                                inputs.remove(inputs.size() - 1);
                            } else {
                                inputs.add("one input more");
                            }
                            job.getEmbedding().setInput(inputs);
                            assertThatThrownBy(() -> adapter()
                                            .parse(assigned(job), ok(fixtures().response(c.name()))))
                                    .isInstanceOfSatisfying(ProviderException.class, e -> {
                                        assertThat(e.errorClass()).isEqualTo(ErrorClass.INVALID_RESPONSE);
                                        assertThat(e.error().retryable())
                                                .as("retryable at this provider")
                                                .isFalse();
                                    })
                                    .hasMessageContaining("input");
                        })));
    }

    /** The contract job a {@code kind} answer is parsed against: the minimal chat, or the two-input embedding job. */
    private DispatchedJob answering(JobKind kind) {
        return assigned(
                kind == JobKind.EMBEDDING
                        ? ContractJobs.embedding(supportedFields())
                        : ContractJobs.chat(EnumSet.of(JobField.MESSAGES)));
    }

    private void assertRefused(JobKind kind, byte[] body, ErrorClass expected) {
        assertThatThrownBy(() -> adapter().parse(answering(kind), ok(body)))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.errorClass()).isEqualTo(expected);
                    assertThat(e.error().retryable()).isFalse();
                    assertThat(e.getMessage()).doesNotContain("\n");
                });
    }

    private static HttpAnswer ok(byte[] body) {
        return new HttpAnswer(200, Map.of("x-request-id", List.of("req-contract")), body);
    }

    // --- error classification ----------------------------------------------------------------

    @TestFactory
    Stream<DynamicTest> shouldClassifyEveryErrorFixture() {
        return errorCases().stream()
                .map(c -> dynamicTest(c.toString(), () -> {
                    HttpAnswer answer = new HttpAnswer(
                            c.status(), fixtures().headers(c.name()), fixtures().response(c.name()));

                    ProviderError error = adapter().classify(answer);

                    assertThat(error.errorClass()).isEqualTo(c.errorClass());
                    assertThat(error.retryable()).as("retryable").isEqualTo(c.retryable());
                    assertThat(error.httpStatus()).isEqualTo(c.status());
                    assertThat(error.retryAfter())
                            .as("retry-after from %s", fixtures().headers(c.name()))
                            .isEqualTo(c.retryAfter());
                    assertThat(error.message())
                            .doesNotContain("\n")
                            .doesNotContain("sk-")
                            .as("a numeric code in the body only repeats the status")
                            .doesNotStartWith("HTTP " + c.status() + " " + c.status());
                }));
    }

    /**
     * The statuses the OpenAI and Anthropic SDKs retry: a plain body (a proxy's HTML page, nothing
     * saying "permanent") must classify retryable, and the worker must then retry it.
     */
    @TestFactory
    Stream<DynamicTest> shouldMarkEveryTransientStatusRetryableSoTheWorkerRetriesIt() {
        return ProviderError.TRANSIENT_STATUSES.stream()
                .sorted()
                .map(status -> dynamicTest("HTTP " + status, () -> {
                    HttpAnswer answer =
                            new HttpAnswer(status, Map.of(), fixtures().response("invalid-html"));

                    ProviderError error = adapter().classify(answer);

                    assertThat(error.retryable())
                            .as("%s classified %s", status, error.errorClass())
                            .isTrue();
                    assertThat(ErrorPolicy.retryable(error))
                            .as("the worker retries %s (%s)", status, error.errorClass())
                            .isTrue();
                }));
    }

    @TestFactory
    Stream<DynamicTest> shouldGiveThePacerEveryDocumentedRateLimitSignal() {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        return rateLimitSignals().stream()
                .map(c -> dynamicTest(c.toString(), () -> {
                    HttpAnswer answer = new HttpAnswer(
                            c.status(), fixtures().headers(c.name()), fixtures().response(c.name()), now);

                    RateLimits info = adapter().rateLimits(answer, now);

                    assertThat(info.remainingRequests())
                            .as("remaining requests")
                            .isEqualTo(c.remainingRequests());
                    assertThat(info.resetRequests())
                            .as("reset of the requests")
                            .isEqualTo(c.resetRequests() == null ? null : now.plus(c.resetRequests()));
                    if (c.status() == 429) {
                        ProviderError error = adapter().classify(answer);
                        assertThat(error.errorClass()).isEqualTo(ErrorClass.RATE_LIMITED);
                        assertThat(info.pauseUntil(error.retryAfter(), now))
                                .as("the worker's pause")
                                .isEqualTo(c.pause() == null ? null : now.plus(c.pause()));
                    }
                }));
    }

    @Test
    void shouldCoverEveryErrorClassAndStatus() {
        List<ErrorCase> cases = errorCases();
        Set<Integer> statuses = cases.stream().map(ErrorCase::status).collect(Collectors.toSet());
        Set<ErrorClass> classes = cases.stream()
                .map(ErrorCase::errorClass)
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(ErrorClass.class)));
        invalidCases().forEach(c -> classes.add(c.errorClass()));

        assertThat(statuses).as("add error fixtures for these HTTP statuses").containsAll(REQUIRED_STATUSES);
        assertThat(classes).as("add error fixtures for these error classes").containsAll(requiredErrorClasses());
        assertThat(cases)
                .as("a 429 with Retry-After in seconds")
                .anyMatch(c -> c.status() == 429 && retryAfterValue(c).matches("\\d+"));
        assertThat(cases)
                .as("a 429 with Retry-After as an HTTP date")
                .anyMatch(c -> c.status() == 429 && retryAfterValue(c).contains("GMT"));
        assertThat(cases)
                .as("an error answer whose body is not JSON")
                .anyMatch(c -> !fixtures().isJson(c.name()) && !looksTruncated(c));
        assertThat(cases).as("an error answer whose JSON body is cut off").anyMatch(this::looksTruncated);
    }

    @Test
    void shouldKeepTheEndpointsBasePathAndNeverCallAnEndpointCarryingASecret() {
        String secret = "sk-in-the-endpoint-0042";
        ProviderConfig based = ProviderConfig.newBuilder(config())
                .setEndpoint("http://gateway.local:8080/team/llm/")
                .build();
        DispatchedJob chat = assigned(ContractJobs.chat(EnumSet.of(JobField.MESSAGES)));

        String path = adapter().toHttpCall(chat, based, KEY).uri().getRawPath();

        assertThat(path)
                .as("the endpoint's base path is kept, one slash between it and the API path")
                .startsWith("/team/llm/")
                .doesNotContain("//");
        for (String endpoint : List.of(
                "http://gateway.local:8080/v1?api_key=" + secret, "http://user:" + secret + "@gateway.local:8080/v1")) {
            ProviderConfig leaky =
                    ProviderConfig.newBuilder(config()).setEndpoint(endpoint).build();
            assertThatThrownBy(() -> adapter().toHttpCall(chat, leaky, KEY))
                    .isInstanceOfSatisfying(
                            ProviderException.class,
                            e -> assertThat(e.errorClass()).isEqualTo(ErrorClass.BAD_REQUEST))
                    .hasMessageContaining("provider endpoint")
                    .hasMessageNotContaining(secret);
        }
    }

    private String retryAfterValue(ErrorCase c) {
        return fixtures().headers(c.name()).entrySet().stream()
                .filter(e -> e.getKey().equalsIgnoreCase("retry-after"))
                .map(e -> e.getValue().get(0))
                .findFirst()
                .orElse("");
    }

    private boolean looksTruncated(ErrorCase c) {
        String body = new String(fixtures().response(c.name()), StandardCharsets.UTF_8).strip();
        return body.startsWith("{") && !fixtures().isJson(c.name());
    }
}
