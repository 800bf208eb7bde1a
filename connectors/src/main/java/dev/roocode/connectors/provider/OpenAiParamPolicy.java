package dev.roocode.connectors.provider;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.roocode.schemas.avro.ErrorClass;
import dev.roocode.schemas.avro.Job;
import dev.roocode.schemas.avro.JobKind;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * What one provider type does with each OpenAI request field that has no typed home on the Job
 * ({@code Job.openAiParamsJson}: {@code n}, {@code user}, {@code logprobs}, ...). Every field of
 * OpenAI's CreateChatCompletionRequest and CreateEmbeddingRequest that the Job does not type is
 * declared once per type as a {@link Rule}: {@link Action#PASS sent unchanged} (OpenAI-format APIs),
 * {@link Action#MAP mapped} to the type's own equivalent, or {@link Action#REFUSE refused} with a
 * BAD_REQUEST naming the field and the type. Whatever the action, a value at which the field has no
 * effect ({@code n: 1}, {@code logprobs: false}) is dropped. Names that are not OpenAI fields follow
 * the type's rule for unknown names. The policy is data so the docs tables are generated from it and
 * the router can later route around a field a type refuses.
 *
 * <p>Past 200 lines because the builder, the table and its rendering are one small language.
 */
public final class OpenAiParamPolicy {
    /** OpenAI chat fields (CreateChatCompletionRequest) that ChatRequest does not type. */
    public static final List<String> CHAT_FIELDS = List.of(
            "audio",
            "frequency_penalty",
            "function_call",
            "functions",
            "logit_bias",
            "logprobs",
            "metadata",
            "modalities",
            "moderation",
            "n",
            "parallel_tool_calls",
            "prediction",
            "presence_penalty",
            "prompt_cache_key",
            "prompt_cache_options",
            "prompt_cache_retention",
            "reasoning_effort",
            "safety_identifier",
            "service_tier",
            "store",
            "stream",
            "stream_options",
            "top_logprobs",
            "user",
            "verbosity",
            "web_search_options");
    /** OpenAI embeddings fields (CreateEmbeddingRequest) that EmbeddingRequest does not type. */
    public static final List<String> EMBEDDING_FIELDS = List.of("user");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_VALUE_TEXT = 60;

    /** What a type does with a field at a value that has an effect. */
    public enum Action {
        /** Sent unchanged at the top level of the body (the type speaks OpenAI's API). */
        PASS,
        /** Translated to the type's own parameter by the rule's {@link Mapping}. */
        MAP,
        /** BAD_REQUEST naming the field and the type. */
        REFUSE
    }

    /** Writes one field's value into a type's request body; may throw {@link #refusal} for a value it cannot express. */
    @FunctionalInterface
    public interface Mapping {
        void apply(JsonNode value, ObjectNode body);
    }

    /** Values at which a field changes nothing, so it is dropped; {@link #NONE} when every value matters. */
    public record Neutral(Predicate<JsonNode> test, String text) {
        public static final Neutral NONE = new Neutral(v -> false, null);

        /** The field's OpenAI default, e.g. {@code 1} for n, {@code false} for logprobs, {@code "auto"}. */
        public static Neutral at(Object value) {
            JsonNode node = JSON.valueToTree(value);
            return new Neutral(
                    v -> v.equals(node)
                            || v.isNumber()
                                    && node.isNumber()
                                    && v.decimalValue().compareTo(node.decimalValue()) == 0,
                    node.toString());
        }

        /** An empty object or array. */
        public static Neutral empty(String text) {
            return new Neutral(v -> (v.isObject() || v.isArray()) && v.isEmpty(), text);
        }
    }

    /**
     * One field's treatment.
     *
     * @param target what it becomes for MAP (e.g. {@code metadata.user_id}), else null
     * @param note why, for a refusal message and the docs table
     */
    public record Rule(String field, Action action, Neutral neutral, String target, Mapping mapping, String note) {}

    private final String type;
    private final Map<String, Rule> rules;
    private final Action unknownAction;
    private final String unknownNote;

    private OpenAiParamPolicy(Builder builder) {
        this.type = builder.type;
        this.rules = Map.copyOf(builder.rules);
        this.unknownAction = builder.unknownAction;
        this.unknownNote = builder.unknownNote;
    }

    /** A policy for {@code type}; {@code stream} and {@code stream_options} are already declared (Roocode never streams). */
    public static Builder builder(String type) {
        return new Builder(type)
                .refuse("stream", Neutral.at(false), "Roocode reads one JSON answer per call, never a stream")
                .refuse(
                        "stream_options",
                        Neutral.NONE,
                        "it only applies to streamed answers, and Roocode never streams");
    }

    /** The provider type this policy belongs to. */
    public String type() {
        return type;
    }

    /** The rule for {@code field} in a job of {@code kind}: its declared rule, or the rule for names that are not OpenAI fields of that kind. */
    public Rule rule(JobKind kind, String field) {
        List<String> known = kind == JobKind.EMBEDDING ? EMBEDDING_FIELDS : CHAT_FIELDS;
        if (known.contains(field)) {
            return rules.get(field);
        }
        return new Rule(field, unknownAction, Neutral.NONE, null, null, unknownNote);
    }

    /** Every declared rule, by field name. */
    public List<Rule> rules() {
        return new TreeSet<>(rules.keySet()).stream().map(rules::get).toList();
    }

    /**
     * Applies the job's OpenAI params to {@code body}: each one passes, maps, is dropped at a neutral
     * value, or fails the job. Call after the typed mapping (a mapping may adjust it, e.g. tool_choice)
     * and before {@code extraBodyJson} is merged (which may override anything).
     *
     * @throws ProviderException BAD_REQUEST naming the field and the type; INVALID_JOB when the params are not a JSON object
     */
    public void apply(Job job, ObjectNode body) {
        String json = job.getOpenAiParamsJson();
        if (json == null || json.isBlank()) {
            return;
        }
        JsonNode params;
        try {
            params = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw ProviderException.permanent(
                    ErrorClass.INVALID_JOB, "openAiParamsJson is not valid JSON: " + e.getOriginalMessage());
        }
        if (params == null || !params.isObject()) {
            throw ProviderException.permanent(ErrorClass.INVALID_JOB, "openAiParamsJson must be a JSON object");
        }
        for (var param : params.properties()) {
            JsonNode value = param.getValue();
            Rule rule = rule(job.getKind(), param.getKey());
            if (value.isNull() || rule.neutral().test().test(value)) {
                continue; // OpenAI reads null as "not set"; a neutral value changes nothing
            }
            switch (rule.action()) {
                case PASS -> body.set(param.getKey(), value);
                case MAP -> rule.mapping().apply(value, body);
                case REFUSE -> throw refusal(param.getKey(), value, rule.note());
            }
        }
    }

    /** The BAD_REQUEST for {@code field} at {@code value}, naming the field and this policy's type. */
    public ProviderException refusal(String field, JsonNode value, String why) {
        String text = value.toString();
        if (text.length() > MAX_VALUE_TEXT) {
            text = text.substring(0, MAX_VALUE_TEXT) + "…";
        }
        return ProviderException.permanent(
                ErrorClass.BAD_REQUEST, field + "=" + text + " is not supported by " + type + ": " + why);
    }

    /** The docs table of this policy (markdown): one row per OpenAI field, then the row for other names. */
    public String markdownTable() {
        StringBuilder out = new StringBuilder("| OpenAI field | what happens |\n|---|---|\n");
        for (Rule rule : rules()) {
            out.append("| `")
                    .append(rule.field())
                    .append("` | ")
                    .append(describe(rule))
                    .append(" |\n");
        }
        out.append("| any other name | ")
                .append(describe(new Rule("", unknownAction, Neutral.NONE, null, null, unknownNote)))
                .append(" |\n");
        return out.toString();
    }

    private static String describe(Rule rule) {
        String neutral = rule.neutral().text() == null
                ? ""
                : "dropped at `" + rule.neutral().text() + "` (no effect); otherwise ";
        String what = switch (rule.action()) {
            case PASS -> "sent unchanged";
            case MAP -> "mapped to `" + rule.target() + "`";
            case REFUSE -> "**BAD_REQUEST**";
        };
        String note = rule.note() == null ? "" : ": " + rule.note();
        return neutral + what + note;
    }

    /** Declares a type's rules; {@link #build()} fails unless every OpenAI field has one. */
    public static final class Builder {
        private final String type;
        private final Map<String, Rule> rules = new LinkedHashMap<>();
        private Action unknownAction;
        private String unknownNote;

        private Builder(String type) {
            this.type = Objects.requireNonNull(type);
        }

        /** Every field not yet declared, and every other name, sent unchanged: the type speaks OpenAI's API. */
        public Builder passAll(String note) {
            for (String field : allFields()) {
                rules.putIfAbsent(field, new Rule(field, Action.PASS, Neutral.NONE, null, null, null));
            }
            return unknownNames(Action.PASS, note);
        }

        /** {@code field} sent unchanged. */
        public Builder pass(String field) {
            return put(new Rule(field, Action.PASS, Neutral.NONE, null, null, null));
        }

        /** {@code field} translated by {@code mapping} to {@code target}, dropped at {@code neutral}. */
        public Builder map(String field, Neutral neutral, String target, String note, Mapping mapping) {
            return put(new Rule(field, Action.MAP, neutral, target, Objects.requireNonNull(mapping), note));
        }

        /** {@code field} refused (BAD_REQUEST) unless at {@code neutral}, saying {@code why}. */
        public Builder refuse(String field, Neutral neutral, String why) {
            return put(new Rule(field, Action.REFUSE, neutral, null, null, why));
        }

        /** What happens to a name that is not an OpenAI field of the job's kind: PASS or REFUSE. */
        public Builder unknownNames(Action action, String note) {
            if (action == Action.MAP) {
                throw new IllegalArgumentException("unknown names cannot be mapped");
            }
            this.unknownAction = action;
            this.unknownNote = note;
            return this;
        }

        private Builder put(Rule rule) {
            if (!allFields().contains(rule.field())) {
                throw new IllegalArgumentException(rule.field() + " is not an untyped OpenAI request field");
            }
            rules.put(rule.field(), rule);
            return this;
        }

        public OpenAiParamPolicy build() {
            Set<String> missing = new TreeSet<>(allFields());
            missing.removeAll(rules.keySet());
            if (!missing.isEmpty() || unknownAction == null) {
                throw new IllegalStateException(type + " declares no rule for " + missing
                        + (unknownAction == null ? " nor for unknown names" : ""));
            }
            return new OpenAiParamPolicy(this);
        }

        private static Set<String> allFields() {
            Set<String> all = new TreeSet<>(CHAT_FIELDS);
            all.addAll(EMBEDDING_FIELDS);
            return all;
        }
    }
}
