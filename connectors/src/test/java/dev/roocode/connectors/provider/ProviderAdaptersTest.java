package dev.roocode.connectors.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.roocode.connectors.provider.contract.ContractJobs;
import dev.roocode.core.provider.JobField;
import dev.roocode.core.provider.ProviderTypes;
import dev.roocode.schemas.JobFields;
import java.io.IOException;
import java.lang.reflect.Modifier;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Registration checks (STYLE 9): the adapters in {@link ProviderAdapters#ALL} are those of core's
 * {@code ProviderTypes.ALL}, each naming its descriptor; every type has its contract test, fixtures folder and docs page, and every adapter class in the source tree is registered. Failure
 * messages say what to add.
 */
class ProviderAdaptersTest {
    private static final Path MODULE = Path.of(System.getProperty("user.dir"));
    private static final Path PROVIDER_SOURCES = MODULE.resolve("src/main/java/dev/roocode/connectors/provider");

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
        Set<String> types =
                ProviderAdapters.ALL.stream().map(ProviderAdapter::type).collect(Collectors.toSet());
        assertThat(types).hasSameSizeAs(ProviderAdapters.ALL);
    }

    @Test
    void shouldHaveOneAdapterForEveryTypeInTheCoreRegistryAndNoOther() {
        assertThat(ProviderAdapters.ALL)
                .extracting(ProviderAdapter::type)
                .as(
                        "every descriptor in core's ProviderTypes.ALL needs its adapter in ProviderAdapters.ALL, and the other way round")
                .containsExactlyInAnyOrderElementsOf(ProviderTypes.ids());
        for (ProviderAdapter adapter : ProviderAdapters.ALL) {
            assertThat(adapter.descriptor())
                    .as("type %s names the registry's descriptor", adapter.type())
                    .isSameAs(ProviderTypes.forId(adapter.type()));
        }
    }

    @Test
    void shouldSeeInEveryContractJobTheFieldItCarries() {
        for (JobField field : JobField.values()) {
            assertThat(JobFields.used(ContractJobs.with(field)))
                    .as("the fields JobFields finds in the contract job for %s", field)
                    .contains(field);
        }
        assertThat(JobFields.used(ContractJobs.chat(EnumSet.of(JobField.MESSAGES))))
                .containsExactly(JobField.MESSAGES);
        assertThat(JobFields.used(ContractJobs.embedding(EnumSet.noneOf(JobField.class))))
                .containsExactly(JobField.EMBEDDINGS);
    }

    @Test
    void everyRegisteredTypeHasItsContractTest() {
        for (ProviderAdapter adapter : ProviderAdapters.ALL) {
            String testName = adapter.getClass().getName().replaceFirst("Adapter$", "ContractTest");
            Class<?> test = load(testName);
            assertThat(test)
                    .as("type %s: add %s extending ProviderContractTest (src/test/java)", adapter.type(), testName)
                    .isNotNull();
            assertThat(ProviderContractTest.class.isAssignableFrom(test))
                    .as("type %s: %s must extend ProviderContractTest", adapter.type(), testName)
                    .isTrue();
        }
    }

    @Test
    void everyRegisteredTypeHasFixtures() {
        for (ProviderAdapter adapter : ProviderAdapters.ALL) {
            URL fixtures = getClass().getResource("/fixtures/" + adapter.type() + "/chat-all-fields.request.json");
            assertThat(fixtures)
                    .as(
                            "type %s: add src/test/resources/fixtures/%s/ with chat-all-fields.request.json and one "
                                    + "<case>.response.json per error class (see ProviderContractTest)",
                            adapter.type(), adapter.type())
                    .isNotNull();
        }
    }

    @Test
    void everyRegisteredTypeHasItsDocsPage() {
        Path docs = repositoryRoot().resolve("docs/providers");
        for (ProviderAdapter adapter : ProviderAdapters.ALL) {
            Path page = docs.resolve(adapter.type() + ".md");
            assertThat(Files.isRegularFile(page))
                    .as(
                            "type %s: add the docs page %s (auth, configuration, mapping quirks, error table, limits) "
                                    + "and a row in docs/providers/README.md",
                            adapter.type(), page)
                    .isTrue();
        }
    }

    @Test
    void everyAdapterInTheSourceTreeIsRegistered() throws IOException {
        Set<String> registered = ProviderAdapters.ALL.stream()
                .map(a -> a.getClass().getSimpleName() + ".java")
                .collect(Collectors.toSet());
        List<Path> adapters;
        try (Stream<Path> files = Files.walk(PROVIDER_SOURCES)) {
            adapters = files.filter(f -> f.getFileName().toString().endsWith("Adapter.java"))
                    .filter(f -> !f.getParent().equals(PROVIDER_SOURCES))
                    .filter(f -> !isAbstract(f))
                    .toList();
        }
        assertThat(adapters).isNotEmpty();
        for (Path adapter : adapters) {
            assertThat(registered)
                    .as("%s is not registered: add it to ProviderAdapters.ALL", MODULE.relativize(adapter))
                    .contains(adapter.getFileName().toString());
        }
    }

    @Test
    void adaptersLiveInTheirOwnPackage() {
        for (ProviderAdapter adapter : ProviderAdapters.ALL) {
            assertThat(adapter.getClass().getPackageName())
                    .as("adapters live in dev.roocode.connectors.provider.<type without dashes>")
                    .isEqualTo(
                            "dev.roocode.connectors.provider." + adapter.type().replace("-", ""));
        }
    }

    /** Whether the source file declares an abstract base (a shared format's adapter base is not a type). */
    private static boolean isAbstract(Path source) {
        String name =
                PROVIDER_SOURCES.relativize(source).toString().replace('/', '.').replaceAll("\\.java$", "");
        Class<?> type = load("dev.roocode.connectors.provider." + name);
        return type != null && Modifier.isAbstract(type.getModifiers());
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(name);
        } catch (ClassNotFoundException e) {
            return null;
        }
    }

    /** The repository root: the nearest parent of the module holding docs/ and a pom.xml. */
    private static Path repositoryRoot() {
        for (Path p = MODULE.toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("docs")) && Files.isRegularFile(p.resolve("pom.xml"))) {
                return p;
            }
        }
        throw new IllegalStateException("no repository root with docs/ above " + MODULE);
    }
}
