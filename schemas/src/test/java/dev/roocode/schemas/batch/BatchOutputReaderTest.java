package dev.roocode.schemas.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.api.Test;

class BatchOutputReaderTest {
    private static final String OK = "{\"id\":\"batch_req_1\",\"custom_id\":\"a\",\"response\":{\"status_code\":200,"
            + "\"request_id\":\"r\",\"body\":{\"object\":\"list\"}},\"error\":null}";
    private static final String INT_CODE = "{\"id\":\"batch_req_2\",\"custom_id\":\"b\",\"response\":null,"
            + "\"error\":{\"message\":\"boom\",\"code\":500}}";

    @Test
    void shouldAcceptAnIntegerErrorCodeCrLfBlankLinesAndNoFinalNewline() throws Exception {
        List<BatchOutputLine> lines = BatchOutputReader.read(new StringReader(OK + "\r\n\r\n" + INT_CODE));

        assertThat(lines).extracting(BatchOutputLine::customId).containsExactly("a", "b");
        assertThat(lines.get(0).succeeded()).isTrue();
        assertThat(lines.get(1).error()).isEqualTo(new BatchOutputLine.Error("500", "boom"));
    }

    @Test
    void shouldTreatANon2xxResponseAsNotSucceeded() {
        BatchOutputLine line = BatchOutputReader.parse(OK.replace("200", "429"));
        assertThat(line.succeeded()).isFalse();
        assertThat(line.response().statusCode()).isEqualTo(429);
    }

    @Test
    void shouldNameTheLineThatIsNotJson() {
        assertThatThrownBy(() -> BatchOutputReader.read(new StringReader(OK + "\n{\"id\": ")))
                .isInstanceOf(BatchFormatException.class)
                .hasMessageStartingWith("output line 2 is not valid JSON")
                .message()
                .doesNotContain("\n");
    }

    @Test
    void shouldRejectALineWithNeitherResponseNorError() {
        assertThatThrownBy(() ->
                        BatchOutputReader.parse("{\"id\":\"x\",\"custom_id\":\"c\",\"response\":null,\"error\":null}"))
                .isInstanceOf(BatchFormatException.class)
                .hasMessage("output line has neither a response nor an error");
    }

    @Test
    void shouldReadRoocodesExtensionAndNothingFromALineWithout() {
        String served = OK.replace(
                ",\"error\":null}",
                ",\"error\":null,\"roocode\":{\"served_by\":\"vllm-a\",\"model\":\"llama-3-8b\","
                        + "\"attempts\":3,\"fell_back\":true}}");

        assertThat(BatchOutputReader.parse(served).served())
                .isEqualTo(new BatchOutputLine.Served("vllm-a", "llama-3-8b", 3, true));
        assertThat(BatchOutputReader.parse(OK).served()).isNull();
    }
}
