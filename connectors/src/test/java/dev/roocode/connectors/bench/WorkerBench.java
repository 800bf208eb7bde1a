package dev.roocode.connectors.bench;

import static dev.roocode.connectors.TestJobs.provider;

import dev.roocode.connectors.provider.HttpCall;
import dev.roocode.connectors.provider.ProviderAdapters;
import dev.roocode.connectors.worker.ConnectorsConfig;
import dev.roocode.connectors.worker.HttpTransport;
import dev.roocode.connectors.worker.ProviderWorker;
import dev.roocode.connectors.worker.Transport;
import dev.roocode.schemas.avro.CircuitBreakerPolicy;
import dev.roocode.schemas.avro.ProviderConfig;
import dev.roocode.schemas.avro.ProviderLimits;
import dev.roocode.schemas.topic.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.concurrent.ScheduledExecutorService;
import org.apache.kafka.clients.producer.KafkaProducer;

/**
 * Worker benchmarks, each printing the figures of one run (not tests, nothing is asserted):
 *
 * <ul>
 *   <li>{@code slow}: window 64 against {@code sim-latency-2000}, 1 and 12 partitions; the bound is
 *       window / latency = 32 jobs/s.
 *   <li>{@code quota}: {@code sim-rpm-3000-tpm-200000} for two minutes with mixed prompt sizes, one and
 *       two workers (each its own consumer and pacer: two processes' worth, in one JVM); share of the
 *       tighter (token) limit used and share of calls answered 429.
 *   <li>{@code recovery}: a steady 150 jobs/s at {@code sim-latency-200}; the provider is down
 *       (503, model rewritten to {@code sim-down} in flight) for 30 s; time from its return to full rate.
 * </ul>
 *
 * Run: {@code connectors/bench.sh slow|quota|recovery|all}.
 */
public final class WorkerBench {
    private static final int WINDOW = 64;

    private WorkerBench() {}

    public static void main(String[] args) throws Exception {
        String mode = args.length == 0 ? "all" : args[0];
        try (BenchStack stack = new BenchStack()) {
            if (mode.equals("slow") || mode.equals("all")) {
                slow(stack, 1);
                slow(stack, 12);
            }
            if (mode.equals("quota") || mode.equals("quota1") || mode.equals("all")) {
                quota(stack, 1);
            }
            if (mode.equals("quota") || mode.equals("quota2") || mode.equals("all")) {
                quota(stack, 2);
            }
            if (mode.equals("recovery") || mode.equals("all")) {
                recovery(stack);
            }
        }
        System.exit(0);
    }

    static void slow(BenchStack stack, int partitions) throws Exception {
        Topics topics = stack.topics("slow" + partitions + ".", partitions);
        int jobs = 1600;
        try (KafkaProducer<String, byte[]> producer = stack.producer()) {
            for (int i = 0; i < jobs; i++) {
                stack.produce(producer, topics, BenchStack.job("slow" + partitions + "-" + i, "sim-latency-2000", "hello " + i, 16));
            }
        }
        ProviderConfig config = provider(BenchStack.PROVIDER, stack.simulator.url())
                .setLimits(ProviderLimits.newBuilder().setMaxConcurrency(WINDOW).build()).build();
        try (BenchStack.Watcher outcomes = stack.new Watcher(topics.outcomes().name());
             ProviderWorker worker = new ProviderWorker(config, null, stack.connectorsConfig(topics), stack.registry)) {
            long start = System.nanoTime();
            worker.start();
            while (outcomes.records < jobs && System.nanoTime() - start < Duration.ofSeconds(180).toNanos()) {
                BenchStack.sleep(100);
            }
            List<Long> times = new ArrayList<>(outcomes.arrivals);
            times.sort(Long::compare);
            double seconds = (times.get(times.size() - 1) - times.get(0)) / 1e9;
            double rate = (times.size() - WINDOW) / seconds;
            System.out.printf(Locale.ROOT, "slow partitions=%d window=%d latency=2000ms jobs=%d outcomes=%d: %.1f jobs/s between first and last"
                            + " outcome (bound 32.0, %.0f%%); duplicate calls %d%n", partitions, WINDOW, jobs, times.size(), rate, rate / 32 * 100,
                    stack.simulator.duplicateCalls());
        }
        stack.simulator.reset();
    }

    static void quota(BenchStack stack, int workers) throws Exception {
        String prefix = "quota" + workers + ".";
        Topics topics = stack.topics(prefix, 12);
        String model = "sim-rpm-3000-tpm-200000";
        long tpm = 200_000;
        long rpm = 3000;
        Random random = new Random(42);
        int[] promptChars = {40, 400, 1600, 4000};
        int[] maxTokens = {16, 64, 256};
        Map<String, Long> simTokens = new HashMap<>();
        int jobs = 4000;
        try (KafkaProducer<String, byte[]> producer = stack.producer()) {
            for (int i = 0; i < jobs; i++) {
                String id = prefix + i;
                int chars = promptChars[random.nextInt(promptChars.length)];
                int max = maxTokens[random.nextInt(maxTokens.length)];
                String text = words(random, chars);
                // what the simulator charges: characters / 4 of the message text plus max_tokens
                simTokens.put(id, Math.max(1, text.length() / 4) + (long) max);
                stack.produce(producer, topics, BenchStack.job(id, model, text, max));
            }
        }
        ProviderConfig config = provider(BenchStack.PROVIDER, stack.simulator.url())
                .setLimits(ProviderLimits.newBuilder().setMaxConcurrency(WINDOW).setRpm(rpm).setTpm(tpm).build()).build();
        ConnectorsConfig settings = stack.connectorsConfig(topics);
        List<ProviderWorker> running = new ArrayList<>();
        java.util.concurrent.ConcurrentLinkedQueue<Long> refusals = new java.util.concurrent.ConcurrentLinkedQueue<>();
        ExecutorService http = Executors.newFixedThreadPool(2);
        Function<ScheduledExecutorService, Transport> counting = timer -> {
            HttpTransport real = new HttpTransport(http, timer, Clock.systemUTC(), Duration.ofSeconds(5));
            return (call, timeout) -> real.send(call, timeout).whenComplete((answer, failure) -> {
                if (answer != null && answer.status() == 429) {
                    refusals.add(System.nanoTime());
                }
            });
        };
        Duration measured = Duration.ofSeconds(120);
        try (BenchStack.Watcher outcomes = stack.new Watcher(topics.outcomes().name());
             BenchStack.Watcher fallback = stack.new Watcher(topics.fallback().name())) {
            for (int i = 0; i < workers; i++) {
                ProviderWorker worker = new ProviderWorker(config, ProviderAdapters.forType(config.getType()), null, settings, stack.registry,
                        Clock.systemUTC(), counting);
                worker.start();
                running.add(worker);
            }
            while (outcomes.records == 0) {
                BenchStack.sleep(10);
            }
            // the simulator's fixed windows open with the first call: stop starting calls just before the third one opens
            long first = outcomes.arrivals.peek();
            long end = first + measured.toNanos() - Duration.ofMillis(500).toNanos();
            while (System.nanoTime() < end) {
                BenchStack.sleep(100);
            }
            running.parallelStream().forEach(ProviderWorker::close);
            BenchStack.sleep(1_000);
            long calls = stack.simulator.totalCalls();
            long ok = outcomes.firstSeenNanos.size();
            long tokens = outcomes.firstSeenNanos.keySet().stream().mapToLong(simTokens::get).sum();
            double minutes = measured.toSeconds() / 60.0;
            double tokenShare = tokens / (tpm * minutes);
            double requestShare = ok / (rpm * minutes);
            long refused = refusals.size();
            StringBuilder when = new StringBuilder();
            for (long t : refusals) {
                when.append(String.format(Locale.ROOT, "%.1f ", (t - first) / 1e9));
            }
            http.shutdownNow();
            System.out.printf(Locale.ROOT, "quota workers=%d %s over %ds: %d jobs answered, %d tokens (%.1f%% of tpm), %d requests (%.1f%% of rpm);"
                            + " tighter limit used %.1f%%; calls %d, answered 429 %d (%.2f%%); fallback records %d%n",
                    workers, model, measured.toSeconds(), ok, tokens, tokenShare * 100, ok, requestShare * 100,
                    Math.max(tokenShare, requestShare) * 100, calls, refused, calls == 0 ? 0 : 100.0 * refused / calls, fallback.records);
            System.out.println("  429s at seconds after the first outcome: " + when);
        }
        stack.simulator.reset();
    }

    static void recovery(BenchStack stack) throws Exception {
        Topics topics = stack.topics("recovery.", 6);
        AtomicBoolean down = new AtomicBoolean();
        ProviderConfig config = provider(BenchStack.PROVIDER, stack.simulator.url())
                .setLimits(ProviderLimits.newBuilder().setMaxConcurrency(WINDOW).build())
                .setBreaker(CircuitBreakerPolicy.newBuilder().setWaitInOpenMs(5_000).build())
                .build();
        ExecutorService http = Executors.newFixedThreadPool(2);
        Function<ScheduledExecutorService, Transport> transport = timer -> {
            HttpTransport real = new HttpTransport(http, timer, Clock.systemUTC(), Duration.ofSeconds(5));
            return (call, timeout) -> real.send(down.get() ? toModel(call, "sim-down") : call, timeout);
        };
        int rate = 150;
        int seconds = 80;
        long downAt = 20;
        long upAt = downAt + 30;
        try (BenchStack.Watcher outcomes = stack.new Watcher(topics.outcomes().name());
             BenchStack.Watcher fallback = stack.new Watcher(topics.fallback().name());
             ProviderWorker worker = new ProviderWorker(config, ProviderAdapters.forType(config.getType()), null, stack.connectorsConfig(topics),
                     stack.registry, Clock.systemUTC(), transport);
             KafkaProducer<String, byte[]> producer = stack.producer()) {
            worker.start();
            long start = System.nanoTime();
            int sent = 0;
            while (sent < rate * seconds) {
                long elapsed = System.nanoTime() - start;
                down.set(elapsed >= downAt * 1_000_000_000L && elapsed < upAt * 1_000_000_000L);
                int due = (int) Math.min((long) rate * seconds, elapsed * rate / 1_000_000_000L);
                for (; sent < due; sent++) {
                    stack.produce(producer, topics, BenchStack.job("rec-" + sent, "sim-latency-200", "hello " + sent, 16));
                }
                producer.flush();
                BenchStack.sleep(5);
            }
            down.set(false);
            BenchStack.sleep(5_000);
            long[] perSecond = new long[seconds + 6];
            for (long t : outcomes.arrivals) {
                int s = (int) ((t - start) / 1_000_000_000L);
                if (s >= 0 && s < perSecond.length) {
                    perSecond[s]++;
                }
            }
            int full = -1;
            for (int s = (int) upAt; s < seconds - 2; s++) {
                if (perSecond[s] >= 0.9 * rate && perSecond[s + 1] >= 0.9 * rate && perSecond[s + 2] >= 0.9 * rate) {
                    full = s;
                    break;
                }
            }
            int firstSuccess = -1;
            for (int s = (int) upAt; s < seconds; s++) {
                if (perSecond[s] > 0) {
                    firstSuccess = s;
                    break;
                }
            }
            StringBuilder series = new StringBuilder();
            for (int s = 0; s < seconds + 5; s++) {
                series.append(perSecond[s]).append(s == seconds + 4 ? "" : " ");
            }
            System.out.printf(Locale.ROOT, "recovery offered=%d jobs/s down %ds..%ds (breaker waitInOpen 5 s): first success %s s after the return,"
                            + " full rate (>= 90%% for 3 s) %s s after; outcomes %d + fallback %d of %d jobs; duplicate calls %d (retries)%n"
                            + "outcomes per second: %s%n", rate, downAt, upAt,
                    firstSuccess < 0 ? "never" : String.valueOf(firstSuccess - upAt), full < 0 ? "never" : String.valueOf(full - upAt),
                    outcomes.firstSeenNanos.size(), fallback.firstSeenNanos.size(), sent, stack.simulator.duplicateCalls(), series);
        } finally {
            http.shutdownNow();
        }
        stack.simulator.reset();
    }

    /** The same call with another model name in its JSON body. */
    static HttpCall toModel(HttpCall call, String model) {
        String body = new String(call.body(), StandardCharsets.UTF_8).replaceFirst("\"model\"\\s*:\\s*\"[^\"]*\"", "\"model\":\"" + model + "\"");
        return new HttpCall(call.requestId(), call.method(), call.uri(), call.headers(), body.getBytes(StandardCharsets.UTF_8));
    }

    private static String words(Random random, int chars) {
        String[] words = {"kafka", "token", "budget", "provider", "window", "latency", "partition", "worker", "model", "retry"};
        StringBuilder text = new StringBuilder(chars + 10);
        while (text.length() < chars) {
            text.append(words[random.nextInt(words.length)]).append(' ');
        }
        return text.substring(0, chars);
    }
}
