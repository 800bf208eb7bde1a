package dev.roocode.api.chat;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class Base64EmbeddingsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void shouldAskForFloatsAndAnswerLittleEndianFloat32AsTheSdksDecodeIt() throws Exception {
        ObjectNode request =
                (ObjectNode) JSON.readTree("{\"model\":\"m\",\"input\":\"hi\",\"encoding_format\":\"base64\"}");
        assertThat(Base64Embeddings.takeRequest(request)).isTrue();
        assertThat(request.has("encoding_format")).isFalse();
        assertThat(Base64Embeddings.takeRequest(
                        (ObjectNode) JSON.readTree("{\"model\":\"m\",\"encoding_format\":\"float\"}")))
                .isFalse();

        ObjectNode answer = Base64Embeddings.encode((ObjectNode)
                JSON.readTree("{\"object\":\"list\",\"model\":\"m\",\"usage\":{\"prompt_tokens\":1,\"total_tokens\":1},"
                        + "\"data\":[{\"object\":\"embedding\",\"index\":0,\"embedding\":[0.5,-1.25]}]}"));
        ByteBuffer decoded = ByteBuffer.wrap(Base64.getDecoder()
                        .decode(answer.at("/data/0/embedding").asText()))
                .order(ByteOrder.LITTLE_ENDIAN);
        assertThat(decoded.getFloat()).isEqualTo(0.5f);
        assertThat(decoded.getFloat()).isEqualTo(-1.25f);
        assertThat(decoded.hasRemaining()).isFalse();
        // OpenAI's schema types embedding as an array only (its base64 answer is undocumented there), so the
        // spec check is of the float answer (SyncBodiesSpecTest); the SDK IT decodes this one
        assertThat(answer.at("/data/0/object").asText()).isEqualTo("embedding");
    }
}
