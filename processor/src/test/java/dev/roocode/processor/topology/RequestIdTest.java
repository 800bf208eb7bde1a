package dev.roocode.processor.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RequestIdTest {
    private static String id(String key) {
        return RequestProcessor.requestIdOf(key.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void shouldReadPrintableKeysAsTheyAre() {
        assertThat(id("batch-7/line-42")).isEqualTo("batch-7/line-42");
        assertThat(id(" padded ")).isEqualTo(" padded ");
        assertThat(id("données-é")).isEqualTo("données-é");
    }

    @Test
    void shouldRefuseKeysThatCannotBeARequestId() {
        assertThat(RequestProcessor.requestIdOf(null)).isNull();
        assertThat(id("")).isNull();
        assertThat(id("   ")).isNull();
        assertThat(id("tab\there")).isNull();
        assertThat(id("del\u007f")).isNull();
        assertThat(id("x".repeat(513))).isNull();
        assertThat(id("x".repeat(512))).hasSize(512);
        assertThat(id("é\u0085")).as("a C1 control after a non-ASCII character").isNull();
        assertThat(id("\u2003\u2003")).as("blank beyond ASCII").isNull();
        assertThat(RequestProcessor.requestIdOf(new byte[] {(byte) 0xc3, (byte) 0x28})).as("not UTF-8").isNull();
    }
}
