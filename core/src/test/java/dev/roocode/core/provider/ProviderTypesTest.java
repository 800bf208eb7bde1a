package dev.roocode.core.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import org.junit.jupiter.api.Test;

class ProviderTypesTest {

    @Test
    void shouldListEveryTypeOnceByItsId() {
        assertThat(ProviderTypes.ids())
                .doesNotHaveDuplicates()
                .contains(
                        "openai", "azure-openai", "anthropic", "gemini", "cohere", "huggingface", "openai-compatible");
    }

    @Test
    void shouldFindATypeWhateverItsCaseAndSpacing() {
        assertThat(ProviderTypes.find(" Anthropic ")).containsSame(ProviderTypes.ANTHROPIC);
        assertThat(ProviderTypes.find("nope")).isEmpty();
        assertThat(ProviderTypes.find(null)).isEmpty();
    }

    @Test
    void shouldNameTheKnownTypesWhenATypeIsUnknown() {
        assertThatThrownBy(() -> ProviderTypes.forId("gemini-ultra"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown provider type 'gemini-ultra'")
                .hasMessageContaining("openai-compatible");
    }

    @Test
    void shouldNameTheFirstFieldATypeCannotHonour() {
        assertThat(ProviderTypes.ANTHROPIC.firstUnsupported(
                        EnumSet.of(JobField.MESSAGES, JobField.TEMPERATURE, JobField.SEED)))
                .contains(JobField.SEED);
        assertThat(ProviderTypes.OPENAI.firstUnsupported(EnumSet.of(JobField.MESSAGES, JobField.SEED)))
                .isEmpty();
        assertThat(ProviderTypes.ANTHROPIC.embeddings()).isFalse();
        assertThat(ProviderTypes.COHERE.embeddings()).isTrue();
    }

    @Test
    void shouldGiveEveryTypeAnEndpointOrAnExampleOfOne() {
        for (ProviderDescriptor type : ProviderTypes.ALL) {
            assertThat(type.defaultEndpoint() != null || type.endpointExample() != null)
                    .as("type %s: a default endpoint, or an example for the message asking for one", type.id())
                    .isTrue();
            assertThat(!type.needs().apiVersion() || type.needs().exampleApiVersion() != null)
                    .as("type %s requires an api-version: give an example", type.id())
                    .isTrue();
        }
    }
}
