package dev.roocode.core.provider;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * What one provider type is: its id in {@code ProviderConfig.type}, what a configuration of it needs,
 * and the Job fields it honours. The CLI reads it to write and check configurations, the router to
 * choose only providers that can serve a job, and each adapter in connectors names its own. Pure data.
 *
 * @param id the type name, e.g. {@code openai-compatible}
 * @param defaultEndpoint the base URL used when a configuration gives none; null when each one needs its own
 * @param endpointExample what to show when an endpoint is missing, e.g. {@code https://my-resource.openai.azure.com}
 * @param needs what a configuration of this type must (or may) carry
 * @param supportedFields the Job fields this type honours; every other is refused
 * @param presets ready-made endpoints of servers of this type ({@code preset: vllm}), empty for most types
 */
public record ProviderDescriptor(
        String id,
        String defaultEndpoint,
        String endpointExample,
        ConfigNeeds needs,
        Set<JobField> supportedFields,
        Map<String, Preset> presets) {

    public ProviderDescriptor {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(needs, "needs");
        supportedFields = Set.copyOf(supportedFields);
        presets = Collections.unmodifiableMap(new TreeMap<>(presets)); // sorted: the CLI lists them
        if (!supportedFields.contains(JobField.MESSAGES)) {
            throw new IllegalArgumentException("provider type " + id + " must take chat messages");
        }
    }

    /**
     * What a configuration of a type carries besides its endpoint.
     *
     * @param key whether calls need an API key
     * @param apiVersion whether an api-version is required
     * @param defaultApiVersion the api-version used when none is given, or null
     * @param exampleApiVersion the api-version to suggest when asking for one, or null when the type takes none
     * @param deployments whether models map to deployments (Azure)
     * @param organization whether the type takes an organization and project (OpenAI)
     * @param httpsOnly whether the endpoint must be https (localhost excepted)
     */
    public record ConfigNeeds(
            boolean key,
            boolean apiVersion,
            String defaultApiVersion,
            String exampleApiVersion,
            boolean deployments,
            boolean organization,
            boolean httpsOnly) {

        /** A type that needs only a key (or not) and its endpoint. */
        public static ConfigNeeds key(boolean key) {
            return new ConfigNeeds(key, false, null, null, false, false, false);
        }
    }

    /** A server's ready-made endpoint and whether it needs a key. */
    public record Preset(String endpoint, boolean needsKey) {}

    /** Every field except {@code unsupported}. */
    public static Set<JobField> allBut(JobField... unsupported) {
        EnumSet<JobField> fields = EnumSet.allOf(JobField.class);
        for (JobField field : unsupported) {
            fields.remove(field);
        }
        return fields;
    }

    /** Whether this type honours {@code field}. */
    public boolean supports(JobField field) {
        return supportedFields.contains(field);
    }

    /** Whether this type serves embedding jobs at all. */
    public boolean embeddings() {
        return supports(JobField.EMBEDDINGS);
    }

    /** The first of {@code used} (in declaration order) this type does not honour, if any. */
    public Optional<JobField> firstUnsupported(Set<JobField> used) {
        if (supportedFields.containsAll(used)) {
            return Optional.empty(); // the router asks for every candidate of every job: the common answer first
        }
        for (JobField field : JobField.values()) {
            if (used.contains(field) && !supports(field)) {
                return Optional.of(field);
            }
        }
        return Optional.empty();
    }

    /** The preset named {@code name} (case as given), if this type has it. */
    public Optional<Preset> preset(String name) {
        return Optional.ofNullable(name == null ? null : presets.get(name));
    }
}
