package dev.roocode.processor.router;

import static dev.roocode.processor.router.RouterFixtures.MODEL;
import static dev.roocode.processor.router.RouterFixtures.candidate;
import static dev.roocode.processor.router.RouterFixtures.job;
import static dev.roocode.processor.router.RouterFixtures.offer;
import static dev.roocode.processor.router.RouterFixtures.policy;
import static dev.roocode.processor.router.RouterFixtures.provider;
import static org.assertj.core.api.Assertions.assertThat;

import dev.roocode.schemas.avro.BreakerState;
import dev.roocode.schemas.avro.ChatMessage;
import dev.roocode.schemas.avro.ContentPart;
import dev.roocode.schemas.avro.Job;
import dev.roocode.schemas.avro.ProviderConfig;
import dev.roocode.schemas.avro.ProviderState;
import dev.roocode.schemas.avro.ProviderStatus;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CandidateFilterTest {

    @Test
    void shouldGiveAReasonForEveryExcludedProvider() {
        ProviderConfig inEu = provider("eu", 1.0);
        inEu.setRegion("eu-west");
        ProviderConfig small = provider("small", ProviderStatus.ACTIVE, offer(MODEL, 1.0));
        small.getOffers().get(0).setContextWindow(50);
        List<ProviderConfig> providers = List.of(
                provider("ok", 1.0),
                provider("off", ProviderStatus.INACTIVE, offer(MODEL, 1.0)),
                provider("tried", 1.0),
                provider("other", ProviderStatus.ACTIVE, offer("llama", 1.0)),
                small,
                inEu);
        Job job = job("r1");
        job.getRouting().setRegion("us");

        Candidates found = filter(job, PolicyLookup.NONE, providers, LoadView.IDLE, Set.of("tried"));

        assertThat(found.eligible()).isEmpty();
        assertThat(found.excluded())
                .extracting(Exclusion::toString)
                .containsExactly(
                        "ok: not in region us",
                        "off: INACTIVE",
                        "tried: already tried",
                        "other: not in region us",
                        "small: not in region us",
                        "eu: not in region us");
        job.getRouting().setRegion(null);
        assertThat(filter(job, PolicyLookup.NONE, providers, LoadView.IDLE, Set.of("tried"))
                        .excluded())
                .extracting(Exclusion::toString)
                .containsExactly(
                        "off: INACTIVE",
                        "tried: already tried",
                        "other: no CHAT offer for gpt-4o-mini",
                        "small: context window 50 < 109 tokens");
    }

    @Test
    void shouldMatchRegionByResidencyTag() {
        ProviderConfig tagged = provider("tagged", 1.0);
        tagged.setTags(List.of("eu"));
        Job job = job("r1");
        job.getRouting().setRegion("eu");
        assertThat(filter(job, PolicyLookup.NONE, List.of(tagged), LoadView.IDLE, Set.of())
                        .eligible())
                .extracting(Candidate::name)
                .containsExactly("tagged");
    }

    @Test
    void shouldRequireCapabilitiesTheRequestUses() {
        Job job = job("r1");
        job.getChat().setToolsJson("[{\"type\":\"function\",\"function\":{\"name\":\"f\"}}]");
        job.getChat().setResponseFormatJson("{\"type\":\"json_object\"}");
        job.getChat()
                .setMessages(List.of(ChatMessage.newBuilder()
                        .setRole("user")
                        .setParts(List.of(ContentPart.newBuilder()
                                .setType("image_url")
                                .setImageUrl("https://x/y.png")
                                .build()))
                        .build()));
        List<ProviderConfig> providers = List.of(
                provider("plain", ProviderStatus.ACTIVE, offer(MODEL, 1.0)),
                provider("tools", ProviderStatus.ACTIVE, offer(MODEL, 1.0, "tools")),
                provider("all", ProviderStatus.ACTIVE, offer(MODEL, 1.0, "json", "tools", "vision")));

        Candidates found = filter(job, PolicyLookup.NONE, providers, LoadView.IDLE, Set.of());

        assertThat(found.eligible()).extracting(Candidate::name).containsExactly("all");
        assertThat(found.excluded())
                .extracting(Exclusion::toString)
                .containsExactly("plain: offer lacks capability json", "tools: offer lacks capability json");
    }

    @Test
    void shouldExcludeAProviderWhoseTypeCannotHonourAFieldTheJobUses() {
        Job job = job("r1");
        job.getChat().setSeed(42L);
        ProviderConfig claude = provider("claude", 0.1);
        claude.setType("anthropic");
        List<ProviderConfig> providers = List.of(claude, provider("gpt", 1.0));

        Candidates found = filter(job, PolicyLookup.NONE, providers, LoadView.IDLE, Set.of());

        assertThat(found.eligible()).extracting(Candidate::name).containsExactly("gpt");
        assertThat(found.excluded())
                .extracting(Exclusion::toString)
                .containsExactly("claude: type anthropic cannot honour field seed");
        job.getChat().setSeed(null);
        assertThat(filter(job, PolicyLookup.NONE, providers, LoadView.IDLE, Set.of())
                        .eligible())
                .extracting(Candidate::name)
                .as("without the seed both can serve it")
                .containsExactlyInAnyOrder("claude", "gpt");
    }

    @Test
    void shouldLetACatchAllOfferWithoutDeclaredCapabilitiesPassEverythingThrough() {
        Job job = job("r1");
        job.getChat().setToolsJson("[]");
        job.getChat().setResponseFormatJson("{\"type\":\"json_object\"}");
        List<ProviderConfig> providers = List.of(
                provider("sim", ProviderStatus.ACTIVE, offer("*", 0)),
                provider("strict", ProviderStatus.ACTIVE, offer("*", 0, "json")));

        Candidates found = filter(job, PolicyLookup.NONE, providers, LoadView.IDLE, Set.of());

        assertThat(found.eligible()).extracting(Candidate::name).containsExactly("sim");
        assertThat(found.excluded())
                .extracting(Exclusion::toString)
                .containsExactly("strict: offer lacks capability tools");
    }

    @Test
    void shouldCountThePromptByTheRatioObservedAtTheProviderModel() {
        Job job = job("r1");
        JobProfile profile = JobProfile.of(job, MODEL);
        ProviderConfig llama = provider("llama", 1.0);
        llama.getOffers().get(0).setContextWindow((int) profile.totalTokens()); // fits by the estimate, exactly
        String providerModel = Offers.providerModel(llama.getOffers().get(0), MODEL);

        assertThat(filter(job, PolicyLookup.NONE, List.of(llama), withRatios(Map.of(providerModel, 4.8)), Set.of())
                        .excluded())
                .extracting(Exclusion::toString)
                .singleElement()
                .asString()
                .startsWith("llama: context window " + profile.totalTokens() + " < "
                        + ((long) Math.ceil(profile.inputTokens() * 4.8) + profile.outputTokens()) + " tokens")
                .contains("× 4.80 observed");
        assertThat(filter(job, PolicyLookup.NONE, List.of(llama), withRatios(Map.of("another-model", 4.8)), Set.of())
                        .eligible())
                .as("a ratio of another provider model")
                .extracting(Candidate::name)
                .containsExactly("llama");
    }

    @Test
    void shouldNotLetAJobInOnATokenizerThatCountsFewer() {
        Job job = job("r1");
        JobProfile profile = JobProfile.of(job, MODEL);
        ProviderConfig small = provider("small", 1.0);
        small.getOffers().get(0).setContextWindow((int) profile.totalTokens() - 1);
        String providerModel = Offers.providerModel(small.getOffers().get(0), MODEL);

        assertThat(filter(job, PolicyLookup.NONE, List.of(small), withRatios(Map.of(providerModel, 0.5)), Set.of())
                        .excluded())
                .extracting(Exclusion::toString)
                .containsExactly("small: context window " + (profile.totalTokens() - 1) + " < " + profile.totalTokens()
                        + " tokens");
    }

    private static LoadView withRatios(Map<String, Double> ratios) {
        return config -> ProviderLoad.of(
                config,
                ProviderState.newBuilder()
                        .setProvider(config.getName())
                        .setWindowStart(RouterFixtures.NOW)
                        .setUpdatedAt(RouterFixtures.NOW)
                        .setPromptTokenRatios(ratios)
                        .build(),
                Reservation.NONE);
    }

    @Test
    void shouldExcludeProvidersWithOpenCircuit() {
        ProviderConfig open = provider("open", 1.0);
        ProviderState state = ProviderState.newBuilder()
                .setProvider("open")
                .setWindowStart(RouterFixtures.NOW)
                .setBreaker(BreakerState.OPEN)
                .setUpdatedAt(RouterFixtures.NOW)
                .build();
        LoadView loads = config -> ProviderLoad.of(config, state, Reservation.NONE);
        assertThat(filter(job("r1"), PolicyLookup.NONE, List.of(open), loads, Set.of())
                        .excluded())
                .extracting(Exclusion::toString)
                .containsExactly("open: circuit open");
    }

    @Test
    void shouldKeepOnlyPolicyCandidatesAndTheirPriorityAndWeight() {
        PolicyLookup policies =
                PolicyLookup.of(List.of(policy(MODEL, candidate("a", 2, 7)).build()));
        Candidates found =
                filter(job("r1"), policies, List.of(provider("a", 1.0), provider("b", 0.1)), LoadView.IDLE, Set.of());
        assertThat(found.eligible()).singleElement().satisfies(c -> {
            assertThat(c.name()).isEqualTo("a");
            assertThat(c.priority()).isEqualTo(2);
            assertThat(c.weight()).isEqualTo(7);
        });
        assertThat(found.excluded())
                .extracting(Exclusion::toString)
                .containsExactly("b: not a candidate of route gpt-4o-mini");
    }

    @Test
    void shouldNotLetAJobNameAProviderOutsideThePolicy() {
        PolicyLookup policies =
                PolicyLookup.of(List.of(policy(MODEL, candidate("a", 0, 1)).build()));
        Job job = job("r1");
        job.getRouting().setProvider("b");
        Candidates found =
                filter(job, policies, List.of(provider("a", 1.0), provider("b", 0.1)), LoadView.IDLE, Set.of());
        assertThat(found.eligible()).isEmpty();
        assertThat(found.excluded())
                .extracting(Exclusion::toString)
                .containsExactly("b: not a candidate of route gpt-4o-mini");
    }

    @Test
    void shouldOpenANamedJobsFallbackChainOnceTheNamedProviderWasTried() {
        Job job = job("r1");
        job.getRouting().setProvider("a");
        job.getRouting().setFallbacks(List.of("b"));
        List<ProviderConfig> providers = List.of(provider("a", 1.0), provider("b", 2.0), provider("c", 0.1));

        assertThat(filter(job, PolicyLookup.NONE, providers, LoadView.IDLE, Set.of())
                        .eligible())
                .extracting(Candidate::name)
                .containsExactly("a");
        assertThat(filter(job, PolicyLookup.NONE, providers, LoadView.IDLE, Set.of("a"))
                        .eligible())
                .as("after a: its fallback b, never the cheaper c the job did not name")
                .extracting(Candidate::name)
                .containsExactly("b");
    }

    private static Candidates filter(
            Job job, PolicyLookup policies, List<ProviderConfig> providers, LoadView loads, Set<String> tried) {
        EffectiveRoute route = RoutePolicies.resolve(job, policies, 3);
        return CandidateFilter.filter(JobProfile.of(job, route.model()), route, providers, loads, tried);
    }
}
