package dev.roocode.api.chat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roocode.api.http.ApiException;
import dev.roocode.api.http.Exchanges;
import dev.roocode.sandbox.junit.SpecSchemas;
import dev.roocode.schemas.avro.ErrorClass;
import dev.roocode.schemas.avro.ErrorInfo;
import dev.roocode.schemas.avro.JobKind;
import dev.roocode.schemas.avro.Result;
import dev.roocode.schemas.avro.ResultStatus;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ResultErrorsTest {
    static Result failed(ErrorClass errorClass, String message) {
        Instant now = Instant.parse("2026-12-07T06:00:00Z");
        return Result.newBuilder()
                .setRequestId("api-1")
                .setStatus(ResultStatus.FAILED)
                .setKind(JobKind.CHAT)
                .setError(ErrorInfo.newBuilder()
                        .setErrorClass(errorClass)
                        .setMessage(message)
                        .setHttpStatus(418)
                        .build())
                .setSubmittedAt(now)
                .setCompletedAt(now)
                .setLatencyMs(0)
                .build();
    }

    @ParameterizedTest
    @CsvSource({
        "BAD_REQUEST, 400, invalid_request_error,",
        "INVALID_JOB, 400, invalid_request_error,",
        "CONTEXT_LENGTH, 400, invalid_request_error, context_length_exceeded",
        "CONTENT_POLICY, 400, invalid_request_error, content_policy_violation",
        "NO_ROUTE, 404, invalid_request_error, model_not_found",
        "NOT_FOUND, 404, invalid_request_error, model_not_found",
        "RATE_LIMITED, 429, requests, rate_limit_exceeded",
        "BUDGET_EXCEEDED, 429, insufficient_quota, insufficient_quota",
        "TIMEOUT, 504, timeout, timeout",
        "DEADLINE_EXCEEDED, 504, timeout, timeout",
        "PROVIDER_UNAVAILABLE, 503, server_error, service_unavailable",
        "NETWORK, 503, server_error, service_unavailable",
        "PROVIDER_ERROR, 502, server_error, bad_gateway",
        "INVALID_RESPONSE, 502, server_error, bad_gateway",
        "AUTHENTICATION, 502, server_error, bad_gateway",
        "CANCELLED, 500, server_error,"
    })
    void shouldAnswerAFailedResultWithOpenAisStatusForItsErrorClass(
            ErrorClass errorClass, int status, String type, String code) {
        ApiException e = ResultErrors.of(failed(errorClass, "what went wrong\n  in detail"));
        assertThat(e.status()).isEqualTo(status);
        assertThat(e.type()).isEqualTo(type);
        assertThat(e.code()).isEqualTo(code);
        assertThat(e.getMessage()).isEqualTo("what went wrong in detail");
        assertThat(SpecSchemas.violations("openai-openapi.yaml", "ErrorResponse", Exchanges.errorBody(e)))
                .isEmpty();
    }

    @Test
    void shouldNeverAnswerAProvidersAuthenticationFailureAs401() {
        // a 401 would make the caller's SDK report the caller's own key as wrong
        assertThat(ResultErrors.of(failed(ErrorClass.AUTHENTICATION, "bad provider key"))
                        .status())
                .isNotEqualTo(401);
        assertThat(ResultErrors.of(failed(ErrorClass.PERMISSION, "no access")).status())
                .isNotEqualTo(403);
    }

    @Test
    void shouldRetryARateLimitAfterASecond() {
        assertThat(ResultErrors.of(failed(ErrorClass.RATE_LIMITED, "slow down")).retryAfterSeconds())
                .isEqualTo(1L);
    }
}
