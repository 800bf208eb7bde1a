package dev.roocode.processor.finalizer;

import dev.roocode.processor.router.Offers;
import dev.roocode.processor.topology.ProcessorSettings;
import dev.roocode.processor.topology.RequestProcessor;
import dev.roocode.processor.topology.RequestState;
import dev.roocode.processor.topology.TaskLedgers;
import dev.roocode.schemas.avro.AttemptRecord;
import dev.roocode.schemas.avro.AttemptSucceeded;
import dev.roocode.schemas.avro.Job;
import dev.roocode.schemas.avro.ProviderConfig;
import dev.roocode.schemas.avro.Usage;
import dev.roocode.schemas.serde.AvroSerde;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finalizes a successful attempt: the first success for a requestId becomes its SUCCEEDED Result
 * with the cost from actual usage; any later one (a worker repeating calls after a crash) is dropped.
 */
public final class OutcomeProcessor extends RequestProcessor {
    private static final Logger log = LoggerFactory.getLogger(OutcomeProcessor.class);

    private final AvroSerde<AttemptSucceeded> outcomes;

    public OutcomeProcessor(ProcessorSettings settings, TaskLedgers ledgers) {
        super(settings, ledgers);
        this.outcomes = settings.topics().outcomes().valueSerde(settings.registry());
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        AttemptSucceeded success;
        try {
            success = outcomes.deserialize(settings.topics().outcomes().name(), record.value());
        } catch (SerializationException e) {
            reject(record, requestIdOf(record.key()), "undecodable outcome: " + e.getMessage(), false);
            return;
        }
        if (success == null) {
            reject(record, requestIdOf(record.key()), "empty outcome record (null value)", false);
            return;
        }
        Job job = success.getDispatched().getJob();
        RequestState state = requests.get(job.getRequestId());
        if (state != null && state.done()) {
            log.debug("Dropping repeated outcome of finished job {}", job.getRequestId());
            return;
        }
        AttemptRecord attempt = success.getAttempt();
        Usage usage = success.getOutput().getUsage();
        double cost = costOf(job, attempt.getProvider(), usage);
        List<AttemptRecord> attempts = new ArrayList<>(success.getDispatched().getHistory());
        attempts.add(attempt);
        long estimated = success.getDispatched().getAssignment().getEstimatedInputTokens();
        emitUsage(job, attempt, usage.getInputTokens(), usage.getOutputTokens(), cost, estimated > 0 ? estimated : null);
        finish(job, Results.succeeded(job, attempt.getProvider(), attempt.getProviderModel(), success.getOutput(), cost, attempts, now()),
                state);
    }

    private double costOf(Job job, String providerName, Usage usage) {
        ProviderConfig provider = provider(providerName);
        if (provider == null) {
            return 0;
        }
        return Offers.find(provider, routeOf(job).model(), job.getKind())
                .map(offer -> Offers.costUsd(offer, usage.getInputTokens(), usage.getOutputTokens()))
                .orElse(0d);
    }
}
