package dev.roocode.bench.scale;

import dev.roocode.bench.cluster.Cluster;
import dev.roocode.bench.cluster.Distribution;
import dev.roocode.bench.cluster.JvmProcess;
import dev.roocode.connectors.worker.ProviderWorker;
import dev.roocode.sandbox.registry.RegistryConfig;
import dev.roocode.schemas.config.CommonConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.common.GroupState;

/**
 * The Roocode services of one phase, each a process started by the distribution's launcher with its own config
 * file, HTTP port and (processor) state folder: the standalone registry, processors and connectors. A service is
 * a slot ({@code processor-1}): stopping or killing it and starting it again is a restart on the same host, with
 * the same config and state folder, as an operator's service manager would do.
 */
final class Services implements AutoCloseable {
    /** The processor's consumer group (its default {@code application.id}). */
    static final String PROCESSOR_GROUP = "roocode-processor";

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** One service slot. */
    static final class Service {
        final String name;
        final String launcher;
        final String group;
        final Path config;
        final int httpPort;
        JvmProcess process;
        Set<String> membersBefore = Set.of();
        String readyVia = "";

        Service(String name, String launcher, String group, Path config, int httpPort) {
            this.name = name;
            this.launcher = launcher;
            this.group = group;
            this.config = config;
            this.httpPort = httpPort;
        }

        boolean isProcessor() {
            return launcher.equals(Distribution.PROCESSOR);
        }
    }

    private final Distribution distribution;
    private final Path dir;
    private final Path logs;
    private final Map<String, String> env;
    private final Consumer<String> progress;
    private final List<Service> processors = new ArrayList<>();
    private final List<Service> connectors = new ArrayList<>();
    private Cluster cluster;
    private JvmProcess registry;
    private Admin admin;

    /**
     * @param dir  config files and processor state of the phase
     * @param logs logs of the phase's processes
     * @param env  environment of every launcher ({@code ROOCODE_HEAP_OPTS}, {@code ROOCODE_JVM_OPTS}, ...)
     */
    Services(Distribution distribution, Path dir, Path logs, Map<String, String> env, Consumer<String> progress) {
        this.distribution = distribution;
        this.dir = dir;
        this.logs = logs;
        this.env = Map.copyOf(env);
        this.progress = progress;
        // a runner stopped with Ctrl-C must not leave the services behind (the cluster's hook knows only its own)
        Runtime.getRuntime().addShutdownHook(new Thread(this::killAll, "bench-scale-cleanup"));
    }

    private void killAll() {
        List<JvmProcess> processes = new ArrayList<>();
        all().forEach(s -> processes.add(s.process));
        processes.add(registry);
        for (JvmProcess p : processes) {
            if (p != null && p.isAlive()) {
                try {
                    p.kill();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** Starts {@code bin/roocode-registry} against {@code bootstrap}; returns its URL once it answers. */
    String startRegistry(String bootstrap) throws Exception {
        int port = freePort();
        Path config = write(
                "registry",
                Map.of(
                        CommonConfig.BOOTSTRAP_SERVERS,
                        bootstrap,
                        RegistryConfig.REGISTRY_HOST,
                        "127.0.0.1",
                        RegistryConfig.REGISTRY_PORT,
                        "" + port,
                        CommonConfig.HTTP_HOST,
                        "127.0.0.1",
                        CommonConfig.HTTP_PORT,
                        "" + freePort()));
        registry = launch("registry", distribution.command(Distribution.REGISTRY, config));
        String url = "http://127.0.0.1:" + port;
        long deadline = System.currentTimeMillis() + 120_000;
        while (System.currentTimeMillis() < deadline) {
            if (!registry.isAlive()) {
                throw new IllegalStateException("the registry exited; see " + registry.log());
            }
            if (status(url + "/subjects").orElse(0) == 200) {
                return url;
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException(
                "the registry did not answer at " + url + " within 120 s; see " + registry.log());
    }

    /** The cluster the services connect to (its broker, registry and simulator started). */
    void attach(Cluster cluster) {
        this.cluster = cluster;
        this.admin = cluster.admin();
    }

    /** A new processor slot, not started. */
    Service addProcessor(Map<String, String> settings) throws IOException {
        String name = "processor-" + (processors.size() + 1);
        Map<String, String> config = new LinkedHashMap<>(common());
        config.put("state.dir", dir.resolve(name + "-state").toString());
        config.putAll(settings);
        int port = freePort(config); // before the file is written: it must hold the port
        Service s = new Service(name, Distribution.PROCESSOR, PROCESSOR_GROUP, write(name, config), port);
        processors.add(s);
        return s;
    }

    /** A new connectors slot, not started. */
    Service addConnectors() throws IOException {
        String name = "connectors-" + (connectors.size() + 1);
        Map<String, String> config = new LinkedHashMap<>(common());
        int port = freePort(config); // before the file is written: it must hold the port
        Service s = new Service(
                name, Distribution.CONNECTORS, ProviderWorker.groupId(Cluster.PROVIDER), write(name, config), port);
        connectors.add(s);
        return s;
    }

    List<Service> processors() {
        return processors;
    }

    List<Service> connectors() {
        return connectors;
    }

    List<Service> all() {
        List<Service> all = new ArrayList<>(processors);
        all.addAll(connectors);
        return all;
    }

    /** Starts (or restarts) the service's process through its launcher. */
    void start(Service s) throws Exception {
        s.membersBefore = members(s.group).keySet();
        s.readyVia = "";
        s.process = launch(s.name, distribution.command(s.launcher, s.config));
    }

    /**
     * Waits until the service is ready: {@code GET /health/ready} answers 200 on its {@code http.port}. Fallback
     * while a service serves no health endpoint (the connection is refused): its consumer group is Stable and holds
     * a member that was not in it before this start. Remove the fallback once every launcher's service serves health.
     */
    void awaitReady(Service s, long timeoutMs) throws Exception {
        long deadline = System.currentTimeMillis() + timeoutMs;
        String url = "http://127.0.0.1:" + s.httpPort + "/health/ready";
        while (System.currentTimeMillis() < deadline) {
            if (!s.process.isAlive()) {
                throw new IllegalStateException(s.name + " exited with "
                        + s.process.awaitExit(0).orElse(-1) + " before it was ready; see " + s.process.log());
            }
            Optional<Integer> status = status(url);
            if (status.isPresent() && status.get() == 200) {
                s.readyVia = "/health/ready";
                return;
            }
            if (status.isEmpty() && newMemberInStableGroup(s)) { // FALLBACK: no health endpoint served
                s.readyVia = "group (fallback)";
                return;
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException(s.name + " was not ready within " + timeoutMs + " ms; see " + s.process.log());
    }

    private boolean newMemberInStableGroup(Service s) throws InterruptedException {
        Optional<ConsumerGroupDescription> group = describe(s.group);
        return group.isPresent()
                && group.get().groupState() == GroupState.STABLE
                && group.get().members().stream().anyMatch(m -> !s.membersBefore.contains(m.consumerId()));
    }

    /** SIGTERM, then waits for the exit (SIGKILL after {@code graceMs}); the exit code, or -9 when it was killed. */
    int stop(Service s, long graceMs) throws InterruptedException {
        s.process.terminate();
        return awaitOrKill(s, graceMs);
    }

    /**
     * SIGTERM to both at once, then waits for both; records their exit codes and the seconds until both exited
     * in {@code timing}.
     */
    void stopBoth(Service a, Service b, long graceMs, Map<String, Object> timing) throws InterruptedException {
        long t0 = System.nanoTime();
        a.process.terminate();
        b.process.terminate();
        int exitA = awaitOrKill(a, graceMs);
        int exitB = awaitOrKill(b, graceMs);
        timing.put("exit", a.name + " " + exitA + ", " + b.name + " " + exitB);
        timing.put("exited after s", (System.nanoTime() - t0) / 1e9);
    }

    private int awaitOrKill(Service s, long graceMs) throws InterruptedException {
        Optional<Integer> exit = s.process.awaitExit(graceMs);
        if (exit.isPresent()) {
            return exit.get();
        }
        progress.accept(s.name + " did not exit within " + graceMs + " ms of SIGTERM: SIGKILL");
        s.process.kill();
        return -9;
    }

    /** SIGKILL: no shutdown hook, no commit, no leave-group. */
    void kill(Service s) throws InterruptedException {
        s.process.kill();
    }

    /**
     * Whether both groups are Stable with exactly {@code processors} processor and {@code connectors} connectors
     * processes as members (a SIGKILLed process stays a member until its session times out).
     */
    boolean groupsStable(int processors, int connectors) throws InterruptedException {
        Optional<ConsumerGroupDescription> p = describe(PROCESSOR_GROUP);
        Optional<ConsumerGroupDescription> c = describe(ProviderWorker.groupId(Cluster.PROVIDER));
        return p.isPresent()
                && c.isPresent()
                && p.get().groupState() == GroupState.STABLE
                && c.get().groupState() == GroupState.STABLE
                && streamsProcesses(p.get().members().stream()
                                .map(MemberDescription::clientId)
                                .toList())
                        == processors
                && c.get().members().size() == connectors;
    }

    /**
     * Processes among a Streams group's members: one per distinct client id before {@code -StreamThread-<n>-consumer}
     * (a process with several stream threads is several members).
     */
    static long streamsProcesses(List<String> clientIds) {
        return clientIds.stream()
                .map(id -> id.replaceAll("-StreamThread-\\d+-consumer$", ""))
                .distinct()
                .count();
    }

    /** CPU time used so far by the live processor and connectors processes. */
    Duration cpu() {
        Duration total = Duration.ZERO;
        for (Service s : all()) {
            if (s.process != null && s.process.isAlive()) {
                total = total.plus(s.process.cpu().orElse(Duration.ZERO));
            }
        }
        return total;
    }

    /** The registry process's CPU time so far. */
    Duration registryCpu() {
        return registry == null ? Duration.ZERO : registry.cpu().orElse(Duration.ZERO);
    }

    private Map<String, String> members(String group) throws InterruptedException {
        return describe(group)
                .map(d -> d.members().stream()
                        .collect(Collectors.toMap(MemberDescription::consumerId, MemberDescription::clientId)))
                .orElse(Map.of());
    }

    private Optional<ConsumerGroupDescription> describe(String group) throws InterruptedException {
        try {
            ConsumerGroupDescription d = admin.describeConsumerGroups(List.of(group))
                    .describedGroups()
                    .get(group)
                    .get(10, TimeUnit.SECONDS);
            return d.groupState() == GroupState.DEAD ? Optional.empty() : Optional.of(d);
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            return Optional.empty(); // no such group yet, or the broker is busy: not stable
        }
    }

    private Map<String, String> common() {
        Map<String, String> config = new LinkedHashMap<>();
        config.put(CommonConfig.BOOTSTRAP_SERVERS, cluster.bootstrap());
        config.put(CommonConfig.SCHEMA_REGISTRY_URL, cluster.registryUrl());
        // a killed member holds its partitions until its session times out: as in the reliability suite
        config.put("session.timeout.ms", "10000");
        return config;
    }

    private int freePort(Map<String, String> config) {
        int port = freePort();
        config.put(CommonConfig.HTTP_PORT, String.valueOf(port));
        return port;
    }

    private Path write(String name, Map<String, String> settings) throws IOException {
        Files.createDirectories(dir);
        Properties properties = new Properties();
        properties.putAll(settings);
        Path file = dir.resolve(name + ".properties");
        try (Writer writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            properties.store(writer, name + ", written by bench/run scale");
        }
        return file;
    }

    private JvmProcess launch(String name, List<String> command) throws IOException {
        Map<String, String> launchEnv = new LinkedHashMap<>(env);
        launchEnv.put("ROOCODE_LOG_DIR", logs.resolve(name).toString());
        return JvmProcess.launch(name, command, launchEnv, logs);
    }

    /** The HTTP status of a GET, or empty when nothing listens there. */
    private static Optional<Integer> status(String url) throws InterruptedException {
        try {
            HttpResponse<Void> answer = HTTP.send(
                    HttpRequest.newBuilder(URI.create(url))
                            .timeout(Duration.ofSeconds(5))
                            .build(),
                    HttpResponse.BodyHandlers.discarding());
            return Optional.of(answer.statusCode());
        } catch (ConnectException e) {
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of(0); // something listens but did not answer in time: not ready
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** SIGTERM to every process, then waits for each (SIGKILL after 20 s). */
    @Override
    public void close() throws Exception {
        List<JvmProcess> running = new ArrayList<>();
        for (Service s : all()) {
            if (s.process != null && s.process.isAlive()) {
                s.process.terminate();
                running.add(s.process);
            }
        }
        for (JvmProcess p : running) {
            if (p.awaitExit(20_000).isEmpty()) {
                p.kill();
            }
        }
        if (admin != null) {
            admin.close(Duration.ofSeconds(5));
        }
        if (registry != null) {
            registry.close();
        }
    }
}
