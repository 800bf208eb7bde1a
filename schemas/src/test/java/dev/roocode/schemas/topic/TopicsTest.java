package dev.roocode.schemas.topic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;

class TopicsTest {
    private final Topics topics = Topics.withPrefix("acme.");

    @Test
    void shouldKeepEveryTopicOfATenantUnderItsNamespace() {
        assertThat(topics.tenantJobs("blue").name()).isEqualTo("acme.tenant.blue.jobs");
        assertThat(topics.tenantReplies("blue").name()).isEqualTo("acme.tenant.blue.replies");
        assertThat(topics.tenantJobs("blue").name()).startsWith(topics.tenantNamespace("blue"));
    }

    @Test
    void shouldFindTheTenantOfATenantJobsTopicAndNoOther() {
        Matcher m = topics.tenantJobsPattern().matcher("acme.tenant.blue-2.jobs");
        assertThat(m.matches()).isTrue();
        assertThat(m.group(1)).isEqualTo("blue-2");
        assertThat(topics.tenantJobsPattern().matcher("acme.jobs").matches()).isFalse();
        assertThat(topics.tenantJobsPattern()
                        .matcher("acme.tenant.blue.replies")
                        .matches())
                .isFalse();
        assertThat(topics.tenantJobsPattern().matcher("acmeXtenant.blue.jobs").matches())
                .isFalse();
    }

    @Test
    void shouldRefuseTenantNamesThatWouldEscapeTheirNamespace() {
        assertThatThrownBy(() -> topics.tenantNamespace("blue.replies"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("tenant name must match");
        assertThatThrownBy(() -> topics.tenantJobs("")).isInstanceOf(IllegalArgumentException.class);
    }
}
