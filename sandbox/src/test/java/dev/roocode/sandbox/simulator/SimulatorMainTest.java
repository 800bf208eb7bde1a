package dev.roocode.sandbox.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
}
