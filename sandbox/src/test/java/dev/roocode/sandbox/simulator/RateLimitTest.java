package dev.roocode.sandbox.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class RateLimitTest {

    private static final MutableClock CLOCK = new MutableClock();

    @RegisterExtension
    static final SimulatorExtension SIM = SimulatorExtension.configured(builder -> builder.clock(CLOCK));

    private SimClient client;

    @BeforeEach
    void freshWindows() {
        SIM.simulator().reset();
        client = new SimClient(SIM.simulator());
    }

    @Test
    void shouldAllowRpmCallsPerMinuteThenAnswer429UntilTheWindowEnds() throws Exception {
        for (int i = 0; i < 5; i++) {
            HttpResponse<String> ok = client.chat("sim-rpm-5", "rpm-" + i);
            assertThat(ok.statusCode()).isEqualTo(200);
            assertThat(ok.headers().firstValue("x-ratelimit-limit-requests")).hasValue("5");
            assertThat(ok.headers().firstValue("x-ratelimit-remaining-requests"))
                    .hasValue(String.valueOf(4 - i));
        }
        CLOCK.advance(Duration.ofSeconds(20));

        HttpResponse<String> refused = client.chat("sim-rpm-5", "rpm-6");

        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.headers().firstValue("retry-after")).hasValue("40");
        assertThat(refused.headers().firstValue("retry-after-ms")).hasValue("40000");
        assertThat(refused.headers().firstValue("x-ratelimit-limit-requests")).hasValue("5");
        assertThat(refused.headers().firstValue("x-ratelimit-remaining-requests"))
                .hasValue("0");
        assertThat(refused.headers().firstValue("x-ratelimit-reset-requests")).hasValue("40s");
        assertThat(SimClient.json(refused).get("error").get("type").asText()).isEqualTo("requests");

        CLOCK.advance(Duration.ofSeconds(40));

        assertThat(client.chat("sim-rpm-5", "rpm-7").statusCode()).isEqualTo(200);
    }

    @Test
    void shouldLimitEachModelNameSeparately() throws Exception {
        assertThat(client.chat("sim-rpm-1", "a").statusCode()).isEqualTo(200);
        assertThat(client.chat("sim-rpm-1", "b").statusCode()).isEqualTo(429);

        assertThat(client.chat("sim-rpm-1-latency-0", "c").statusCode()).isEqualTo(200);
    }

    @Test
    void shouldCountPromptAndMaxTokensAgainstTpm() throws Exception {
        // 40 characters of message text = 10 prompt tokens, plus max_tokens 40 = 50 tokens per call
        String body = "{\"model\":\"sim-tpm-120\",\"max_tokens\":40,\"messages\":[{\"role\":\"user\",\"content\":\""
                + "x".repeat(40) + "\"}]}";

        HttpResponse<String> first = client.post("/v1/chat/completions", body, "t1");
        HttpResponse<String> second = client.post("/v1/chat/completions", body, "t2");
        HttpResponse<String> third = client.post("/v1/chat/completions", body, "t3");

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.headers().firstValue("x-ratelimit-limit-tokens")).hasValue("120");
        assertThat(first.headers().firstValue("x-ratelimit-remaining-tokens")).hasValue("70");
        assertThat(first.headers().firstValue("x-ratelimit-reset-tokens")).hasValue("1m0s");
        assertThat(second.statusCode()).isEqualTo(200);
        assertThat(third.statusCode()).isEqualTo(429);
        assertThat(third.headers().firstValue("x-ratelimit-remaining-tokens")).hasValue("20");
        assertThat(SimClient.json(third).get("error").get("type").asText()).isEqualTo("tokens");
    }
}
