package dev.roocode.api.admin.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class HtmlTest {
    @Test
    void shouldEscapeEveryCharacterThatEndsTextOrAnAttribute() {
        assertThat(Html.escape("<script>alert('x')</script> & \"q\""))
                .isEqualTo("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;");
        assertThat(Html.escape(null)).isEmpty();
    }

    @Test
    void shouldEscapeArgumentsButNotTheTemplateOrSafeFragments() {
        Html.Safe inner = Html.format("<b>{}</b>", "<i>");
        Html.Safe outer = Html.format("<p title=\"{}\">{} {}</p>", "\"><script>", inner, 42);

        assertThat(outer.html()).isEqualTo("<p title=\"&quot;&gt;&lt;script&gt;\"><b>&lt;i&gt;</b> 42</p>");
    }

    @Test
    void shouldRefuseATemplateWhoseArgumentsDoNotMatch() {
        assertThatThrownBy(() -> Html.format("<p>{}</p>")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Html.format("<p></p>", "x")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldJoinSafeFragmentsAsTheyAre() {
        assertThat(Html.join(List.of(Html.format("<li>{}</li>", "a&b"), Html.format("<li>{}</li>", "c")))
                        .html())
                .isEqualTo("<li>a&amp;b</li><li>c</li>");
    }
}
