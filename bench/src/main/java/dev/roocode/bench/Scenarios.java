package dev.roocode.bench;

import dev.roocode.bench.api.ApiScenario;
import dev.roocode.bench.peer.PeerScenario;
import dev.roocode.bench.routing.CostScenario;
import dev.roocode.bench.routing.OffloadScenario;
import dev.roocode.bench.scale.ScaleScenario;
import dev.roocode.bench.scenario.E2eScenario;
import dev.roocode.bench.scenario.EosScenario;
import dev.roocode.bench.scenario.FloorScenario;
import dev.roocode.bench.scenario.RawScenario;
import dev.roocode.bench.scenario.ReliabilityScenario;
import dev.roocode.bench.worker.QuotaScenario;
import dev.roocode.bench.worker.RecoveryScenario;
import dev.roocode.bench.worker.SlowScenario;
import java.util.List;
import java.util.Optional;

/** Every scenario the runner knows, in one greppable place: a new scenario is one line here. */
public final class Scenarios {
    public static final List<Scenario> ALL = List.of(
            new RawScenario(),
            new FloorScenario(),
            new E2eScenario(),
            new EosScenario(),
            new ReliabilityScenario(),
            new CostScenario(),
            new SlowScenario(),
            new QuotaScenario(),
            new RecoveryScenario(),
            new ScaleScenario(),
            new ApiScenario(),
            new OffloadScenario(),
            new PeerScenario());

    private Scenarios() {}

    public static Optional<Scenario> named(String name) {
        return ALL.stream().filter(s -> s.name().equals(name)).findFirst();
    }
}
