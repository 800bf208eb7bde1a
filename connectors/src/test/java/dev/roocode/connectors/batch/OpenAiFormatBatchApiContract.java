package dev.roocode.connectors.batch;

import static dev.roocode.connectors.TestJobs.chatJob;
import static dev.roocode.connectors.TestJobs.dispatched;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.roocode.connectors.provider.ProviderException;
import dev.roocode.sandbox.simulator.ProviderSimulator;
import dev.roocode.sandbox.simulator.batch.BatchSettings;
import dev.roocode.sandbox.simulator.batch.SimBatches;
import dev.roocode.schemas.avro.ErrorClass;
import dev.roocode.schemas.avro.ProviderConfig;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every OpenAI-format batch API must do against the provider simulator: submit and poll to the end,
 * results with failed lines, expiry, cancellation, find after a restart (a new client instance), a result
 * file with a line never sent and a missing line, an upload that fails, a create that times out after the
 * provider accepted it. Each type's IT extends it with its provider config.
 */
abstract class OpenAiFormatBatchApiContract {

    static final String KEY = "sk-batch-secret-key";
    static final Duration TURNAROUND = Duration.ofHours(2);

    final TestClock clock = new TestClock();
    final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    ProviderSimulator simulator;

    /** The type's provider config pointing at {@code url}. */
    abstract ProviderConfig config(String url, long timeoutMs);

    @BeforeEach
    void start() {
        simulator = ProviderSimulator.builder()
                .apiKey(KEY)
                .clock(clock)
                .batchSettings(BatchSettings.DEFAULTS.withTurnaround(TURNAROUND))
                .build()
                .start();
    }

    @AfterEach
    void stop() {
        simulator.close();
    }

    ProviderBatchApi api() {
        return api(KEY, 5_000);
    }

    ProviderBatchApi api(String key, long timeoutMs) {
        return ProviderBatchApis.create(config(simulator.url(), timeoutMs), key, http);
    }

    static List<BatchLine> lines(String model, int count) {
        List<BatchLine> lines = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            lines.add(new BatchLine(
                    "line-" + i, dispatched(chatJob("job-" + i, "question " + i).build(), "p", model)));
        }
        return lines;
    }

    @Test
    void shouldRunABatchToCompletedAndMapEveryLineIncludingTheFailedOnes() {
        simulator
                .batches()
                .settings(BatchSettings.DEFAULTS.withTurnaround(TURNAROUND).withFailedFraction(0.25));
        ProviderBatchApi api = api();

        ProviderBatchRef batch = api.submit("group-1", lines("gpt-4o-mini", 4));
        assertThat(api.status(batch).state().ended()).isFalse();
        clock.advance(TURNAROUND);
        ProviderBatchStatus status = api.status(batch);
        Map<String, LineOutcome> results = api.results(batch);

        assertThat(status.state()).isEqualTo(ProviderBatchStatus.State.COMPLETED);
        assertThat(status.completed()).isEqualTo(3);
        assertThat(status.failed()).isEqualTo(1);
        assertThat(status.expiresAt()).isEqualTo(TestClock.START.plus(Duration.ofHours(24)));
        assertThat(results).containsOnlyKeys("line-0", "line-1", "line-2", "line-3");
        assertThat(results.values())
                .filteredOn(LineOutcome.Succeeded.class::isInstance)
                .hasSize(3)
                .allSatisfy(o -> assertThat(((LineOutcome.Succeeded) o)
                                .output()
                                .getChoices()
                                .get(0)
                                .getMessage()
                                .getContent())
                        .startsWith("Simulated reply to: question"));
        assertThat(results.values())
                .filteredOn(LineOutcome.Failed.class::isInstance)
                .singleElement()
                .satisfies(o -> {
                    LineOutcome.Failed failed = (LineOutcome.Failed) o;
                    assertThat(failed.error().errorClass()).isEqualTo(ErrorClass.PROVIDER_ERROR);
                    assertThat(failed.error().httpStatus()).isEqualTo(500);
                    assertThat(failed.error().elsewhere()).isTrue();
                });
        assertThat(simulator.batches().duplicateCreations()).isZero();
    }

    @Test
    void shouldReportAnExpiredBatchWithItsOpenLinesFailedAsTimeouts() {
        simulator
                .batches()
                .settings(BatchSettings.DEFAULTS.withTurnaround(TURNAROUND).withExpiredFraction(0.5));
        ProviderBatchApi api = api();
        ProviderBatchRef batch = api.submit("group-exp", lines("gpt-4o-mini", 4));

        clock.advance(Duration.ofHours(24));

        assertThat(api.status(batch).state()).isEqualTo(ProviderBatchStatus.State.EXPIRED);
        Map<String, LineOutcome> results = api.results(batch);
        assertThat(results).hasSize(4);
        assertThat(results.values())
                .filteredOn(LineOutcome.Failed.class::isInstance)
                .hasSize(2)
                .allSatisfy(o -> {
                    assertThat(((LineOutcome.Failed) o).error().errorClass()).isEqualTo(ErrorClass.TIMEOUT);
                    assertThat(((LineOutcome.Failed) o).error().elsewhere()).isTrue();
                });
    }

    @Test
    void shouldCancelARunningBatchAndIgnoreACancelOfAnEndedOne() {
        ProviderBatchApi api = api();
        ProviderBatchRef batch = api.submit("group-cancel", lines("gpt-4o-mini", 2));

        api.cancel(batch);

        assertThat(api.status(batch).state()).isEqualTo(ProviderBatchStatus.State.CANCELLED);
        assertThat(api.results(batch).values())
                .hasSize(2)
                .allSatisfy(o -> assertThat(((LineOutcome.Failed) o).error().errorClass())
                        .isEqualTo(ErrorClass.PROVIDER_UNAVAILABLE));
        api.cancel(batch);
    }

    @Test
    void shouldFindAGroupsBatchFromANewClientBeyondTheFirstPageOfTheList() {
        ProviderBatchRef submitted = api().submit("group-find", lines("gpt-4o-mini", 1));
        for (int i = 0; i < 100; i++) {
            clock.advance(Duration.ofSeconds(1));
            api().submit("other-" + i, lines("gpt-4o-mini", 1));
        }

        ProviderBatchApi restarted = api();

        assertThat(restarted.find("group-find"))
                .hasValueSatisfying(found -> assertThat(found.id()).isEqualTo(submitted.id()));
        assertThat(restarted.find("group-never")).isEmpty();
        assertThat(simulator.batches().duplicateCreations()).isZero();
    }

    @Test
    void shouldReturnAStrayLineForTheCallerToIgnoreAndLeaveAMissingLineOut() {
        simulator.batches().resultFaults(new SimBatches.ResultFaults(1, 1));
        ProviderBatchApi api = api();
        ProviderBatchRef batch = api.submit("group-faults", lines("gpt-4o-mini", 3));
        clock.advance(TURNAROUND);

        Map<String, LineOutcome> results = api.results(batch);

        assertThat(results).hasSize(3).containsKey("stray-1");
        assertThat(results.keySet()).filteredOn(id -> id.startsWith("line-")).hasSize(2);
    }

    @Test
    void shouldThrowAClassifiedErrorWhenTheUploadFails() {
        assertThatThrownBy(() -> api().submit("group-down", lines("sim-down", 2)))
                .isInstanceOfSatisfying(
                        ProviderException.class,
                        e -> assertThat(e.errorClass()).isEqualTo(ErrorClass.PROVIDER_UNAVAILABLE));
        assertThat(simulator.batches().creations()).isZero();
    }

    @Test
    void shouldFindTheBatchWhoseCreateTimedOutAfterTheProviderAcceptedIt() {
        assertThatThrownBy(() -> api(KEY, 1_000).submit("group-slow", lines("sim-timeout", 1)))
                .isInstanceOfSatisfying(
                        ProviderException.class, e -> assertThat(e.errorClass()).isEqualTo(ErrorClass.TIMEOUT));

        assertThat(api().find("group-slow")).isPresent();
        assertThat(simulator.batches().creations()).isEqualTo(1);
    }

    @Test
    void shouldClassifyAWrongKeyWithoutEverShowingIt() {
        String wrong = "sk-wrong-secret-value";
        assertThatThrownBy(() -> api(wrong, 5_000).find("group-1"))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.errorClass()).isEqualTo(ErrorClass.AUTHENTICATION);
                    assertThat(e.getMessage()).doesNotContain(wrong).doesNotContain(KEY);
                });
    }

    /** A clock the tests move by hand; the simulator's batches read it. */
    static final class TestClock extends Clock {
        static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
        private volatile Instant now = START;

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
