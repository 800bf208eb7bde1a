package dev.roocode.schemas.topic;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.CreateTopicsResult;
import org.apache.kafka.clients.admin.DescribeTopicsResult;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicCollection;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.internals.KafkaFutureImpl;

/** An {@link Admin} that knows topics and partition counts, and fails listOffsets a set number of times. */
final class FakeAdmin {
    private static final Node LEADER = new Node(1, "localhost", 9092);

    final Map<String, Integer> topics = new LinkedHashMap<>();
    final AtomicInteger listOffsetsCalls = new AtomicInteger();
    int listOffsetsFailures;
    RuntimeException listOffsetsError;
    RuntimeException createError;

    Admin admin() {
        return (Admin) Proxy.newProxyInstance(
                Admin.class.getClassLoader(),
                new Class<?>[] {Admin.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "createTopics" -> createTopics(castTopics(args[0]));
                    case "describeTopics" ->
                        describeTopics(
                                args[0] instanceof TopicCollection.TopicNameCollection names
                                        ? names.topicNames()
                                        : castNames(args[0]));
                    case "listOffsets" -> listOffsets(castSpecs(args[0]));
                    case "close" -> null;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private CreateTopicsResult createTopics(Collection<NewTopic> requested) {
        Map<String, KafkaFuture<CreateTopicsResult.TopicMetadataAndConfig>> results = new LinkedHashMap<>();
        for (NewTopic topic : requested) {
            KafkaFutureImpl<CreateTopicsResult.TopicMetadataAndConfig> future = new KafkaFutureImpl<>();
            if (createError != null) {
                future.completeExceptionally(createError);
            } else if (topics.containsKey(topic.name())) {
                future.completeExceptionally(new TopicExistsException("Topic '" + topic.name() + "' already exists."));
            } else {
                topics.put(topic.name(), Math.max(1, topic.numPartitions()));
                future.complete(null);
            }
            results.put(topic.name(), future);
        }
        return new CreateTopicsResult(results) {};
    }

    private DescribeTopicsResult describeTopics(Collection<String> names) {
        Map<String, KafkaFuture<TopicDescription>> results = new LinkedHashMap<>();
        for (String name : names) {
            KafkaFutureImpl<TopicDescription> future = new KafkaFutureImpl<>();
            Integer partitions = topics.get(name);
            if (partitions == null) {
                future.completeExceptionally(new UnknownTopicOrPartitionException(name));
            } else {
                List<TopicPartitionInfo> infos = new ArrayList<>();
                for (int p = 0; p < partitions; p++) {
                    infos.add(new TopicPartitionInfo(p, LEADER, List.of(LEADER), List.of(LEADER)));
                }
                future.complete(new TopicDescription(name, false, infos));
            }
            results.put(name, future);
        }
        return new DescribeTopicsResult(null, results) {};
    }

    private ListOffsetsResult listOffsets(Map<TopicPartition, OffsetSpec> partitions) {
        Map<TopicPartition, KafkaFuture<ListOffsetsResult.ListOffsetsResultInfo>> results = new LinkedHashMap<>();
        boolean fail = listOffsetsCalls.incrementAndGet() <= listOffsetsFailures;
        for (TopicPartition partition : partitions.keySet()) {
            KafkaFutureImpl<ListOffsetsResult.ListOffsetsResultInfo> future = new KafkaFutureImpl<>();
            if (fail) {
                future.completeExceptionally(listOffsetsError);
            } else {
                future.complete(new ListOffsetsResult.ListOffsetsResultInfo(0, -1, Optional.empty()));
            }
            results.put(partition, future);
        }
        return new ListOffsetsResult(results);
    }

    @SuppressWarnings("unchecked")
    private static Collection<NewTopic> castTopics(Object o) {
        return (Collection<NewTopic>) o;
    }

    @SuppressWarnings("unchecked")
    private static Collection<String> castNames(Object o) {
        return (Collection<String>) o;
    }

    @SuppressWarnings("unchecked")
    private static Map<TopicPartition, OffsetSpec> castSpecs(Object o) {
        return (Map<TopicPartition, OffsetSpec>) o;
    }
}
