package dev.roocode.api.admin.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roocode.api.admin.RouteAdmin;
import dev.roocode.api.admin.console.BatchPages.BatchRow;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
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
                output == null,
                CREATED,
                null,
                Map.of(),
                output == null);
    }

    private static BatchRow running(long total, long done, Instant inProgressAt) {
        return new BatchRow(
                "batch_1",
                "acme",
                "/v1/chat/completions",
                "in_progress",
                total,
                done,
                0,
                CREATED,
                null,
                "file-in",
                null,
                null,
                List.of(),
                true,
                inProgressAt,
                null,
                Map.of(),
                true);
    }

    private static Sessions.Session session() {
        return new Sessions(Clock.systemUTC()).anonymous();
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
        String running = BatchPages.detail(session(), row("in_progress", 2, 1, 0, null, null), CREATED)
                .html();
        String done = BatchPages.detail(session(), row("completed", 2, 1, 1, "file-o", "file-e"), CREATED)
                .html();

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
                false,
                null,
                null,
                Map.of(),
                false);

        assertThat(errors).containsExactly("line 3: <b>dup</b> custom_id", "no lines");
        assertThat(BatchPages.detail(session(), failed, CREATED).html())
                .contains("<li>line 3: &lt;b&gt;dup&lt;/b&gt; custom_id</li>")
                .contains("(none)");
        assertThat(Console.errorLines(null)).isEmpty();
    }

    @Test
    void shouldEstimateTheFinishFromTheRateSinceTheBatchWentInProgress() {
        Instant started = CREATED.plusSeconds(10);
        Instant now = started.plusSeconds(60);

        // 25 of 100 lines in 60 s: 75 more take 180 s
        assertThat(running(100, 25, started).eta(now)).isEqualTo(now.plusSeconds(180));
        assertThat(BatchPages.eta(running(100, 25, started), now)).isEqualTo("in 3m 0s (2026-12-07 12:04:10 UTC)");
    }

    @Test
    void shouldShowNoEtaUntilThereIsARateOrOnceTheBatchIsDone() {
        Instant now = CREATED.plusSeconds(60);

        assertThat(running(100, 0, CREATED).eta(now)).isNull();
        assertThat(running(100, 10, null).eta(now)).isNull();
        assertThat(row("completed", 2, 2, 0, "file-o", null).eta(now)).isNull();
        assertThat(BatchPages.eta(running(100, 0, CREATED), now)).isEqualTo("-");
        assertThat(BatchPages.detail(session(), running(100, 0, CREATED), now).html())
                .contains("<td id=\"eta\">-</td>")
                .contains("<td id=\"cost\">-</td>")
                .contains("<td id=\"tokens\">-</td>");
    }

    @Test
    void shouldShowTheBatchsCostTokensAndFailuresByReasonAsText() {
        BatchRow b = new BatchRow(
                "batch_1",
                "acme",
                "/v1/chat/completions",
                "completed",
                5,
                2,
                3,
                CREATED,
                CREATED.plusSeconds(5),
                "file-in",
                "file-o",
                "file-e",
                List.of(),
                false,
                CREATED,
                new MetricsHistory.BatchSpend(0.0123, 0, 1200, 340),
                new java.util.LinkedHashMap<>(Map.of("rate_limited", 2L, "<b>x</b>", 1L)),
                false);

        String html = BatchPages.detail(session(), b, CREATED.plusSeconds(9)).html();

        assertThat(html)
                .contains("<td id=\"cost\">$0.0123</td>")
                .contains("<td id=\"tokens\">1200 in, 340 out</td>")
                .contains("<h2>Failures by reason</h2>")
                .contains("<tr><td>rate_limited</td><td>2</td></tr>")
                .contains("<tr><td>&lt;b&gt;x&lt;/b&gt;</td><td>1</td></tr>")
                .doesNotContain("cancel-batch");
        assertThat(BatchPages.cost(new MetricsHistory.BatchSpend(1.5, 0.25, 1, 1)))
                .isEqualTo("$1.5000 (+ $0.2500 in flight)");
    }

    @Test
    void shouldOfferCancelWithTheSessionsCsrfTokenOnlyWhileTheBatchCanBeCancelled() {
        Sessions.Session session = session();

        assertThat(BatchPages.detail(session, running(10, 1, CREATED), CREATED).html())
                .contains("action=\"/console/batches/batch_1/cancel\"")
                .contains("name=\"_csrf\" value=\"" + session.csrf + "\"")
                .contains("id=\"cancel-batch\"");
        assertThat(BatchPages.detail(session, row("completed", 2, 2, 0, "file-o", null), CREATED)
                        .html())
                .doesNotContain("cancel-batch");
    }
}
