package dev.roocode.cli.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.roocode.api.admin.ProviderAdmin.FormField;
import dev.roocode.api.admin.ProviderAdminFactory;
import dev.roocode.api.http.ApiException;
import dev.roocode.cli.admin.ClusterProviderAdminFactory;
import dev.roocode.schemas.avro.ModelOffer;
import dev.roocode.schemas.avro.ProviderConfig;
import dev.roocode.schemas.avro.ProviderState;
import dev.roocode.schemas.avro.ProviderStatus;
import dev.roocode.schemas.avro.WorkerState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the console's provider operations check before they reach a cluster (none is running here). */
class ClusterProviderAdminTest {
    private final ClusterProviderAdmin admin = new ClusterProviderAdmin(
            Map.of("bootstrap.servers", "127.0.0.1:1", "schema.registry.url", "http://127.0.0.1:1"),
            Map.of(),
            Duration.ofSeconds(1));

    @Test
    void shouldBeWhatTheServiceFindsOnItsClassPath() {
        assertThat(ProviderAdminFactory.discover()).isInstanceOf(ClusterProviderAdminFactory.class);
    }

    @Test
    void shouldBuildEachTypesFormFromItsDescriptor() {
        assertThat(names(admin.fields("openai-compatible")))
                .contains("name", "preset", "endpoint", "key", "models")
                .doesNotContain("deployments", "organization");
        assertThat(names(admin.fields("azure-openai"))).contains("deployments", "apiVersion");
        assertThat(names(admin.fields("openai"))).contains("organization", "project");
        assertThat(admin.fields("openai").stream().filter(f -> f.name().equals("key")))
                .singleElement()
                .satisfies(f -> {
                    assertThat(f.kind()).isEqualTo(FormField.Kind.SECRET);
                    assertThat(f.required()).isTrue();
                });
        assertThat(admin.types()).contains("openai-compatible", "anthropic");
    }

    @Test
    void shouldRefuseAFormWithTheClisMessagesBeforeConnecting() {
        assertThatThrownBy(() -> admin.add(
                        Map.of("type", "openai-compatible", "name", "<script>alert(1)</script>", "models", "m"),
                        "sk-x"))
                .isInstanceOfSatisfying(
                        ApiException.class, e -> assertThat(e.status()).isEqualTo(400))
                .hasMessageContaining("provider name '<script>alert(1)</script>' may hold only letters");
        assertThatThrownBy(() -> admin.add(Map.of("type", "nope", "name", "x"), null))
                .isInstanceOfSatisfying(
                        ApiException.class, e -> assertThat(e.status()).isEqualTo(400))
                .hasMessageContaining("unknown provider type 'nope'");
        assertThatThrownBy(() -> admin.add(Map.of("type", "openai", "name", "o", "models", "gpt-4o-mini"), null))
                .isInstanceOf(ApiException.class)
                .hasMessageContaining("needs an API key");
        assertThatThrownBy(() -> admin.add(
                        Map.of(
                                "type",
                                "openai-compatible",
                                "name",
                                "x",
                                "endpoint",
                                "http://h/v1",
                                "models",
                                "m",
                                "rpm",
                                "lots"),
                        null))
                .isInstanceOf(ApiException.class)
                .hasMessageContaining("rpm must be a whole number, was 'lots'");
        assertThatThrownBy(() -> admin.update("p", Map.of("rpm", "lots")))
                .isInstanceOfSatisfying(
                        ApiException.class, e -> assertThat(e.status()).isEqualTo(400))
                .hasMessageContaining("rpm must be a whole number, was 'lots'");
        assertThatThrownBy(() -> admin.update("p", Map.of("deployments", "no-equals")))
                .isInstanceOf(ApiException.class)
                .hasMessageContaining("deployments: 'no-equals' is not MODEL=DEPLOYMENT");
    }

    @Test
    void shouldRefuseAKeyItCannotEncryptWithTheClisMessageAndWithoutTheKey() {
        assertThatThrownBy(() -> admin.add(
                        Map.of("type", "openai-compatible", "name", "x", "endpoint", "http://h/v1", "models", "m"),
                        "sk-secret-value-123"))
                .isInstanceOf(ApiException.class)
                .hasMessageContaining("storing the API key encrypted needs the master key")
                .hasMessageNotContaining("sk-secret-value-123");
    }

    private static List<String> names(List<FormField> fields) {
        return fields.stream().map(FormField::name).toList();
    }

    @Test
    void shouldListTheWorkersP99OrADashWhenItsReportHasNone() {
        ProviderConfig p = activeProvider();
        ProviderState health = ProviderState.newBuilder()
                .setProvider("p")
                .setWindowStart(Instant.EPOCH)
                .setUpdatedAt(Instant.EPOCH)
                .setLatencyEwmaMs(120)
                .setWorker(WorkerState.RUNNING)
                .setConfigVersion(3L)
                .build();

        assertThat(ClusterProviderAdmin.row(p, health).p99())
                .as("an older worker")
                .isEqualTo("-");
        health.setLatencyP99Ms(912.4);
        assertThat(ClusterProviderAdmin.row(p, health).p99()).isEqualTo("912 ms");
        assertThat(ClusterProviderAdmin.row(p, null).p99()).isEqualTo("-");
    }

    @Test
    void shouldListTheRequestsPerSecondOfTheWorkersWindowSoFar() {
        ProviderConfig p = activeProvider();
        ProviderState health = ProviderState.newBuilder()
                .setProvider("p")
                .setWindowStart(Instant.ofEpochSecond(100))
                .setUpdatedAt(Instant.ofEpochSecond(140))
                .setRequestsInWindow(100)
                .setWorker(WorkerState.RUNNING)
                .setConfigVersion(3L)
                .build();

        assertThat(ClusterProviderAdmin.row(p, health).reqPerSec()).isEqualTo("2.5");
        health.setUpdatedAt(Instant.ofEpochMilli(100_200));
        assertThat(ClusterProviderAdmin.row(p, health).reqPerSec())
                .as("a window just opened counts as one second")
                .isEqualTo("100.0");
        assertThat(ClusterProviderAdmin.row(p, null).reqPerSec()).isEqualTo("-");
    }

    /** An ACTIVE provider "p" at version 3, offering one model, as the workers' reports below answer. */
    private static ProviderConfig activeProvider() {
        return ProviderConfig.newBuilder()
                .setName("p")
                .setType("openai-compatible")
                .setStatus(ProviderStatus.ACTIVE)
                .setEndpoint("http://127.0.0.1:1/v1")
                .setOffers(List.of(ModelOffer.newBuilder()
                        .setModel("m")
                        .setProviderModel("m")
                        .build()))
                .setVersion(3L)
                .build();
    }
}
