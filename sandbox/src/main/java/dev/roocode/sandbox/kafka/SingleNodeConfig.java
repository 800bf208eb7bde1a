package dev.roocode.sandbox.kafka;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Broker properties for one process that is the whole cluster: a static one-voter quorum (so
 * the ports may change between restarts of the same directory), replication 1 for internal
 * topics, no auto-created topics (Roocode creates every topic explicitly), small index files and
 * few threads for small machines.
 */
final class SingleNodeConfig {
    static final String CONTROLLER_LISTENER = "CONTROLLER";

    private SingleNodeConfig() {}

    /** A mutable map, so callers can apply overrides on top. */
    static Map<String, String> properties(int nodeId, Path dataDirectory, int port, int controllerPort) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("process.roles", "broker,controller");
        p.put("node.id", Integer.toString(nodeId));
        p.put("controller.quorum.voters", nodeId + "@localhost:" + controllerPort);
        p.put("controller.listener.names", CONTROLLER_LISTENER);
        p.put(
                "listeners",
                "PLAINTEXT://localhost:" + port + "," + CONTROLLER_LISTENER + "://localhost:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://localhost:" + port);
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("log.dirs", dataDirectory.toString());
        p.put("metadata.log.dir", dataDirectory.toString());
        p.put("auto.create.topics.enable", "false");
        p.put("num.partitions", "1");
        p.put("default.replication.factor", "1");
        p.put("min.insync.replicas", "1");
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "4");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "4");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        // after a SIGKILL the restarted broker cannot register until the controller (this same process, also
        // restarted) has expired the dead incarnation's session: DUPLICATE_BROKER_REGISTRATION for the whole
        // broker.session.timeout.ms (9 s by default) of every crash restart. Shorter, with heartbeats to match.
        p.put("broker.session.timeout.ms", "4000");
        p.put("broker.heartbeat.interval.ms", "1000");
        p.put("log.segment.bytes", Integer.toString(64 * 1024 * 1024));
        p.put("log.index.size.max.bytes", Integer.toString(1024 * 1024));
        p.put("num.network.threads", "2");
        p.put("num.io.threads", "4");
        p.put("background.threads", "2");
        p.put("log.cleaner.threads", "1");
        p.put("num.recovery.threads.per.data.dir", "1");
        p.put("num.replica.fetchers", "1");
        return p;
    }

    static final String SASL_LISTENER = "SASL_PLAINTEXT";

    /** Adds a SASL_PLAINTEXT listener on {@code saslPort} accepting mechanism PLAIN for {@code users} (name → password). */
    static void addSaslPlainListener(Map<String, String> p, int saslPort, Map<String, String> users) {
        p.put("listeners", p.get("listeners") + "," + SASL_LISTENER + "://localhost:" + saslPort);
        p.put("advertised.listeners", p.get("advertised.listeners") + "," + SASL_LISTENER + "://localhost:" + saslPort);
        p.put(
                "listener.security.protocol.map",
                p.get("listener.security.protocol.map") + "," + SASL_LISTENER + ":SASL_PLAINTEXT");
        String prefix = "listener.name." + SASL_LISTENER.toLowerCase(Locale.ROOT) + ".";
        p.put(prefix + "sasl.enabled.mechanisms", "PLAIN");
        StringBuilder jaas = new StringBuilder("org.apache.kafka.common.security.plain.PlainLoginModule required");
        users.forEach((user, password) -> jaas.append(" user_")
                .append(user)
                .append("=\"")
                .append(password)
                .append('"'));
        p.put(prefix + "plain.sasl.jaas.config", jaas.append(';').toString());
        p.put("sasl.enabled.mechanisms", "PLAIN");
    }
}
