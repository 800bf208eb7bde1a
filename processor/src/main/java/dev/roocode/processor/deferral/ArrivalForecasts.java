package dev.roocode.processor.deferral;

import dev.roocode.processor.router.ArrivalForecast;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The recent arrivals with a deadline of each logical model, by slack, recorded by every task's
 * intake of this process: a job counts the jobs forecast to arrive due before it as queued ahead of
 * it. One per topology.
 */
public final class ArrivalForecasts {
    /** logical model → its {@link ArrivalForecast}. */
    private final Map<String, ArrivalForecast> arrivals = new ConcurrentHashMap<>();

    /**
     * Counts a job of {@code model} arriving at {@code nowMs}, due {@code slackMs} later: line {@code line} of
     * batch {@code batchId} of {@code batchSize} jobs (each null when not known).
     */
    public void arrived(String model, long nowMs, long slackMs, String batchId, Long batchSize, Long line) {
        arrivals.computeIfAbsent(model, m -> new ArrivalForecast()).arrived(nowMs, slackMs, batchId, batchSize, line);
    }

    /** Jobs of {@code model} expected to arrive after {@code nowMs} and be due before {@code deadlineMs} ({@link ArrivalForecast}). */
    public long expectedBefore(String model, long nowMs, long deadlineMs) {
        ArrivalForecast forecast = arrivals.get(model);
        return forecast == null ? 0 : forecast.expectedBefore(nowMs, deadlineMs);
    }
}
