package dev.roocode.sandbox.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The broker's SASL_SSL listener: SCRAM-SHA-512 over TLS with a certificate made at start, the
 * standard authorizer with nothing allowed unless an ACL grants it, and {@code User:admin} a super user.
 */
class EmbeddedKafkaScramSslIT {
    private static EmbeddedKafka kafka;

    @BeforeAll
    static void start() {
        kafka = EmbeddedKafka.builder()
                .saslSslScramUser("admin", "admin-secret")
                .saslSslScramUser("alice", "alice-secret")
                .build()
                .start();
    }

    @AfterAll
    static void stop() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void shouldLetTheSuperUserCreateTopicsAndRefuseAUserWithoutAcls() throws Exception {
        try (Admin admin = admin("admin", "admin-secret");
                Admin alice = admin("alice", "alice-secret")) {
            admin.createTopics(List.of(new NewTopic("secured", 1, (short) 1)))
                    .all()
                    .get(60, TimeUnit.SECONDS);

            assertThatThrownBy(() -> alice.describeTopics(List.of("secured"))
                            .allTopicNames()
                            .get(60, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(TopicAuthorizationException.class);

            admin.createAcls(List.of(new AclBinding(
                            new ResourcePattern(ResourceType.TOPIC, "secured", PatternType.LITERAL),
                            new AccessControlEntry("User:alice", "*", AclOperation.DESCRIBE, AclPermissionType.ALLOW))))
                    .all()
                    .get(60, TimeUnit.SECONDS);
            assertThat(alice.describeTopics(List.of("secured")).allTopicNames().get(60, TimeUnit.SECONDS))
                    .containsKey("secured");
        }
    }

    @Test
    void shouldRefuseAWrongPassword() {
        try (Admin mallory = admin("alice", "not-her-password")) {
            assertThatThrownBy(() -> mallory.describeCluster().clusterId().get(60, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(SaslAuthenticationException.class);
        }
    }

    @Test
    void shouldKeepNoKeyMaterialInTheDataDirectory() {
        Path data = kafka.dataDirectory();
        assertThat(data.toFile().list()).noneMatch(name -> name.endsWith(".p12"));
        assertThat(kafka.saslSslClientProperties("alice", "x"))
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                .containsKey("ssl.truststore.location");
    }

    private static Admin admin(String user, String password) {
        Map<String, Object> props = kafka.saslSslClientProperties(user, password);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 60_000);
        return Admin.create(props);
    }
}
