package dev.roocode.sandbox.simulator;

import dev.roocode.sandbox.simulator.batch.BatchSettings;
import dev.roocode.sandbox.simulator.batch.SimBatches;
import dev.roocode.sandbox.simulator.batch.SimFiles;
import io.undertow.Undertow;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A local HTTP server that answers like an LLM provider, with latency, rate limits and faults chosen by the
 * model name in each request, and that counts calls per {@code X-Roocode-Request-Id} so tests can see
 * duplicates. It serves demos, tests and benchmarks (tens of thousands of requests per second on two cores:
 * Undertow, answers written on IO threads, latency as IO-thread timers, never a sleeping thread).
 *
 * <p>Wire formats served (each with its provider's credential header, error bodies and rate-limit headers;
 * see sandbox/SIMULATOR.md): OpenAI at {@code /v1/chat/completions} and {@code /v1/embeddings}; Azure OpenAI at
 * {@code /openai/deployments/{deployment}/...?api-version=...}; Anthropic at {@code /v1/messages}; Gemini at
 * {@code /v1beta/models/{model}:generateContent} and {@code :batchEmbedContents}; Cohere at {@code /v2/chat}
 * and {@code /v2/embed}; Hugging Face endpoints at {@code /hf/{endpoint}/v1/chat/completions} and
 * {@code /hf/{endpoint}/embed}; openai-compatible at {@code /compat/v1/...}.
 * The counters are also served over HTTP for other processes: {@code GET <url>/_sim/stats} and
 * {@code POST <url>/_sim/reset} ({@link StatsHandler}).
 *
 * <p>Provider batch APIs are served over one engine ({@link #batches()}, {@link SimBatches}): lines are
 * answered by the same directives as realtime calls once the simulated turnaround has passed, with the
 * partial failures, expiries and cancellations of {@link Builder#batchSettings}.
 *
 * <p>A model named {@code sim-} followed by a directive keyword below is read as dash-separated directives;
 * any other name, such as {@code gpt-4o-mini} or {@code sim-model} (llm-d's name for its simulated model), is
 * an instant, always-successful model. A directive name that does not parse answers 400 naming the problem
 * and the valid directives:
 *
 * <table>
 *   <caption>Model-name directives</caption>
 *   <tr><th>directive</th><th>effect</th></tr>
 *   <tr><td>{@code slow}</td><td>2000 ms latency</td></tr>
 *   <tr><td>{@code latency-<ms>}</td><td>fixed latency before answering</td></tr>
 *   <tr><td>{@code jitter-<ms>}</td><td>uniform extra latency in [0, ms]</td></tr>
 *   <tr><td>{@code flaky-<pct>}</td><td>that share of calls answers 500 or 503 (529 for Anthropic), half each</td></tr>
 *   <tr><td>{@code 429}</td><td>every call answers 429 with the provider's rate-limit headers (retry in 1 s)</td></tr>
 *   <tr><td>{@code rpm-<n>}</td><td>at most n requests per window (1 minute) and model name, else 429</td></tr>
 *   <tr><td>{@code tpm-<n>}</td><td>at most n tokens per window and model name, else 429</td></tr>
 *   <tr><td>{@code malformed-<pct>}</td><td>that share of answers is 200 with a truncated JSON body</td></tr>
 *   <tr><td>{@code down}</td><td>every call answers 503 (529 for Anthropic) at once</td></tr>
 *   <tr><td>{@code timeout}</td><td>never answers (the connection is held, then dropped after 5 minutes)</td></tr>
 *   <tr><td>{@code reset-<pct>}</td><td>that share of calls has its connection closed without an answer</td></tr>
 * </table>
 *
 * <p>Order per call: {@code down}, {@code timeout}, {@code 429}, {@code rpm}/{@code tpm} are decided at
 * once; then the latency elapses; then {@code reset}, {@code flaky}, {@code malformed} are drawn, else the
 * call succeeds. Draws are deterministic for a seed, request id and attempt number, so a test sees the same
 * faults on every run. Tokens for {@code tpm}: prompt characters / 4 (at least 1) plus {@code max_tokens}, or
 * plus the reply's tokens when uncapped.
 *
 * <pre>{@code
 * try (ProviderSimulator sim = ProviderSimulator.builder().apiKey("test-key").build().start()) {
 *   URI chat = URI.create(sim.url() + "/v1/chat/completions"); // model "sim-latency-200-flaky-10"
 *   ...
 *   assertThat(sim.duplicateCalls()).isZero();
 * }
 * }</pre>
 */
public final class ProviderSimulator implements AutoCloseable {

    /**
     * The wire formats served, one per provider type; a new provider format is one class and one entry here.
     * The first (OpenAI) also answers paths nobody serves or owns.
     */
    static final List<WireFormat> FORMATS = List.of(
            new OpenAiWireFormat(),
            new AzureOpenAiWireFormat(),
            new AnthropicWireFormat(),
            new GeminiWireFormat(),
            new CohereWireFormat(),
            new HuggingFaceWireFormat(),
            new OpenAiWireFormat("/compat"));

    /** The batch APIs served over the shared {@link SimBatches} engine, checked before {@link #FORMATS}. */
    static final List<BatchWireFormat> BATCH_FORMATS =
            List.of(OpenAiBatchWireFormat.openAi(), OpenAiBatchWireFormat.azure());

    private final Builder config;
    private final CallCounter counter = new CallCounter();
    private final SimulatorHandler handler;
    private final SimBatches batches;
    private final SimFiles files;
    private Undertow server;
    private String url;

    private ProviderSimulator(Builder config) {
        this.config = config;
        this.batches = new SimBatches(config.clock, config.batchSettings, config.seed);
        this.files = new SimFiles(config.clock);
        this.handler = new SimulatorHandler(
                FORMATS,
                BATCH_FORMATS,
                config.apiKey,
                config.seed,
                config.clock,
                config.rateLimitWindow.toMillis(),
                counter,
                batches,
                files);
    }

    /** A builder with defaults: free port on 127.0.0.1, no API key, seed 42, system clock, one-minute window. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Binds the port and starts serving.
     *
     * @return this simulator, for try-with-resources chains
     * @throws IllegalStateException if already started
     */
    public synchronized ProviderSimulator start() {
        if (server != null) {
            throw new IllegalStateException("Provider simulator already started at " + url);
        }
        Undertow undertow = Undertow.builder()
                .addHttpListener(config.port, config.host)
                .setIoThreads(config.ioThreads)
                // Nothing is dispatched to workers; keep the pool minimal.
                .setWorkerThreads(1)
                .setHandler(new StatsHandler(handler, counter, batches, this::reset))
                .build();
        undertow.start();
        server = undertow;
        InetSocketAddress address =
                (InetSocketAddress) undertow.getListenerInfo().get(0).getAddress();
        String host = address.getAddress().isAnyLocalAddress()
                ? "127.0.0.1"
                : address.getAddress().getHostAddress();
        url = "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort();
        return this;
    }

    /**
     * The base URL, e.g. {@code http://127.0.0.1:41234}, without a trailing slash.
     *
     * @throws IllegalStateException if not started
     */
    public synchronized String url() {
        if (url == null) {
            throw new IllegalStateException("Provider simulator not started");
        }
        return url;
    }

    /** The bound port. */
    public int port() {
        String base = url();
        return Integer.parseInt(base.substring(base.lastIndexOf(':') + 1));
    }

    /** Calls received with this {@code X-Roocode-Request-Id} so far (0 if none). */
    public int callCount(String requestId) {
        return counter.callCount(requestId);
    }

    /** The {@code traceparent} header of the latest call with this {@code X-Roocode-Request-Id} (null: none had one). */
    public String traceparent(String requestId) {
        return counter.traceparent(requestId);
    }

    /** All calls received on a served path, with or without a request id. */
    public long totalCalls() {
        return counter.totalCalls();
    }

    /** How many distinct request ids have been seen. */
    public int distinctRequestIds() {
        return counter.distinctRequestIds();
    }

    /** Sum over request ids of (calls - 1): every call after an id's first one. */
    public long duplicateCalls() {
        return counter.duplicateCalls();
    }

    /**
     * The batch engine behind every batch API served: its batches, its creation counts per group tag
     * ({@link SimBatches#duplicateCreations()}), and its settings, which a test may change between cases.
     */
    public SimBatches batches() {
        return batches;
    }

    /** Forgets all counts, rate-limit windows, batches and files (directive draws restart with attempt 1 per id). */
    public void reset() {
        counter.reset();
        handler.resetLimits();
        batches.reset();
        files.reset();
    }

    /** Stops serving and drops open connections, held ones included. Idempotent. */
    @Override
    public synchronized void close() {
        if (server != null) {
            server.stop();
            server = null;
        }
    }

    /** Settings for a {@link ProviderSimulator}; every setter validates its argument. */
    public static final class Builder {

        private int port;
        private String host = "127.0.0.1";
        private String apiKey;
        private long seed = 42;
        private Clock clock = Clock.systemUTC();
        private Duration rateLimitWindow = Duration.ofMinutes(1);
        private int ioThreads = Math.max(2, Runtime.getRuntime().availableProcessors());
        private BatchSettings batchSettings = BatchSettings.DEFAULTS;

        private Builder() {}

        /**
         * How batches behave: turnaround (simulated time on {@link #clock}), window cap, failed and expired
         * line fractions, the batch that expires whole ({@link BatchSettings}); {@link BatchSettings#DEFAULTS}
         * by default.
         */
        public Builder batchSettings(BatchSettings settings) {
            this.batchSettings = Objects.requireNonNull(settings, "batchSettings");
            return this;
        }

        /** The port to bind; 0 (the default) picks a free one. */
        public Builder port(int port) {
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException("port must be 0..65535, was " + port);
            }
            this.port = port;
            return this;
        }

        /** The address to bind, 127.0.0.1 by default; {@code 0.0.0.0} to serve other hosts. */
        public Builder host(String host) {
            this.host = Objects.requireNonNull(host, "host");
            return this;
        }

        /**
         * Requires this key on every call, in each provider's own way ({@code Authorization: Bearer}, Azure's
         * {@code api-key}, Anthropic's {@code x-api-key}, Gemini's {@code x-goog-api-key} or {@code ?key=}), else
         * that provider's authentication error.
         * Null (the default) accepts any or no key.
         */
        public Builder apiKey(String apiKey) {
            if (apiKey != null && apiKey.isBlank()) {
                throw new IllegalArgumentException("apiKey must not be blank; use null for no key");
            }
            this.apiKey = apiKey;
            return this;
        }

        /** The seed of fault and jitter draws (42 by default). */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** The clock of rate-limit windows and {@code created} timestamps; tests inject one they advance. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** The length of rate-limit windows, one minute by default (rpm/tpm count per window). */
        public Builder rateLimitWindow(Duration window) {
            if (window == null || window.isNegative() || window.isZero()) {
                throw new IllegalArgumentException("rateLimitWindow must be positive, was " + window);
            }
            this.rateLimitWindow = window;
            return this;
        }

        /** IO threads serving connections; the number of processors (at least 2) by default. */
        public Builder ioThreads(int ioThreads) {
            if (ioThreads < 1) {
                throw new IllegalArgumentException("ioThreads must be at least 1, was " + ioThreads);
            }
            this.ioThreads = ioThreads;
            return this;
        }

        /** A simulator with these settings, not yet started. */
        public ProviderSimulator build() {
            return new ProviderSimulator(copy());
        }

        private Builder copy() {
            Builder copy = new Builder();
            copy.port = port;
            copy.host = host;
            copy.apiKey = apiKey;
            copy.seed = seed;
            copy.clock = clock;
            copy.rateLimitWindow = rateLimitWindow;
            copy.ioThreads = ioThreads;
            copy.batchSettings = batchSettings;
            return copy;
        }
    }
}
