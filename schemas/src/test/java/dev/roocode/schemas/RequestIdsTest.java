package dev.roocode.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RequestIdsTest {
    private static String id(String key) {
        return RequestIds.ofKey(key.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void shouldReadPrintableKeysAsTheyAre() {
        assertThat(id("batch-7/line-42")).isEqualTo("batch-7/line-42");
        assertThat(id(" padded ")).isEqualTo(" padded ");
        assertThat(id("données-é")).isEqualTo("données-é");
        assertThat(id("b/🚀-1")).isEqualTo("b/🚀-1");
    }

    @Test
    void shouldRefuseKeysThatCannotBeARequestId() {
        assertThat(RequestIds.ofKey(null)).isNull();
        assertThat(id("")).isNull();
        assertThat(id("   ")).isNull();
        assertThat(id("tab\there")).isNull();
        assertThat(id("del\u007f")).isNull();
        assertThat(id("x".repeat(513))).isNull();
        assertThat(id("x".repeat(512))).hasSize(512);
        assertThat(id("é\u0085")).as("a C1 control after a non-ASCII character").isNull();
        assertThat(id("\u2003\u2003")).as("blank beyond ASCII").isNull();
        assertThat(RequestIds.ofKey(new byte[] {(byte) 0xc3, (byte) 0x28}))
                .as("not UTF-8")
                .isNull();
    }

    @Test
    void shouldNameWhatIsWrongWithAnIdByTheSameRuleAsTheKeyReader() {
        assertThat(RequestIds.problem("b/ok-1")).isNull();
        assertThat(RequestIds.problem("b/🚀")).isNull();
        assertThat(RequestIds.problem("")).isEqualTo("is empty");
        assertThat(RequestIds.problem(" \u2003")).isEqualTo("is blank");
        assertThat(RequestIds.problem("b/a\tb")).isEqualTo("has a control character (a tab) at position 4");
        assertThat(RequestIds.problem("b/\u0085")).isEqualTo("has a control character (U+0085) at position 3");
        assertThat(RequestIds.problem("b/\ud83d")).isEqualTo("has an unpaired surrogate (\\ud83d) at position 3");
        assertThat(RequestIds.problem("é".repeat(257))).isEqualTo("is 514 bytes in UTF-8, longer than 512");
        assertThat(RequestIds.problem("é".repeat(256))).isNull();
        for (String id : new String[] {"b/ok", "b/a\tb", "é".repeat(257), "é".repeat(256), " ", "b/🚀"}) {
            assertThat(RequestIds.problem(id) == null).as(id).isEqualTo(id(id) != null);
        }
    }

    @Test
    void shouldSendAnAsciiSafeHeaderValueThatReadsBackAsTheId() {
        assertThat(RequestIds.toHeaderValue("batch_1/line-42")).isEqualTo("batch_1/line-42");
        assertThat(RequestIds.toHeaderValue("b/🚀")).isEqualTo("b/%F0%9F%9A%80");
        assertThat(RequestIds.toHeaderValue("b/é x%")).isEqualTo("b/%C3%A9%20x%25");
        for (String id : new String[] {"b/🚀", "b/é x%", "b/100%25", "plain"}) {
            assertThat(RequestIds.toHeaderValue(id)).matches("[\\x21-\\x7e]+");
            assertThat(RequestIds.fromHeaderValue(RequestIds.toHeaderValue(id))).isEqualTo(id);
        }
        assertThat(RequestIds.fromHeaderValue("no-escapes")).isEqualTo("no-escapes");
        assertThat(RequestIds.fromHeaderValue(null)).isNull();
    }
}
