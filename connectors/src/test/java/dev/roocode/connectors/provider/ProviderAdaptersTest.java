package dev.roocode.connectors.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URL;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ProviderAdaptersTest {

    @Test
    void shouldFindRegisteredAdapterByType() {
        assertThat(ProviderAdapters.forType("openai-compatible").type()).isEqualTo("openai-compatible");
    }

    @Test
    void shouldNameKnownTypesWhenTypeIsUnknown() {
        assertThatThrownBy(() -> ProviderAdapters.forType("gemini-ultra"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown provider type 'gemini-ultra'")
                .hasMessageContaining("openai-compatible");
    }

    @Test
    void shouldRegisterEachTypeOnce() {
        Set<String> types = ProviderAdapters.ALL.stream().map(ProviderAdapter::type).collect(Collectors.toSet());
        assertThat(types).hasSameSizeAs(ProviderAdapters.ALL);
    }

    @Test
    void everyRegisteredTypeHasFixturesAndAnAdapterPackage() {
        for (ProviderAdapter adapter : ProviderAdapters.ALL) {
            URL fixtures = getClass().getResource("/fixtures/" + adapter.type() + "/chat-basic.response.json");
            assertThat(fixtures)
                    .as("add src/test/resources/fixtures/%s/ with request/response fixtures per error class", adapter.type())
                    .isNotNull();
            assertThat(adapter.getClass().getPackageName())
                    .as("adapters live in dev.roocode.connectors.provider.<type>")
                    .startsWith("dev.roocode.connectors.provider.");
            assertThat(adapter.capabilities()).isNotNull();
        }
    }

    @Test
    void everyRegisteredTypeHasAContractTest() {
        for (ProviderAdapter adapter : ProviderAdapters.ALL) {
            String contractTest = adapter.getClass().getName().replaceFirst("Adapter$", "ContractTest");
            Class<?> test;
            try {
                test = Class.forName(contractTest);
            } catch (ClassNotFoundException e) {
                throw new AssertionError("add " + contractTest + " extending ProviderContractTest for type " + adapter.type());
            }
            assertThat(ProviderContractTest.class).isAssignableFrom(test);
        }
    }
}
