package dev.roocode.api.admin.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roocode.api.admin.RouteAdmin;
import dev.roocode.api.admin.console.BatchPages.BatchRow;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class BatchPagesTest {
    private static final Instant CREATED = Instant.parse("2026-12-07T12:00:00Z");

    private static BatchRow row(String status, long total, long completed, long failed, String output, String error) {
        return new BatchRow(
                "batch_1",
                "acme",
                "/v1/chat/completions",
                status,
                total,
                completed,
                failed,
                CREATED,
                output == null ? null : CREATED.plusSeconds(5),
                "file-in",
                output,
                error,
                List.of(),
                output == null);
    }

    @Test
    void shouldCountCompletedAndFailedLinesAsProgress() {
        assertThat(row("in_progress", 4, 1, 1, null, null).percent()).isEqualTo(50);
        assertThat(row("in_progress", 3, 1, 0, null, null).percent()).isEqualTo(33);
        assertThat(row("completed", 3, 2, 1, "file-o", "file-e").percent()).isEqualTo(100);
        assertThat(row("validating", 0, 0, 0, null, null).percent()).isZero();
    }

    @Test
    void shouldDrawProgressWithoutAnInlineStyleSinceTheCspForbidsThem() {
        String html =
                BatchPages.progress(row("in_progress", 4, 3, 0, null, null)).html();

        assertThat(html)
                .contains("<progress max=\"100\" value=\"75\"></progress>")
                .contains("75%");
        assertThat(html).doesNotContain("style");
    }

    @Test
    void shouldLinkTheOutputAndErrorFilesOnlyOnceTheyExist() {
        String running =
                BatchPages.detail(row("in_progress", 2, 1, 0, null, null)).html();
        String done =
                BatchPages.detail(row("completed", 2, 1, 1, "file-o", "file-e")).html();

        assertThat(running).doesNotContain("/output").doesNotContain("/errors");
        assertThat(done)
                .contains("href=\"/console/batches/batch_1/output\"")
                .contains("href=\"/console/batches/batch_1/errors\"")
                .contains("2026-12-07 12:00:05 UTC");
    }

    @Test
    void shouldShowAQuoteAsTheCommandsTextWithItsProblem() {
        Sessions.Session session = new Sessions(Clock.systemUTC()).anonymous();
        String quoted = BatchPages.quote(
                        session,
                        "26h",
                        new RouteAdmin.Quote("Quote for <x>.jsonl: 2 jobs\n", "1 job(s) would be rejected"))
                .html();

        assertThat(quoted)
                .contains("<pre id=\"quote-text\">Quote for &lt;x&gt;.jsonl: 2 jobs\n</pre>")
                .contains("<p class=\"error\" id=\"quote-problem\">1 job(s) would be rejected</p>")
                .contains("name=\"deadline\" type=\"text\" value=\"26h\"")
                .contains("name=\"_csrf\" value=\"" + session.csrf + "\"");
        assertThat(BatchPages.quote(session, null, null).html()).doesNotContain("quote-text");
    }

    @Test
    void shouldShowTheValidationErrorsOfAFailedBatchAsText() {
        List<String> errors = Console.errorLines("{\"object\":\"list\",\"data\":[{\"code\":\"duplicate_custom_id\","
                + "\"message\":\"<b>dup</b> custom_id\",\"param\":null,\"line\":3},{\"message\":\"no lines\"}]}");
        BatchRow failed = new BatchRow(
                "batch_2",
                null,
                "/v1/embeddings",
                "failed",
                0,
                0,
                0,
                CREATED,
                CREATED,
                "file-in",
                null,
                null,
                errors,
                false);

        assertThat(errors).containsExactly("line 3: <b>dup</b> custom_id", "no lines");
        assertThat(BatchPages.detail(failed).html())
                .contains("<li>line 3: &lt;b&gt;dup&lt;/b&gt; custom_id</li>")
                .contains("(none)");
        assertThat(Console.errorLines(null)).isEmpty();
    }
}
