package dev.roocode.connectors.provider.support;

import dev.roocode.connectors.provider.OpenAiParamPolicy;
import dev.roocode.connectors.provider.OpenAiParamPolicy.Action;
import dev.roocode.connectors.provider.OpenAiParamPolicy.Neutral;
import java.util.List;

/**
 * The start of a policy for a type whose API is not OpenAI's (anthropic, gemini, cohere, huggingface):
 * the OpenAI fields no such API has an equivalent for are refused unless at their neutral value, and
 * names that are not OpenAI fields are refused, pointing at {@code extra_body}. A type then declares
 * what it maps or treats differently; a later declaration replaces an earlier one.
 */
public final class NativeParams {
    /** Why a name that is not an OpenAI field is refused. */
    public static final String UNKNOWN_NOTE =
            "not an OpenAI field of this request; put provider-specific parameters under extra_body (Job.extraBodyJson)";

    private NativeParams() {}

    /** A builder for {@code type} with the refusals every non-OpenAI API shares. */
    public static OpenAiParamPolicy.Builder builder(String type) {
        return OpenAiParamPolicy.builder(type)
                .refuse("n", Neutral.at(1), "it returns one answer per request; submit n jobs instead")
                .refuse("presence_penalty", Neutral.at(0), "no equivalent parameter")
                .refuse("frequency_penalty", Neutral.at(0), "no equivalent parameter")
                .refuse(
                        "logit_bias",
                        Neutral.empty("{}"),
                        "no token-bias parameter (token ids are OpenAI's tokenizer's)")
                .refuse("logprobs", Neutral.at(false), "a Roocode Result carries no log probabilities for this type")
                .refuse("top_logprobs", Neutral.at(0), "a Roocode Result carries no log probabilities for this type")
                .refuse("user", Neutral.NONE, "no end-user identifier in this API")
                .refuse("safety_identifier", Neutral.NONE, "no end-user identifier in this API")
                .refuse("parallel_tool_calls", Neutral.at(true), "no switch to forbid parallel tool calls")
                .refuse("service_tier", Neutral.at("auto"), "no equivalent service tier")
                .refuse("store", Neutral.at(false), "OpenAI's stored completions do not exist here")
                .refuse(
                        "metadata",
                        Neutral.empty("{}"),
                        "OpenAI's metadata tags stored completions, which do not exist here")
                .refuse(
                        "reasoning_effort",
                        Neutral.NONE,
                        "no equivalent parameter; set the type's own reasoning control under extra_body")
                .refuse("verbosity", Neutral.at("medium"), "no equivalent parameter")
                .refuse("modalities", Neutral.at(List.of("text")), "a Roocode Result carries text only")
                .refuse("audio", Neutral.NONE, "a Roocode Result carries text only")
                .refuse("prediction", Neutral.NONE, "no predicted-output parameter")
                .refuse("web_search_options", Neutral.NONE, "OpenAI's web search has no equivalent option here")
                .refuse("moderation", Neutral.NONE, "OpenAI's moderation option has no equivalent here")
                .refuse("prompt_cache_key", Neutral.NONE, "OpenAI's prompt-cache routing has no equivalent here")
                .refuse("prompt_cache_options", Neutral.NONE, "OpenAI's prompt-cache options have no equivalent here")
                .refuse("prompt_cache_retention", Neutral.NONE, "OpenAI's prompt-cache options have no equivalent here")
                .refuse("function_call", Neutral.NONE, "deprecated by OpenAI; use tool_choice")
                .refuse("functions", Neutral.NONE, "deprecated by OpenAI; use tools")
                .unknownNames(Action.REFUSE, UNKNOWN_NOTE);
    }
}
