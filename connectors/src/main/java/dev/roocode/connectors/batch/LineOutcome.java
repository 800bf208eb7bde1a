package dev.roocode.connectors.batch;

import dev.roocode.connectors.provider.ProviderError;
import dev.roocode.schemas.avro.ProviderOutput;

/** What a provider batch answered for one line. */
public sealed interface LineOutcome permits LineOutcome.Succeeded, LineOutcome.Failed {
    /** The line's answer, parsed by the type's realtime response mapper. */
    record Succeeded(ProviderOutput output) implements LineOutcome {}

    /** The line failed (an error line, a non-2xx response in the line, or expired/cancelled before it ran). */
    record Failed(ProviderError error) implements LineOutcome {}
}
