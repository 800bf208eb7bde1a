package dev.roocode.core.topic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.roocode.core.topic.PartitionRule.TopicKind;
import org.junit.jupiter.api.Test;

class PartitionRuleTest {

    @Test
    void shouldGiveTheWideCountToJoinedResultAndDispatchTopicsAndOneToTheRest() {
        assertThat(PartitionRule.partitions(TopicKind.CO_PARTITIONED, 6)).isEqualTo(6);
        assertThat(PartitionRule.partitions(TopicKind.RESULTS, 6)).isEqualTo(6);
        assertThat(PartitionRule.partitions(TopicKind.DISPATCH, 6)).isEqualTo(6);
        assertThat(PartitionRule.partitions(TopicKind.OTHER, 6)).isEqualTo(1);
    }

    @Test
    void shouldRejectACountBelowOne() {
        assertThatThrownBy(() -> PartitionRule.partitions(TopicKind.RESULTS, 0)).hasMessageContaining("at least 1");
    }
}
