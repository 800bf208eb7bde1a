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
 * One simulated provider of the benchmark: its prices, declared limits and latency. Every provider points at
 * the one simulator under its own model name ({@code sim-latency-<ms>-rpm-<n>-tpm-<n>}), so the simulator
 * keeps a rate-limit window per provider and enforces the declared limits as hard caps. The connectors do not
 * pace by RPM/TPM, so the provider's in-flight window is sized to its rate: window = rate × latency, which
 * makes the worker itself drain at (slightly below) the declared rate instead of bursting into 429s.
 *
 * @param name             provider name
 * @param inputUsdPerMTok  price of prompt tokens
 * @param outputUsdPerMTok price of completion tokens
 * @param rpm              declared requests per minute
 * @param tpm              declared tokens per minute (as the router estimates tokens)
 * @param latencyMs        the simulator's latency for this provider
 */
public record SimProvider(String name, double inputUsdPerMTok, double outputUsdPerMTok, long rpm, long tpm, int latencyMs) {

    /** Jobs per second the declared limits allow for jobs of {@code tokensPerJob} (router estimate). */
    public double jobsPerSecond(long tokensPerJob) {
        return Math.min(rpm / 60.0, tpm / 60.0 / tokensPerJob);
    }

    public String providerModel() {
        // the simulator's token count (characters / 4) is below the router's estimate, so its TPM cap is looser
        return "sim-latency-" + latencyMs + "-rpm-" + rpm + "-tpm-" + tpm;
    }

    public double usdPerJob(double promptTokens, double completionTokens) {
        return (promptTokens * inputUsdPerMTok + completionTokens * outputUsdPerMTok) / 1e6;
    }

    public ProviderConfig config(String endpoint, String model, long tokensPerJob) {
        int window = (int) Math.max(1, Math.floor(jobsPerSecond(tokensPerJob) * latencyMs / 1000.0));
        return ProviderConfig.newBuilder()
                .setName(name)
                .setType("openai-compatible")
                .setStatus(ProviderStatus.ACTIVE)
                .setEndpoint(endpoint)
                .setCredential(Credential.newBuilder().setKind(CredentialKind.NONE).build())
                .setOffers(List.of(ModelOffer.newBuilder().setModel(model).setProviderModel(providerModel()).setKind(JobKind.CHAT)
                        .setInputUsdPerMTok(inputUsdPerMTok).setOutputUsdPerMTok(outputUsdPerMTok).build()))
                .setLimits(ProviderLimits.newBuilder().setRpm(rpm).setTpm(tpm).setMaxConcurrency(window).build())
                .setTimeoutMs(60_000)
                .setVersion(System.currentTimeMillis())
                .build();
    }
}
