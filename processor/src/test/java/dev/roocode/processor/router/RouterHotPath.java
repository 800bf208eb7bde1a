package dev.roocode.processor.router;

import dev.roocode.schemas.avro.ChatMessage;
import dev.roocode.schemas.avro.Job;
import dev.roocode.schemas.avro.RoutePolicy;
import dev.roocode.schemas.tokens.JobTokens;
import java.util.List;
import java.util.Set;

/**
 * A JMH-free micro-benchmark of one routing decision (no Kafka): the cost benchmark's job over three
 * limited providers, split into token counting and the rest. Run by hand:
 * {@code java -cp <test classpath> dev.roocode.processor.router.RouterHotPath}.
 */
public final class RouterHotPath {
    private RouterHotPath() {}

    public static void main(String[] args) {
        Job job = RouterFixtures.job("b/1");
        job.getChat()
                .setMessages(List.of(
                        ChatMessage.newBuilder()
                                .setRole("system")
                                .setContent("You summarize in one sentence.")
                                .build(),
                        ChatMessage.newBuilder()
                                .setRole("user")
                                .setContent(String.format("Summarize document %012d", 0))
                                .build()));
        job.getChat().setMaxTokens(32);
        var providers = List.of(
                RouterFixtures.limited(RouterFixtures.provider("cheap", 0.15), 9600L, 1_113_600L),
                RouterFixtures.limited(RouterFixtures.provider("mid", 0.5), 14_400L, 417_600L),
                RouterFixtures.limited(RouterFixtures.provider("dear", 2.5), 19_200L, 2_227_200L));
        PolicyLookup none = new PolicyLookup() {
            @Override
            public RoutePolicy byModel(String model) {
                return null;
            }

            @Override
            public RoutePolicy byAlias(String alias) {
                return null;
            }
        };
        Router router = new Router();
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 2_000_000;
        for (int round = 0; round < 3; round++) {
            long sink = 0;
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                sink += JobTokens.inputTokens(job);
            }
            long t1 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                EffectiveRoute route = RoutePolicies.resolve(job, none, 3);
                RouteDecision d = router.route(new RouteRequest(
                        job, route, providers, LoadView.IDLE, SpendView.NONE, Set.of(), RouterFixtures.NOW));
                sink += d.hashCode();
            }
            long t2 = System.nanoTime();
            System.out.printf(
                    "round %d: tokens %.2f µs/job, resolve + route %.2f µs/job (%d)%n",
                    round, (t1 - t0) / 1e3 / n, (t2 - t1) / 1e3 / n, sink & 1);
        }
    }
}
