package dev.roocode.api.models;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.roocode.api.http.Exchanges;
import dev.roocode.sandbox.junit.SpecSchemas;
import dev.roocode.schemas.avro.Credential;
import dev.roocode.schemas.avro.CredentialKind;
import dev.roocode.schemas.avro.JobKind;
import dev.roocode.schemas.avro.ModelOffer;
import dev.roocode.schemas.avro.ProviderConfig;
import dev.roocode.schemas.avro.ProviderStatus;
import dev.roocode.schemas.avro.RoutePolicy;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModelCatalogTest {
    static ProviderConfig provider(String name, ProviderStatus status, String... models) {
        return ProviderConfig.newBuilder()
                .setName(name)
                .setType("openai")
                .setStatus(status)
                .setEndpoint("https://api.example")
                .setCredential(
                        Credential.newBuilder().setKind(CredentialKind.NONE).build())
                .setOffers(java.util.Arrays.stream(models)
                        .map(m -> ModelOffer.newBuilder()
                                .setModel(m)
                                .setProviderModel(m + "-2024")
                                .setKind(JobKind.CHAT)
                                .build())
                        .toList())
                .setTimeoutMs(1000)
                .setVersion(1)
                .build();
    }

    static RoutePolicy route(String model, String... aliases) {
        return RoutePolicy.newBuilder()
                .setModel(model)
                .setAliases(List.of(aliases))
                .setVersion(1)
                .build();
    }

    @Test
    void shouldListRoutedModelsTheirAliasesAndActiveProvidersOffersButNoWildcard() {
        ModelCatalog catalog = new ModelCatalog();
        catalog.route("gpt-4o-mini", route("gpt-4o-mini", "mini"), 1_700_000_000_000L);
        catalog.route("*", route("*"), 1_700_000_000_000L);
        catalog.provider(
                "openai", provider("openai", ProviderStatus.ACTIVE, "gpt-4o-mini", "gpt-4o", "*"), 1_700_000_500_000L);
        catalog.provider("old", provider("old", ProviderStatus.INACTIVE, "davinci"), 1_700_000_000_000L);

        assertThat(catalog.models()).containsOnlyKeys("gpt-4o", "gpt-4o-mini", "mini");
        assertThat(catalog.models().get("gpt-4o-mini").ownedBy()).isEqualTo("roocode");
        assertThat(catalog.models().get("gpt-4o").ownedBy()).isEqualTo("openai");
        assertThat(catalog.models().get("gpt-4o-mini").created()).isEqualTo(1_700_000_000L);
    }

    @Test
    void shouldForgetAModelWhenItsRouteAndProviderAreDeleted() {
        ModelCatalog catalog = new ModelCatalog();
        catalog.route("a", route("a"), 1000);
        catalog.provider("p", provider("p", ProviderStatus.ACTIVE, "b"), 1000);
        catalog.route("a", null, 2000);
        catalog.provider("p", null, 2000);
        assertThat(catalog.models()).isEmpty();
    }

    @Test
    void shouldAnswerInOpenAisModelAndListShapes() {
        ModelCatalog catalog = new ModelCatalog();
        catalog.route("gpt-4o-mini", route("gpt-4o-mini"), 1_700_000_000_000L);
        ObjectNode model = ModelsEndpoints.model(catalog.models().get("gpt-4o-mini"));
        assertThat(SpecSchemas.violations("openai-openapi.yaml", "Model", model))
                .isEmpty();
        ObjectNode list = Exchanges.JSON.createObjectNode().put("object", "list");
        list.putArray("data").add(model);
        assertThat(SpecSchemas.violations("openai-openapi.yaml", "ListModelsResponse", list))
                .isEmpty();
    }
}
