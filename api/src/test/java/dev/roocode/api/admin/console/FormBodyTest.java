package dev.roocode.api.admin.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class FormBodyTest {
    @Test
    void shouldDecodeFieldsAndKeepTheFirstOfARepeatedName() {
        var form = FormBody.parse("name=a+b&models=m1%0Am2&_csrf=t&name=other&empty=".getBytes(StandardCharsets.UTF_8));

        assertThat(form)
                .containsEntry("name", "a b")
                .containsEntry("models", "m1\nm2")
                .containsEntry("empty", "");
    }

    @Test
    void shouldLeaveOutAFieldWithAMalformedEscape() {
        assertThat(FormBody.parse("a=%zz&b=1".getBytes(StandardCharsets.UTF_8)))
                .doesNotContainKey("a")
                .containsEntry("b", "1");
    }
}
