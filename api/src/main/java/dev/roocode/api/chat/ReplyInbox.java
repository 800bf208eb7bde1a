package dev.roocode.api.chat;

import dev.roocode.client.ClientConfig;
import dev.roocode.client.ResultReader;
import dev.roocode.client.RoocodeClient;
import dev.roocode.schemas.avro.Result;
import dev.roocode.schemas.config.ClientProperties;
import dev.roocode.schemas.topic.TopicAdmin;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This instance's own reply topic ({@code <prefix>replies.api-<id>}, inside the processor's default reply
 * allowlist) and the one thread that reads it from its end, completing each waiting call by requestId. A
 * Result nobody waits for (its call timed out, or it is an earlier run's) is skipped. Created at start with
 * one partition and a short retention: its Results are read once, as they arrive.
 */
final class ReplyInbox implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ReplyInbox.class);
    private static final Duration POLL = Duration.ofMillis(200);

    private final String topic;
    private final Map<String, CompletableFuture<Result>> waiting = new ConcurrentHashMap<>();
    private final ResultReader reader;
    private final Thread thread;
    private volatile boolean running = true;

    private ReplyInbox(String topic, ResultReader reader) {
        this.topic = topic;
        this.reader = reader;
        this.thread = new Thread(this::run, "roocode-api-replies");
        this.thread.setDaemon(true);
    }

    /** Creates the topic when it is missing, positions a reader at its end, and starts reading. */
    static ReplyInbox start(RoocodeClient client, ClientConfig clientConfig, String instanceId, long retentionMs) {
        String topic = client.topics().prefix() + "replies.api-" + instanceId;
        NewTopic spec = new NewTopic(topic, Optional.of(1), Optional.empty())
                .configs(Map.of(
                        TopicConfig.CLEANUP_POLICY_CONFIG,
                        client.topics().replies(topic).cleanupPolicy(),
                        TopicConfig.RETENTION_MS_CONFIG,
                        Long.toString(retentionMs),
                        TopicConfig.SEGMENT_MS_CONFIG,
                        Long.toString(retentionMs)));
        try (Admin admin = Admin.create(ClientProperties.of(ClientConfig.CONFIG, clientConfig.originals())
                .admin())) {
            TopicAdmin.createAndAwait(admin, List.of(spec), Duration.ofSeconds(60));
        }
        ReplyInbox inbox = new ReplyInbox(topic, client.readResultsFromNow(topic));
        inbox.thread.start();
        return inbox;
    }

    /** The reply topic name: the jobs of this instance's calls name it as their replyTo. */
    String topic() {
        return topic;
    }

    /** Registers a call before its job is sent; the future completes with its Result. */
    CompletableFuture<Result> expect(String requestId) {
        CompletableFuture<Result> answer = new CompletableFuture<>();
        waiting.put(requestId, answer);
        return answer;
    }

    /** Stops waiting for {@code requestId} (answered, timed out or never sent). */
    void forget(String requestId) {
        waiting.remove(requestId);
    }

    boolean running() {
        return running && thread.isAlive();
    }

    private void run() {
        try {
            while (running) {
                for (Result result : reader.poll(POLL)) {
                    CompletableFuture<Result> answer = waiting.remove(result.getRequestId());
                    if (answer != null) {
                        answer.complete(result);
                    }
                }
            }
        } catch (RuntimeException e) {
            if (running) {
                log.error("reading reply topic {} stopped; synchronous calls will time out", topic, e);
            }
        } finally {
            reader.close();
        }
    }

    @Override
    public void close() {
        running = false;
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * {@code configured} when set, else this host's name and {@code port} (a random suffix for port 0, which
     * names no fixed port), reduced to the characters a topic name allows.
     */
    static String instanceId(String configured, int port) {
        if (configured != null && !configured.isBlank()) {
            return sanitize(configured.strip());
        }
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "localhost";
        }
        String suffix = port > 0
                ? Integer.toString(port)
                : Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffffL);
        return sanitize(host + "-" + suffix);
    }

    private static String sanitize(String name) {
        String clean = name.replaceAll("[^a-zA-Z0-9._-]", "_");
        return clean.length() <= 100 ? clean : clean.substring(0, 100);
    }
}
