package dev.roocode.connectors.provider.contract;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a provider type must do with each untyped OpenAI request field ({@code Job.openAiParamsJson}),
 * stated independently of the type's policy so the contract checks the code, not the code against
 * itself. Each field is sent with a value that matters ({@link #EFFECTIVE}, valid against OpenAI's
 * spec) and, where one exists, with a value at which it has no effect ({@link #NEUTRAL}).
 */
public final class OpenAiParamCases {
    /** A value that changes the answer, per OpenAI chat field (JSON text). */
    public static final Map<String, String> EFFECTIVE = Map.ofEntries(
            Map.entry("audio", "{\"voice\":\"alloy\",\"format\":\"wav\"}"),
            Map.entry("frequency_penalty", "0.5"),
            Map.entry("function_call", "\"auto\""),
            Map.entry("functions", "[{\"name\":\"lookup\",\"parameters\":{\"type\":\"object\",\"properties\":{}}}]"),
            Map.entry("logit_bias", "{\"50256\":-100}"),
            Map.entry("logprobs", "true"),
            Map.entry("metadata", "{\"run\":\"nightly\"}"),
            Map.entry("modalities", "[\"text\",\"audio\"]"),
            Map.entry("moderation", "{\"model\":\"omni-moderation-latest\"}"),
            Map.entry("n", "2"),
            Map.entry("parallel_tool_calls", "false"),
            Map.entry("prediction", "{\"type\":\"content\",\"content\":\"a cat\"}"),
            Map.entry("presence_penalty", "0.5"),
            Map.entry("prompt_cache_key", "\"summaries-v1\""),
            Map.entry("prompt_cache_options", "{\"ttl\":\"30m\"}"),
            Map.entry("prompt_cache_retention", "\"24h\""),
            Map.entry("reasoning_effort", "\"low\""),
            Map.entry("safety_identifier", "\"user-1234\""),
            Map.entry("service_tier", "\"default\""),
            Map.entry("store", "true"),
            Map.entry("stream", "true"),
            Map.entry("stream_options", "{\"include_usage\":true}"),
            Map.entry("top_logprobs", "2"),
            Map.entry("user", "\"user-1234\""),
            Map.entry("verbosity", "\"low\""),
            Map.entry("web_search_options", "{}"));

    /** A value at which the field has no effect (OpenAI's default), for the fields that have one. */
    public static final Map<String, String> NEUTRAL = Map.ofEntries(
            Map.entry("frequency_penalty", "0"),
            Map.entry("logit_bias", "{}"),
            Map.entry("logprobs", "false"),
            Map.entry("metadata", "{}"),
            Map.entry("modalities", "[\"text\"]"),
            Map.entry("n", "1"),
            Map.entry("parallel_tool_calls", "true"),
            Map.entry("presence_penalty", "0"),
            Map.entry("service_tier", "\"auto\""),
            Map.entry("store", "false"),
            Map.entry("stream", "false"),
            Map.entry("top_logprobs", "0"),
            Map.entry("verbosity", "\"medium\""));

    /** A name that is no OpenAI field (a provider-specific parameter put at the top level). */
    public static final String UNKNOWN_NAME = "top_k";

    /** What happens to one field at its effective value. */
    public sealed interface Expect {}

    /** Sent unchanged at the top level. */
    public record Passed() implements Expect {}

    /** BAD_REQUEST naming the field and the type. */
    public record Refused() implements Expect {}

    /** Translated: the body holds {@code json} at {@code pointer}. */
    public record Mapped(String pointer, String json) implements Expect {}

    private final Map<String, Expect> byField = new LinkedHashMap<>();
    private final Set<String> neutralDropped = new TreeSet<>();
    private Expect unknownName;
    private Expect embeddingUser;

    private OpenAiParamCases() {}

    /** A type speaking OpenAI's API: everything sent unchanged but streaming, which Roocode never does. */
    public static OpenAiParamCases openAiFormat() {
        OpenAiParamCases cases = new OpenAiParamCases();
        EFFECTIVE.keySet().forEach(field -> cases.byField.put(field, new Passed()));
        cases.byField.put("stream", new Refused());
        cases.byField.put("stream_options", new Refused());
        cases.neutralDropped.add("stream");
        cases.unknownName = new Passed();
        cases.embeddingUser = new Passed();
        return cases;
    }

    /** A type whose API is not OpenAI's: everything refused, every neutral value dropped, unless declared otherwise. */
    public static OpenAiParamCases nativeApi() {
        OpenAiParamCases cases = new OpenAiParamCases();
        EFFECTIVE.keySet().forEach(field -> cases.byField.put(field, new Refused()));
        cases.neutralDropped.addAll(NEUTRAL.keySet());
        cases.unknownName = new Refused();
        cases.embeddingUser = new Refused();
        return cases;
    }

    /** {@code field} becomes {@code json} at {@code pointer} (its neutral value is still dropped). */
    public OpenAiParamCases mapped(String field, String pointer, String json) {
        byField.put(field, new Mapped(pointer, json));
        return this;
    }

    /** {@code field} is sent unchanged, at its neutral value too. */
    public OpenAiParamCases passed(String field) {
        byField.put(field, new Passed());
        neutralDropped.remove(field);
        return this;
    }

    public Expect expect(String field) {
        return byField.get(field);
    }

    public boolean neutralDropped(String field) {
        return neutralDropped.contains(field);
    }

    public Expect unknownName() {
        return unknownName;
    }

    public Expect embeddingUser() {
        return embeddingUser;
    }
}
