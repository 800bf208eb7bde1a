package dev.roocode.processor.router;

import dev.roocode.schemas.avro.JobKind;
import dev.roocode.schemas.avro.ModelOffer;
import dev.roocode.schemas.avro.ProviderConfig;
import java.util.Optional;

/** Looks up what a provider offers for a logical model, and what it costs. */
public final class Offers {
    /** The offer model name that serves any logical model under its own name (the simulator's). */
    public static final String ANY_MODEL = "*";

    private Offers() {}

    /** The provider's offer for {@code model} and {@code kind}; an exact offer wins over {@code *}. */
    public static Optional<ModelOffer> find(ProviderConfig provider, String model, JobKind kind) {
        ModelOffer wildcard = null;
        for (ModelOffer offer : provider.getOffers()) {
            if (offer.getKind() != kind) {
                continue;
            }
            if (offer.getModel().equals(model)) {
                return Optional.of(offer);
            }
            if (offer.getModel().equals(ANY_MODEL)) {
                wildcard = offer;
            }
        }
        return Optional.ofNullable(wildcard);
    }

    /** The model id to send to the provider: the offer's, or the logical name for a {@code *} offer. */
    public static String providerModel(ModelOffer offer, String model) {
        return offer.getModel().equals(ANY_MODEL) ? model : offer.getProviderModel();
    }

    /** USD for the given token counts at the offer's prices. */
    public static double costUsd(ModelOffer offer, long inputTokens, long outputTokens) {
        return (inputTokens * offer.getInputUsdPerMTok() + outputTokens * offer.getOutputUsdPerMTok()) / 1_000_000d;
    }
}
