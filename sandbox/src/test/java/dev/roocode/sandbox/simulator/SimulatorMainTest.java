package dev.roocode.sandbox.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.roocode.sandbox.simulator.batch.BatchSettings;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SimulatorMainTest {

    @Test
    void shouldReadTheApiKeyFromTheNamedEnvironmentVariable() throws Exception {
        Map<String, String> env = Map.of("SIM_KEY", "sk-from-env");

        try (ProviderSimulator simulator = SimulatorMain.parse(
                        new String[] {"--port", "0", "--api-key-env", "SIM_KEY"}, env::get)
                .build()
                .start()) {
            assertThat(simulator.url()).startsWith("http://127.0.0.1:");
            assertThat(new SimClient(simulator).chat("gpt-4o-mini", "x").statusCode())
                    .isEqualTo(401);
            assertThat(new SimClient(simulator)
                            .apiKey("sk-from-env")
                            .chat("gpt-4o-mini", "y")
                            .statusCode())
                    .isEqualTo(200);
        }
    }

    @Test
    void shouldRejectUnknownOptionsAndUnsetVariables() {
        assertThatThrownBy(() -> SimulatorMain.parse(new String[] {"--prot", "1"}, name -> null))
                .hasMessageContaining("unknown option --prot");
        assertThatThrownBy(() -> SimulatorMain.parse(new String[] {"--api-key-env", "NOPE"}, name -> null))
                .hasMessageContaining("NOPE is not set");
        assertThatThrownBy(() -> SimulatorMain.parse(new String[] {"--port", "x"}, name -> null))
                .hasMessageContaining("--port needs an integer");
    }

    @Test
    void shouldReadTheBatchOptionsIntoTheEnginesSettings() {
        ProviderSimulator simulator = SimulatorMain.parse(
                        new String[] {
                            "--batch-turnaround-ms",
                            "7200",
                            "--batch-window-ms",
                            "60000",
                            "--batch-failed-pct",
                            "5",
                            "--batch-expired-pct",
                            "0.5",
                            "--batch-expire-nth",
                            "3"
                        },
                        name -> null)
                .build();

        assertThat(simulator.batches().settings())
                .isEqualTo(new BatchSettings(Duration.ofMillis(7200), Duration.ofMinutes(1), 0.05, 0.005, 3));
        assertThatThrownBy(() -> SimulatorMain.parse(new String[] {"--batch-failed-pct", "120"}, name -> null))
                .hasMessageContaining("--batch-failed-pct needs a percentage 0..100");
    }
}
