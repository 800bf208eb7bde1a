package dev.roocode.processor.finalizer;

import dev.roocode.processor.requests.Emit;
import dev.roocode.processor.requests.ProcessorSettings;
import dev.roocode.processor.requests.RequestState;
import dev.roocode.processor.requests.Requests;
import dev.roocode.processor.requests.Results;
import dev.roocode.processor.router.BatchCandidates;
import dev.roocode.processor.router.Offers;
import dev.roocode.schemas.avro.AttemptRecord;
import dev.roocode.schemas.avro.AttemptSucceeded;
import dev.roocode.schemas.avro.Job;
import dev.roocode.schemas.avro.ProviderConfig;
import dev.roocode.schemas.avro.Usage;
import dev.roocode.schemas.serde.AvroSerde;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finalizes a successful attempt: the first success for a requestId becomes its SUCCEEDED Result
 * with the cost from actual usage; any later one (a worker repeating calls after a crash) is dropped.
 */
public final class OutcomeProcessor implements Processor<byte[], byte[], String, Emit> {
    private static final Logger log = LoggerFactory.getLogger(OutcomeProcessor.class);

    private final ProcessorSettings settings;
    private final AvroSerde<AttemptSucceeded> outcomes;
    /** The task's request store, dispatch and finish. */
    private final Requests requests;

    public OutcomeProcessor(ProcessorSettings settings, Requests requests) {
        this.settings = settings;
        this.outcomes = settings.topics().outcomes().valueSerde(settings.registry());
        this.requests = requests;
    }

    @Override
    public void init(ProcessorContext<String, Emit> context) {
        requests.init(context);
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        requests.beginRecord(record.headers(), Requests.requestIdOf(record.key()));
        try {
            processRecord(record);
        } finally {
            requests.endRecord();
        }
    }

    private void processRecord(Record<byte[], byte[]> record) {
        AttemptSucceeded success;
        try {
            success = outcomes.deserialize(settings.topics().outcomes().name(), record.value());
        } catch (SerializationException e) {
            requests.reject(
                    record, Requests.requestIdOf(record.key()), "undecodable outcome: " + e.getMessage(), false);
            return;
        }
        if (success == null) {
            requests.reject(record, Requests.requestIdOf(record.key()), "empty outcome record (null value)", false);
            return;
        }
        Job job = success.getDispatched().getJob();
        requests.logJob(job, success.getAttempt().getProvider());
        RequestState state = requests.store().get(job.getRequestId());
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
        requests.emitUsage(
                job, attempt, usage.getInputTokens(), usage.getOutputTokens(), cost, estimated > 0 ? estimated : null);
        requests.finish(
                job,
                Results.succeeded(
                        job,
                        attempt.getProvider(),
                        attempt.getProviderModel(),
                        success.getOutput(),
                        cost,
                        attempts,
                        requests.now()),
                state);
    }

    /** The attempt's cost at the offer's prices; a batch candidate's ({@code <provider>:batch}) at its discount. */
    private double costOf(Job job, String providerName, Usage usage) {
        ProviderConfig provider = requests.provider(BatchCandidates.providerOf(providerName));
        if (provider == null) {
            return 0;
        }
        double factor = BatchCandidates.priceFactor(provider, providerName);
        return Offers.find(provider, requests.routeOf(job).model(), job.getKind())
                .map(offer -> Offers.costUsd(offer, usage.getInputTokens(), usage.getOutputTokens()) * factor)
                .orElse(0d);
    }
}
