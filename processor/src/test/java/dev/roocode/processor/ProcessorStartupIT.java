package dev.roocode.processor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roocode.core.service.ExitCodes;
import dev.roocode.sandbox.kafka.EmbeddedKafka;
import dev.roocode.sandbox.process.ServiceProcess;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A processor whose SASL login the cluster refuses stops at once: exit 2 and one line, no retry loop. */
class ProcessorStartupIT {
    private static final String WRONG_PASSWORD = "not-the-password";

    private static EmbeddedKafka kafka;

    @BeforeAll
    static void startBroker() {
        kafka = EmbeddedKafka.builder()
                .saslPlainUser("roocode", "sasl-secret")
                .build()
                .start();
    }

    @AfterAll
    static void stopBroker() {
        kafka.close();
    }

    @Test
    void shouldExit2WithOneLineWhenTheClusterRefusesTheSaslLogin() throws Exception {
        Map<String, String> settings = new HashMap<>();
        settings.put("bootstrap.servers", kafka.saslBootstrapServers());
        settings.put("security.protocol", "SASL_PLAINTEXT");
        settings.put("sasl.mechanism", "PLAIN");
        settings.put(
                "sasl.jaas.config",
                "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"roocode\" password=\""
                        + WRONG_PASSWORD + "\";");
        settings.put("schema.registry.url", "http://127.0.0.1:1");
        settings.put("http.host", "127.0.0.1");
        settings.put("http.port", "0");

        try (ServiceProcess service = ServiceProcess.start(ProcessorMain.class.getName(), settings, Map.of())) {
            assertThat(service.awaitExit(Duration.ofSeconds(45)))
                    .as(service.output())
                    .isEqualTo(ExitCodes.CONFIG);
            assertThat(service.stderr().lines())
                    .singleElement()
                    .asString()
                    .startsWith("bootstrap servers " + kafka.saslBootstrapServers() + " refused the login")
                    .contains("sasl.jaas.config");
            assertThat(service.output()).doesNotContain(WRONG_PASSWORD);
        }
    }
}
