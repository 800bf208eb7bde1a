package dev.roocode.api.batches;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FailureReasonsTest {
    private static final String HTTP_429 =
            "{\"id\":\"batch_req_1\",\"custom_id\":\"a\",\"response\":{\"status_code\":429,"
                    + "\"request_id\":\"r\",\"body\":{\"error\":{\"message\":\"slow down\",\"type\":\"rate_limit_error\","
                    + "\"param\":null,\"code\":\"rate_limited\"}}},\"error\":null}";
    private static final String NO_ANSWER = "{\"id\":\"batch_req_2\",\"custom_id\":\"b\",\"response\":null,"
            + "\"error\":{\"code\":\"batch_expired\",\"message\":\"late\"}}";
    private static final String TYPE_ONLY = "{\"custom_id\":\"c\",\"response\":{\"status_code\":500,"
            + "\"body\":{\"error\":{\"message\":\"boom\",\"type\":\"server_error\",\"code\":null}}},\"error\":null}";

    @Test
    void shouldTakeTheReasonFromTheErrorCodeOrTheResponsesErrorCodeOrType() {
        assertThat(FailureReasons.reason(HTTP_429)).isEqualTo("rate_limited");
        assertThat(FailureReasons.reason(NO_ANSWER)).isEqualTo("batch_expired");
        assertThat(FailureReasons.reason(TYPE_ONLY)).isEqualTo("server_error");
        assertThat(FailureReasons.reason("{\"custom_id\":\"d\"}")).isEqualTo("unknown");
        assertThat(FailureReasons.reason("not json {")).isEqualTo("unreadable");
        assertThat(FailureReasons.reason("[1]")).isEqualTo("unreadable");
    }

    @Test
    void shouldCountLinesByReasonMostFrequentFirstSkippingBlankLines() {
        Map<String, Long> counts =
                FailureReasons.count(List.of(NO_ANSWER, HTTP_429, "", HTTP_429, TYPE_ONLY, NO_ANSWER, HTTP_429));

        assertThat(counts)
                .containsExactly(
                        Map.entry("rate_limited", 3L), Map.entry("batch_expired", 2L), Map.entry("server_error", 1L));
    }
}
