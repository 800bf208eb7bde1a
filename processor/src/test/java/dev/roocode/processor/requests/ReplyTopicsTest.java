package dev.roocode.processor.requests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roocode.schemas.avro.ChatMessage;
import dev.roocode.schemas.avro.ChatRequest;
import dev.roocode.schemas.avro.Job;
import dev.roocode.schemas.avro.JobKind;
import dev.roocode.schemas.avro.RoutingHints;
import dev.roocode.schemas.topic.Topics;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ReplyTopicsTest {
    private final Topics topics = Topics.withPrefix("acme.");
    private final Set<String> existing = Set.of(
            "acme.results",
            "acme.replies.app",
            "acme.tenant.blue.replies",
            "acme.tenant.blue.replies-2",
            "acme.tenant.red.replies");
    private final ReplyTopics rule =
            new ReplyTopics(topics, Pattern.compile(topics.defaultReplyTopicsAllowed()), existing::contains);

    @Test
    void shouldTellATenantJobsTopicFromTheSharedOne() {
        assertThat(rule.tenantOf("acme.tenant.blue.jobs")).isEqualTo("blue");
        assertThat(rule.tenantOf("acme.jobs")).isNull();
        assertThat(rule.tenantOf("acme.tenant.blue.replies")).isNull();
    }

    @Test
    void shouldMakeATenantsJobItsOwnAndReplyOnItsRepliesTopicByDefault() {
        Job admitted = admitted(rule.admit(job(null, null), "blue"));

        assertThat(admitted.getTenant()).isEqualTo("blue");
        assertThat(admitted.getReplyTo()).isEqualTo("acme.tenant.blue.replies");
        assertThat(rule.replyTopic(admitted)).isEqualTo("acme.tenant.blue.replies");
    }

    @Test
    void shouldLetATenantsJobNameAnyExistingTopicOfItsNamespace() {
        Job admitted = admitted(rule.admit(job("blue", "acme.tenant.blue.replies-2"), "blue"));

        assertThat(rule.replyTopic(admitted)).isEqualTo("acme.tenant.blue.replies-2");
    }

    @Test
    void shouldRefuseATenantsJobNamingAnotherTenantAndAnswerOnItsOwnRepliesTopic() {
        ReplyTopics.Refused refused = refused(rule.admit(job("red", null), "blue"));

        assertThat(refused.replyTopic()).isEqualTo("acme.tenant.blue.replies");
        assertThat(refused.deadLetter()).isTrue();
        assertThat(refused.reason()).contains("acme.tenant.blue.jobs", "'red'");
    }

    @Test
    void shouldRefuseATenantsJobNamingAReplyTopicOutsideItsNamespace() {
        for (String elsewhere : List.of("acme.tenant.red.replies", "acme.results", "acme.replies.app")) {
            ReplyTopics.Refused refused = refused(rule.admit(job(null, elsewhere), "blue"));

            assertThat(refused.replyTopic()).as(elsewhere).isEqualTo("acme.tenant.blue.replies");
            assertThat(refused.deadLetter()).isTrue();
            assertThat(refused.reason()).contains(elsewhere, "acme.tenant.blue.");
        }
    }

    @Test
    void shouldRefuseASharedTopicJobNamingATenantsReplyTopicEvenWhenTheAllowlistMatchesIt() {
        ReplyTopics permissive = new ReplyTopics(topics, Pattern.compile(".*"), existing::contains);

        ReplyTopics.Refused refused = refused(permissive.admit(job("red", "acme.tenant.red.replies"), null));

        assertThat(refused.replyTopic()).isEqualTo("acme.results");
        assertThat(refused.deadLetter()).isTrue();
        assertThat(refused.reason()).contains("acme.tenant.red.replies", "tenant namespace");
    }

    @Test
    void shouldKeepTheAllowlistForSharedTopicJobs() {
        assertThat(admitted(rule.admit(job("red", "acme.replies.app"), null)).getTenant())
                .as("a trusted writer may still name a tenant for spend caps")
                .isEqualTo("red");
        assertThat(refused(rule.admit(job(null, "acme.providers"), null)).deadLetter())
                .isFalse();
    }

    @Test
    void shouldNeverSendAResultIntoATenantNamespaceForAJobOfAnotherTenant() {
        assertThat(rule.replyTopic(job("blue", "acme.tenant.red.replies"))).isEqualTo("acme.results");
        assertThat(rule.replyTopic(job(null, "acme.tenant.red.replies"))).isEqualTo("acme.results");
        assertThat(rule.replyTopic(job("red", "acme.tenant.red.replies"))).isEqualTo("acme.tenant.red.replies");
    }

    @Test
    void shouldAnswerATenantWithoutARepliesTopicOnTheResultsTopic() {
        assertThat(rule.defaultReplyTopic("green")).isEqualTo("acme.results");
        assertThat(refused(rule.admit(job(null, null), "green")).replyTopic()).isEqualTo("acme.results");
    }

    private static Job admitted(ReplyTopics.Admission admission) {
        assertThat(admission).isInstanceOf(ReplyTopics.Admitted.class);
        return ((ReplyTopics.Admitted) admission).job();
    }

    private static ReplyTopics.Refused refused(ReplyTopics.Admission admission) {
        assertThat(admission).isInstanceOf(ReplyTopics.Refused.class);
        return (ReplyTopics.Refused) admission;
    }

    private static Job job(String tenant, String replyTo) {
        return Job.newBuilder()
                .setRequestId("r1")
                .setKind(JobKind.CHAT)
                .setModel("gpt-4o-mini")
                .setTenant(tenant)
                .setReplyTo(replyTo)
                .setChat(ChatRequest.newBuilder()
                        .setMessages(List.of(ChatMessage.newBuilder()
                                .setRole("user")
                                .setContent("hi")
                                .build()))
                        .build())
                .setRouting(RoutingHints.newBuilder().build())
                .setSubmittedAt(Instant.parse("2026-11-25T12:00:00Z"))
                .build();
    }
}
