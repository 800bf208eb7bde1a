package dev.roocode.sandbox.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class OpenAiCompatibleWireFormatTest {

    @RegisterExtension
    static final SimulatorExtension SIM = SimulatorExtension.configured(b -> b.apiKey("compat-key"));

    @Test
    void shouldServeOpenAiBodiesUnderTheCompatPrefix() throws Exception {
        HttpResponse<String> chat = new SimClient(SIM.simulator())
                .apiKey("compat-key")
                .post("/compat/v1/chat/completions", SimClient.chatBody("local-llama", "Hello there"), null);
        HttpResponse<String> embed = new SimClient(SIM.simulator())
                .apiKey("compat-key")
                .post("/compat/v1/embeddings", "{\"model\":\"local-embed\",\"input\":\"x\"}", null);

        assertThat(chat.statusCode()).isEqualTo(200);
        assertThat(SimClient.json(chat).get("usage").get("total_tokens").asLong())
                .isEqualTo(12);
        assertThat(embed.statusCode()).isEqualTo(200);
        assertThat(SimClient.json(embed).get("data")).hasSize(1);
    }

    @Test
    void shouldAnswerOpenAiErrorsUnderTheCompatPrefix() throws Exception {
        HttpResponse<String> unauthorized = new SimClient(SIM.simulator())
                .post("/compat/v1/chat/completions", SimClient.chatBody("local-llama", "x"), null);
        HttpResponse<String> unknown = new SimClient(SIM.simulator()).post("/compat/v1/completions", "{}", null);

        assertThat(unauthorized.statusCode()).isEqualTo(401);
        JsonNode error = SimClient.json(unauthorized).get("error");
        assertThat(error.get("code").asText()).isEqualTo("invalid_api_key");
        assertThat(unknown.statusCode()).isEqualTo(404);
    }
}
