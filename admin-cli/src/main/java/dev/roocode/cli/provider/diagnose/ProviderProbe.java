package dev.roocode.cli.provider.diagnose;

import dev.roocode.connectors.execution.HttpTransport;
import dev.roocode.connectors.provider.HttpAnswer;
import dev.roocode.connectors.provider.HttpCall;
import dev.roocode.connectors.provider.ProviderAdapter;
import dev.roocode.connectors.provider.ProviderAdapters;
import dev.roocode.connectors.provider.ProviderError;
import dev.roocode.connectors.provider.ProviderException;
import dev.roocode.connectors.provider.support.Endpoints;
import dev.roocode.connectors.worker.CredentialResolver;
import dev.roocode.core.provider.ProviderTypes;
import dev.roocode.schemas.avro.Assignment;
import dev.roocode.schemas.avro.ChatMessage;
import dev.roocode.schemas.avro.ChatRequest;
import dev.roocode.schemas.avro.DispatchedJob;
import dev.roocode.schemas.avro.EmbeddingRequest;
import dev.roocode.schemas.avro.ErrorClass;
import dev.roocode.schemas.avro.Job;
import dev.roocode.schemas.avro.JobKind;
import dev.roocode.schemas.avro.ModelOffer;
import dev.roocode.schemas.avro.ProviderConfig;
import dev.roocode.schemas.avro.ProviderOutput;
import dev.roocode.schemas.avro.RoutingHints;
import dev.roocode.schemas.avro.RoutingStrategy;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.UnknownHostException;
import java.security.KeyStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Checks a provider step by step: configuration (adapter, credential, models), DNS, TCP, TLS, then
 * one minimal real request per offered job kind through the connectors' own adapter and HTTP
 * transport, so a pass means a worker would get through too. Stops at the first failing network
 * step; the key never appears in a step's detail.
 */
public final class ProviderProbe {
    private final CredentialResolver credentials;
    private final Duration timeout;
    private final KeyStore trustStore;

    /** A probe that checks TLS against the JVM's default trust store, as the connectors' HTTP transport does. */
    public ProviderProbe(CredentialResolver credentials, Duration timeout) {
        this(credentials, timeout, null);
    }

    /** A probe whose TLS step trusts the anchors of {@code trustStore} (null: the JVM's default trust store). */
    public ProviderProbe(CredentialResolver credentials, Duration timeout, KeyStore trustStore) {
        this.credentials = credentials;
        this.timeout = timeout;
        this.trustStore = trustStore;
    }

    /** Runs every step that can run; later steps are skipped after a failure they depend on. */
    public List<Step> run(ProviderConfig provider) {
        List<Step> steps = new ArrayList<>();
        ProviderAdapter adapter;
        String key;
        URI uri;
        long start = System.nanoTime();
        if (ProviderTypes.find(provider.getType()).isEmpty()) {
            steps.add(Step.fail(
                    "configuration",
                    "unknown provider type " + provider.getType() + " (known types: "
                            + String.join(", ", ProviderTypes.ids()) + ")",
                    ms(start),
                    "use type openai-compatible if the API is OpenAI's"));
            return steps;
        }
        try {
            adapter = ProviderAdapters.forType(provider.getType());
        } catch (IllegalArgumentException e) {
            steps.add(Step.fail(
                    "configuration",
                    "no adapter for type " + provider.getType() + " in this build (have "
                            + String.join(", ", ProviderAdapters.types()) + ")",
                    ms(start),
                    "update Roocode, or use type openai-compatible if the API is OpenAI's"));
            return steps;
        }
        String endpointProblem = Endpoints.problem(provider.getEndpoint());
        if (endpointProblem != null) {
            // a record written before endpoints were checked: never call it, never print it
            steps.add(Step.fail(
                    "configuration",
                    "endpoint " + endpointProblem,
                    ms(start),
                    "store the base URL alone with 'roocode providers update " + provider.getName()
                            + " --endpoint URL'"));
            return steps;
        }
        try {
            key = credentials.resolve(provider);
        } catch (RuntimeException e) {
            steps.add(Step.fail(
                    "configuration",
                    "credential: " + e.getMessage(),
                    ms(start),
                    "set the variable or file where the connectors run, or store the key again with 'roocode providers update "
                            + provider.getName() + " --api-key-stdin'"));
            return steps;
        }
        if (provider.getOffers().isEmpty()) {
            steps.add(Step.fail(
                    "configuration",
                    "no models offered",
                    ms(start),
                    "add models with 'roocode providers update " + provider.getName() + " --model NAME'"));
            return steps;
        }
        uri = URI.create(provider.getEndpoint());
        steps.add(Step.ok(
                "configuration",
                provider.getType() + ", " + provider.getOffers().size() + " model(s), key "
                        + provider.getCredential().getKind().toString().toLowerCase(Locale.ROOT),
                ms(start)));
        int port = uri.getPort() > 0 ? uri.getPort() : "https".equals(uri.getScheme()) ? 443 : 80;
        InetAddress address;
        start = System.nanoTime();
        try {
            address = InetAddress.getByName(uri.getHost());
            steps.add(Step.ok("dns", uri.getHost() + " -> " + address.getHostAddress(), ms(start)));
        } catch (UnknownHostException e) {
            steps.add(Step.fail(
                    "dns",
                    "cannot resolve " + uri.getHost(),
                    ms(start),
                    "check the endpoint's host name, DNS or proxy settings"));
            return steps;
        }
        start = System.nanoTime();
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address, port), (int) timeout.toMillis());
            steps.add(Step.ok("tcp", address.getHostAddress() + ":" + port + " accepts connections", ms(start)));
        } catch (IOException e) {
            steps.add(Step.fail(
                    "tcp",
                    "cannot connect to " + address.getHostAddress() + ":" + port + " (" + e.getMessage() + ")",
                    ms(start),
                    "check the endpoint's port, that the server runs, and firewalls or proxies on the way"));
            return steps;
        }
        if ("https".equals(uri.getScheme())) {
            Step tls = new TlsCheck(trustStore, timeout).run(address, port, uri.getHost());
            steps.add(tls);
            if (tls.status() == Step.Status.FAIL) {
                return steps;
            }
        } else {
            steps.add(Step.skip("tls", "plain http endpoint"));
        }
        requests(provider, adapter, key, steps);
        return steps;
    }

    private void requests(ProviderConfig provider, ProviderAdapter adapter, String key, List<Step> steps) {
        ExecutorService executor = Executors.newFixedThreadPool(2, daemon());
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(daemon());
        try {
            HttpTransport transport = new HttpTransport(executor, timer, Clock.systemUTC(), timeout);
            Set<JobKind> done = EnumSet.noneOf(JobKind.class);
            boolean authChecked = false;
            for (ModelOffer offer : provider.getOffers()) {
                if (!done.add(offer.getKind())) {
                    continue;
                }
                String step = offer.getKind() == JobKind.EMBEDDING ? "embedding" : "chat";
                String model = "*".equals(offer.getModel()) ? "roocode-probe" : offer.getModel();
                String providerModel = "*".equals(offer.getProviderModel()) ? model : offer.getProviderModel();
                long start = System.nanoTime();
                HttpAnswer answer;
                DispatchedJob probe = job(provider.getName(), offer.getKind(), model, providerModel);
                HttpCall call;
                try {
                    call = adapter.toHttpCall(probe, provider, key);
                    answer = transport
                            .send(
                                    call,
                                    Duration.ofMillis(
                                            Math.min(provider.getTimeoutMs(), Math.max(timeout.toMillis(), 30_000))))
                            .get(provider.getTimeoutMs() + 5_000, TimeUnit.MILLISECONDS);
                } catch (ExecutionException e) {
                    ProviderError error = e.getCause() instanceof ProviderException pe
                            ? pe.error()
                            : ProviderError.of(ErrorClass.NETWORK, true, String.valueOf(e.getCause()));
                    steps.add(Step.fail(
                            step,
                            model + ": " + error.errorClass() + " " + error.message(),
                            ms(start),
                            Advice.forFailure(provider.getName(), null, error.errorClass())));
                    continue;
                } catch (ProviderException e) {
                    steps.add(
                            Step.fail(
                                    step,
                                    model + ": " + e.errorClass() + " " + e.getMessage(),
                                    ms(start),
                                    "the adapter cannot build a request for this configuration: check the model and type-specific settings"));
                    continue;
                } catch (TimeoutException e) {
                    steps.add(Step.fail(
                            step,
                            model + ": no answer within " + provider.getTimeoutMs() + " ms",
                            ms(start),
                            Advice.forFailure(provider.getName(), null, ErrorClass.TIMEOUT)));
                    continue;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                long millis = ms(start);
                if (!authChecked) {
                    authChecked = true;
                    if (answer.status() == 401 || answer.status() == 403) {
                        ProviderError error = adapter.classify(answer);
                        steps.add(Step.fail(
                                "auth",
                                "HTTP " + answer.status() + " " + error.errorClass() + ": " + error.message(),
                                millis,
                                Advice.forFailure(provider.getName(), answer.status(), error.errorClass())));
                        return;
                    }
                    steps.add(Step.ok("auth", "credential accepted (HTTP " + answer.status() + ")", millis));
                }
                if (answer.isSuccess()) {
                    try {
                        // checked against the probe as the worker checks answers (a vector per input, a choice)
                        ProviderOutput output = adapter.parse(probe, answer);
                        long tokens = output.getUsage() == null
                                ? 0
                                : output.getUsage().getTotalTokens();
                        steps.add(Step.ok(
                                step,
                                model + " -> " + providerModel + ": HTTP " + answer.status() + ", " + tokens
                                        + " tokens",
                                millis));
                    } catch (ProviderException e) {
                        steps.add(Step.fail(
                                step,
                                model + ": HTTP " + answer.status() + " but " + e.getMessage(),
                                millis,
                                Advice.forFailure(provider.getName(), null, ErrorClass.INVALID_RESPONSE)));
                    }
                } else {
                    ProviderError error = adapter.classify(answer);
                    steps.add(Step.fail(
                            step,
                            model + " -> " + providerModel + ": HTTP " + answer.status() + " " + error.errorClass()
                                    + ": " + error.message(),
                            millis,
                            answer.status() == 404
                                    ? Advice.notFound(
                                            call.method() + " " + call.uri().getRawPath())
                                    : Advice.forFailure(provider.getName(), answer.status(), error.errorClass())));
                }
            }
        } finally {
            executor.shutdownNow();
            timer.shutdownNow();
        }
    }

    private static DispatchedJob job(String provider, JobKind kind, String model, String providerModel) {
        String requestId = "roocode-probe-" + UUID.randomUUID();
        Job.Builder job = Job.newBuilder()
                .setRequestId(requestId)
                .setKind(kind)
                .setModel(model)
                .setRouting(RoutingHints.newBuilder().build())
                .setMetadata(Map.of())
                .setSubmittedAt(Instant.now());
        if (kind == JobKind.EMBEDDING) {
            job.setEmbedding(
                    EmbeddingRequest.newBuilder().setInput(List.of("ok")).build());
        } else {
            job.setChat(ChatRequest.newBuilder()
                    .setMessages(List.of(ChatMessage.newBuilder()
                            .setRole("user")
                            .setContent("Reply with OK.")
                            .build()))
                    .setMaxTokens(5)
                    .build());
        }
        return DispatchedJob.newBuilder()
                .setJob(job.build())
                .setAssignment(Assignment.newBuilder()
                        .setProvider(provider)
                        .setProviderModel(providerModel)
                        .setAttempt(1)
                        .setStrategy(RoutingStrategy.EXPLICIT)
                        .setAssignedAt(Instant.now())
                        .build())
                .setHistory(List.of())
                .build();
    }

    private static ThreadFactory daemon() {
        return runnable -> {
            Thread thread = new Thread(runnable, "roocode-probe");
            thread.setDaemon(true);
            return thread;
        };
    }

    private static long ms(long startNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    }
}
