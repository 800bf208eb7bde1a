package dev.roocode.bench.routing;

import dev.roocode.schemas.avro.Credential;
import dev.roocode.schemas.avro.CredentialKind;
import dev.roocode.schemas.avro.JobKind;
import dev.roocode.schemas.avro.ModelOffer;
import dev.roocode.schemas.avro.ProviderConfig;
import dev.roocode.schemas.avro.ProviderLimits;
import dev.roocode.schemas.avro.ProviderStatus;
import java.util.List;

/**
 * One simulated provider of the benchmark: its prices, limits and latency. Every provider points at the one
 * simulator under its own model name ({@code sim-latency-<ms>-rpm-<n>-tpm-<n>}), so the simulator keeps a
 * rate-limit window per provider and enforces {@code rpm}/{@code tpm} as hard caps. The provider's in-flight
 * window is sized to that rate (window = rate × latency), so the worker itself drains at or below the caps
 * instead of bursting into the simulator's one-minute window and its 429s.
 *
 * <p>Per-call overhead (the worker holds a window slot until its offset is committed) makes the real drain
 * rate lower than the caps, by an amount that depends on the machine. The scenario measures it before the
 * cost phase and declares the measured rate as the provider's limits ({@link #calibrated}): the limits the
 * router plans with and the capacities the offline optimum gets are then what the provider really serves.
 *
 * @param name             provider name
 * @param inputUsdPerMTok  price of prompt tokens
 * @param outputUsdPerMTok price of completion tokens
 * @param rpm              the simulator's cap on requests per minute
 * @param tpm              the simulator's cap on tokens per minute (as the router estimates tokens)
 * @param latencyMs        the simulator's latency for this provider
 * @param measuredShare    the share of the caps the provider was measured to serve (1 before calibration): its
 *                         declared limits are the caps times this share
 */
public record SimProvider(
        String name,
        double inputUsdPerMTok,
        double outputUsdPerMTok,
        long rpm,
        long tpm,
        int latencyMs,
        double measuredShare) {

    /** A provider declared at its caps, before calibration. */
    public SimProvider(
            String name, double inputUsdPerMTok, double outputUsdPerMTok, long rpm, long tpm, int latencyMs) {
        this(name, inputUsdPerMTok, outputUsdPerMTok, rpm, tpm, latencyMs, 1.0);
    }

    /** This provider declared at {@code measuredJobsPerSecond}, its measured drain rate (never above the caps). */
    public SimProvider calibrated(double measuredJobsPerSecond, long tokensPerJob) {
        double share = Math.max(0.05, Math.min(1.0, measuredJobsPerSecond / capJobsPerSecond(tokensPerJob)));
        return new SimProvider(name, inputUsdPerMTok, outputUsdPerMTok, rpm, tpm, latencyMs, share);
    }

    /** Jobs per second the declared limits allow for jobs of {@code tokensPerJob} (router estimate). */
    public double jobsPerSecond(long tokensPerJob) {
        return Math.min(limitRpm() / 60.0, limitTpm() / 60.0 / tokensPerJob);
    }

    /** Jobs per second the simulator's caps allow. */
    public double capJobsPerSecond(long tokensPerJob) {
        return Math.min(rpm / 60.0, tpm / 60.0 / tokensPerJob);
    }

    /** The declared requests per minute. */
    public long limitRpm() {
        return Math.max(1, Math.round(rpm * measuredShare));
    }

    /** The declared tokens per minute. */
    public long limitTpm() {
        return Math.max(1, Math.round(tpm * measuredShare));
    }

    public String providerModel() {
        // the simulator's token count (characters / 4) is below the router's estimate, so its TPM cap is looser
        return "sim-latency-" + latencyMs + "-rpm-" + rpm + "-tpm-" + tpm;
    }

    public double usdPerJob(double promptTokens, double completionTokens) {
        return (promptTokens * inputUsdPerMTok + completionTokens * outputUsdPerMTok) / 1e6;
    }

    /** The in-flight window: the caps' rate times the latency. */
    public int window(long tokensPerJob) {
        return (int) Math.max(1, Math.floor(capJobsPerSecond(tokensPerJob) * latencyMs / 1000.0));
    }

    public ProviderConfig config(String endpoint, String model, long tokensPerJob) {
        return ProviderConfig.newBuilder()
                .setName(name)
                .setType("openai-compatible")
                .setStatus(ProviderStatus.ACTIVE)
                .setEndpoint(endpoint)
                .setCredential(
                        Credential.newBuilder().setKind(CredentialKind.NONE).build())
                .setOffers(List.of(ModelOffer.newBuilder()
                        .setModel(model)
                        .setProviderModel(providerModel())
                        .setKind(JobKind.CHAT)
                        .setInputUsdPerMTok(inputUsdPerMTok)
                        .setOutputUsdPerMTok(outputUsdPerMTok)
                        .build()))
                .setLimits(ProviderLimits.newBuilder()
                        .setRpm(limitRpm())
                        .setTpm(limitTpm())
                        .setMaxConcurrency(window(tokensPerJob))
                        .build())
                .setTimeoutMs(60_000)
                .setVersion(System.currentTimeMillis())
                .build();
    }
}
