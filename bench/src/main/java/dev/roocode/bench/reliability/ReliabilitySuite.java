package dev.roocode.bench.reliability;

import dev.roocode.bench.cluster.Cluster;
import dev.roocode.bench.cluster.JvmProcess;
import dev.roocode.bench.cluster.SimulatorStats;
import dev.roocode.bench.load.JobSource;
import dev.roocode.bench.load.Jobs;
import dev.roocode.bench.load.LoadRun;
import dev.roocode.bench.load.Measurement;
import dev.roocode.schemas.avro.Job;
import dev.roocode.schemas.serde.AvroSerde;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Reliability cases on a {@link Cluster} whose processes are killed for real (SIGKILL). Each case submits
 * jobs at a steady rate, injects its fault once a share of them is answered, waits for every Result (or a
 * stall), and reports jobs lost, duplicate Results, duplicate provider calls and the time to recover.
 */
public final class ReliabilitySuite {
    /** Every case, in the order they run. */
    public static final List<String> CASES = List.of(
            "processor-kill",
            "connectors-kill",
            "both-kill",
            "broker-restart",
            "provider-resets",
            "poison",
            "duplicate-submissions");

    private final Cluster cluster;
    private final int jobs;
    private final int rate;
    private final Consumer<String> progress;
    private Consumer<Measurement> measured = m -> {};
    private Duration stallTimeout = Duration.ofSeconds(120);

    /**
     * @param jobs     jobs per case
     * @param rate     jobs/s offered during a case
     * @param progress where to report progress
     */
    public ReliabilitySuite(Cluster cluster, int jobs, int rate, Consumer<String> progress) {
        this.cluster = cluster;
        this.jobs = jobs;
        this.rate = rate;
        this.progress = progress;
    }

    /**
     * How long a case waits without a new Result before it counts the rest as lost (120 s by default). A
     * restart after a SIGKILL is CPU-bound (JVM start, the processor's restore), so a loaded 2-core machine
     * needs more than a quiet one.
     */
    public ReliabilitySuite stallTimeout(Duration stallTimeout) {
        this.stallTimeout = stallTimeout;
        return this;
    }

    /** Receives each case's load phase (for the report's chart: the gap after a kill shows there). */
    public ReliabilitySuite onMeasured(Consumer<Measurement> measured) {
        this.measured = measured;
        return this;
    }

    public CaseResult run(String name) throws Exception {
        progress.accept("reliability case " + name + ": " + jobs + " jobs at " + rate + "/s");
        return switch (name) {
            case "processor-kill" ->
                kill(
                        name,
                        () -> {
                            cluster.processor().kill();
                            cluster.startProcessor();
                        },
                        "processor SIGKILLed, restarted at once");
            case "connectors-kill" ->
                kill(
                        name,
                        () -> {
                            cluster.connectors().kill();
                            cluster.startConnectors();
                        },
                        "connectors SIGKILLed, restarted at once");
            case "both-kill" ->
                kill(
                        name,
                        () -> {
                            cluster.processor().kill();
                            cluster.connectors().kill();
                            cluster.startProcessor();
                            cluster.startConnectors();
                        },
                        "processor and connectors SIGKILLed together, restarted at once");
            case "broker-restart" ->
                kill(
                        name,
                        () -> {
                            cluster.killBroker();
                            Thread.sleep(2000);
                            cluster.startBroker();
                        },
                        "broker SIGKILLed, restarted on the same data and port after 2 s");
            case "provider-resets" ->
                plain(
                        name,
                        "sim-reset-5",
                        false,
                        -1,
                        "model sim-reset-5: 5% of calls lose their connection; repeated calls are the worker's retries");
            case "duplicate-submissions" ->
                plain(
                        name,
                        "sim-latency-20",
                        true,
                        0,
                        "every job submitted twice in a row; a duplicate provider call means a resubmission was dispatched");
            case "poison" -> poison(name);
            default -> throw new IllegalArgumentException("unknown case " + name + "; cases: " + CASES);
        };
    }

    /** The fault of a case, run once on its own thread. */
    private interface Fault {
        void inject() throws Exception;
    }

    private CaseResult kill(String name, Fault fault, String note) throws Exception {
        SimulatorStats stats = cluster.simulatorStats();
        stats.reset();
        AtomicBoolean fired = new AtomicBoolean();
        AtomicLong killedAt = new AtomicLong();
        Thread[] faultThread = new Thread[1];
        LoadRun run = loadRun("sim-latency-20").stallTimeout(stallTimeout);
        Measurement m = run.run(name, jobs, rate, answered -> {
            if (answered >= jobs * 3 / 10 && fired.compareAndSet(false, true)) {
                faultThread[0] = new Thread(
                        () -> {
                            try {
                                killedAt.set(System.nanoTime());
                                fault.inject();
                            } catch (Exception e) {
                                progress.accept(name + ": fault failed: " + e);
                            }
                        },
                        "bench-fault");
                faultThread[0].start();
            }
        });
        if (faultThread[0] != null) {
            faultThread[0].join();
        }
        measured.accept(m);
        SimulatorStats.Counts counts = stats.read();
        double recovery = recovery(m, killedAt.get());
        return new CaseResult(
                name,
                m.sent(),
                m.received(),
                m.duplicates(),
                counts.duplicateCalls(),
                cluster.window(),
                recovery,
                longestGap(m),
                note + (fired.get() ? "" : " (fault never fired)") + health());
    }

    private CaseResult plain(String name, String model, boolean twice, int callBound, String note) throws Exception {
        SimulatorStats stats = cluster.simulatorStats();
        stats.reset();
        Measurement m =
                loadRun(model).sendTwice(twice).stallTimeout(stallTimeout).run(name, jobs, rate, n -> {});
        measured.accept(m);
        SimulatorStats.Counts counts = stats.read();
        return new CaseResult(
                name,
                m.sent(),
                m.received(),
                m.duplicates(),
                counts.duplicateCalls(),
                callBound,
                Double.NaN,
                longestGap(m),
                note + health());
    }

    /**
     * Valid jobs with poison among them, every one keyed by a usable request id, so each must get exactly one
     * Result (SUCCEEDED, or FAILED INVALID_JOB / BAD_REQUEST) and the partitions must keep flowing.
     */
    private CaseResult poison(String name) throws Exception {
        SimulatorStats stats = cluster.simulatorStats();
        stats.reset();
        String topic = cluster.topics().jobs().name();
        AvroSerde<Job> serde = cluster.topics().jobs().valueSerde(cluster.registry());
        JobSource valid = Jobs.source(serde, topic, "sim-latency-20");
        Random random = new Random(7);
        String big = "x".repeat(900_000);
        JobSource source = (id, index) -> switch (index % 20) {
            case 3 -> {
                byte[] bytes = new byte[64];
                random.nextBytes(bytes);
                yield bytes; // random bytes
            }
            case 7 ->
                ByteBuffer.allocate(12).put((byte) 0).putInt(987_654).putInt(42).array(); // unknown schema id
            case 11 ->
                ("{\"custom_id\": \"" + id + "\", \"body\": {\"model\": ")
                        .getBytes(StandardCharsets.UTF_8); // invalid JSON line
            case 13 -> serde.serialize(topic, Jobs.chat(id, "sim-slow-no-such-directive", "hello")); // a directive typo
            case 17 ->
                index % 200 == 17
                        ? serde.serialize(topic, Jobs.chat(id, "sim-latency-20", big))
                        : valid.value(id, index); // ~900 KB job
            default -> valid.value(id, index);
        };
        LoadRun run = new LoadRun(
                        cluster.bootstrap(), topic, cluster.topics().results().name(), source)
                .stallTimeout(stallTimeout);
        Measurement m = run.run(name, jobs, rate, n -> {});
        measured.accept(m);
        SimulatorStats.Counts counts = stats.read();
        return new CaseResult(
                name,
                m.sent(),
                m.received(),
                m.duplicates(),
                counts.duplicateCalls(),
                0,
                Double.NaN,
                longestGap(m),
                "1 in 20 each: random bytes, unknown schema id, invalid JSON line, unknown model (sim 400); "
                        + "1 in 200 a ~900 KB job; each needs exactly one Result" + health());
    }

    /**
     * What was wrong with the pipeline's processes when the case ended, for the note: a process that exited,
     * or a processor whose Kafka Streams went to ERROR (alive but processing nothing); empty when healthy.
     */
    private String health() {
        StringBuilder problems = new StringBuilder();
        for (JvmProcess process : new JvmProcess[] {cluster.processor(), cluster.connectors(), cluster.broker()}) {
            if (process != null && !process.isAlive()) {
                problems.append("; ")
                        .append(process.name())
                        .append(" exited (see ")
                        .append(process.log())
                        .append(')');
            }
        }
        try {
            JvmProcess processor = cluster.processor();
            if (processor != null && processor.ownLog().contains("to ERROR")) {
                problems.append("; processor's Kafka Streams went to ERROR (see ")
                        .append(processor.log())
                        .append(')');
            }
        } catch (IOException e) {
            problems.append("; processor log unreadable: ").append(e.getMessage());
        }
        return problems.toString();
    }

    private LoadRun loadRun(String model) {
        String topic = cluster.topics().jobs().name();
        return new LoadRun(
                cluster.bootstrap(),
                topic,
                cluster.topics().results().name(),
                Jobs.source(cluster.topics().jobs().valueSerde(cluster.registry()), topic, model));
    }

    /**
     * Seconds from the kill to the start of the first run of {@link CaseResult#STEADY_SECONDS} whole seconds after
     * it that each answer ≥ 50% of the offered rate (a run may end with the answers); the seconds right after a
     * kill can still answer what was already on its way, so one good second alone is not recovery.
     */
    private double recovery(Measurement m, long killedAt) {
        if (killedAt == 0) {
            return Double.NaN;
        }
        List<Measurement.Point> timeline = m.timeline();
        int first = (int) ((killedAt - m.startNanos()) / 1_000_000_000L) + 1;
        for (int s = first; s < timeline.size(); s++) {
            boolean steady = true;
            for (int t = s; t < Math.min(timeline.size() - 1, s + CaseResult.STEADY_SECONDS); t++) {
                steady &= timeline.get(t).answered() >= rate / 2;
            }
            if (steady && timeline.get(s).answered() >= rate / 2) {
                return (m.startNanos() + s * 1_000_000_000L - killedAt) / 1e9;
            }
        }
        return (m.startNanos() + timeline.size() * 1_000_000_000L - killedAt) / 1e9;
    }

    private static int longestGap(Measurement m) {
        int longest = 0;
        int current = 0;
        for (Measurement.Point p : m.timeline()) {
            current = p.answered() == 0 ? current + 1 : 0;
            longest = Math.max(longest, current);
        }
        return longest;
    }
}
