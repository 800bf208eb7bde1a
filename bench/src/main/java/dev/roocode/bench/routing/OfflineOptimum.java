package dev.roocode.bench.routing;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The cheapest assignment of a known set of jobs to providers under the same capacities and deadlines the
 * router faced, computed offline with full knowledge of the future: a transportation problem over time slots.
 *
 * <p>Time is cut into slots of {@code slotMs}. Provider {@code p} serves at most {@code capacity[p]} jobs per
 * slot (from its RPM/TPM). A job released in slot {@code r} (its send time) may use any slot {@code s ≥ r} of
 * provider {@code p} whose end, plus {@code p}'s latency, is no later than its deadline. Jobs with the same
 * release slot and deadline form one supply node, so the network has (groups + providers × slots) nodes.
 * Every group may also go "late" (a big-M arc): the optimum then says how many jobs no assignment can finish
 * on time, instead of having no answer.
 *
 * <p>Rounding makes this a slight relaxation in one place (a job may be served from the start of the slot it
 * was released in) and slightly conservative in two others (deadlines are rounded down to a second, and service
 * must end with a slot); with slots short against the deadlines both effects are small, and the relaxation
 * dominates, so the figure is close to a lower bound of any schedule's cost.
 */
public final class OfflineOptimum {
    /** Cost units per USD: the solver works in integers (picodollars). */
    static final double UNITS_PER_USD = 1e12;
    /** Deadlines are rounded down to this grain (at most the slot) to group jobs: conservative by less than it. */
    static final long DEADLINE_GRAIN_MS = 1000;

    private static final long LATE_PENALTY = (long) (1e3 * UNITS_PER_USD);

    /**
     * One simulated provider as the optimum sees it.
     *
     * @param name         provider name
     * @param jobsPerSlot  jobs it can serve per slot
     * @param latencyMs    time from start of service to the answer
     * @param usdPerJob    price of one job
     */
    public record Provider(String name, long jobsPerSlot, long latencyMs, double usdPerJob) {}

    /** One job: when it was released and when it is due, in ms from the run's start. */
    public record Job(long releaseMs, long deadlineMs) {}

    /**
     * The answer.
     *
     * @param costUsd        total price of the jobs served on time plus the late ones at the cheapest price
     * @param late           jobs no assignment finishes by their deadline
     * @param jobsByProvider jobs assigned to each provider on time
     */
    public record Solution(double costUsd, long late, Map<String, Long> jobsByProvider) {}

    private OfflineOptimum() {}

    public static Solution solve(List<Job> jobs, List<Provider> providers, long slotMs) {
        // key: release slot << 32 | deadline ms rounded down to the grain (so a few hundred groups, not one per job)
        long grain = Math.min(DEADLINE_GRAIN_MS, slotMs);
        Map<Long, Long> groups = new LinkedHashMap<>();
        long lastSlot = 0;
        for (Job job : jobs) {
            long release = Math.max(0, job.releaseMs()) / slotMs;
            long key = release << 32 | Math.max(0, job.deadlineMs()) / grain * grain;
            groups.merge(key, 1L, Long::sum);
            lastSlot = Math.max(lastSlot, Math.max(0, job.deadlineMs()) / slotMs + 1);
        }
        int slots = (int) lastSlot + 1;
        int groupCount = groups.size();
        // nodes: source, groups, provider slots, late, sink
        int source = 0;
        int firstGroup = 1;
        int firstSlot = firstGroup + groupCount;
        int late = firstSlot + providers.size() * slots;
        int sink = late + 1;
        MinCostFlow flow = new MinCostFlow(sink + 1);
        long[] unitCost = providers.stream()
                .mapToLong(p -> Math.round(p.usdPerJob() * UNITS_PER_USD))
                .toArray();
        long cheapest = Arrays.stream(unitCost).min().orElse(0);
        List<int[]> slotArcs = new ArrayList<>(); // arc id, provider index
        for (int p = 0; p < providers.size(); p++) {
            for (int s = 0; s < slots; s++) {
                slotArcs.add(new int[] {
                    flow.addArc(
                            firstSlot + p * slots + s, sink, providers.get(p).jobsPerSlot(), 0),
                    p
                });
            }
        }
        int lateArc = flow.addArc(late, sink, Long.MAX_VALUE / 8, 0);
        int g = 0;
        for (Map.Entry<Long, Long> group : groups.entrySet()) {
            long release = group.getKey() >>> 32;
            long deadlineMs = group.getKey() & 0xffffffffL;
            int node = firstGroup + g++;
            flow.addArc(source, node, group.getValue(), 0);
            for (int p = 0; p < providers.size(); p++) {
                // the slot must end, and the answer arrive, by the deadline
                long lastUsable = (deadlineMs - providers.get(p).latencyMs()) / slotMs - 1;
                if (deadlineMs - providers.get(p).latencyMs() < 0) {
                    continue;
                }
                for (long s = release; s <= lastUsable && s < slots; s++) {
                    flow.addArc(node, firstSlot + p * slots + (int) s, group.getValue(), unitCost[p]);
                }
            }
            flow.addArc(node, late, group.getValue(), LATE_PENALTY + cheapest);
        }
        MinCostFlow.Flow result = flow.solve(source, sink, jobs.size());
        if (result.units() < jobs.size()) {
            throw new IllegalStateException(
                    "late arcs make every job placeable; got " + result.units() + " of " + jobs.size());
        }
        long lateJobs = flow.flowOn(lateArc);
        Map<String, Long> byProvider = new LinkedHashMap<>();
        providers.forEach(p -> byProvider.put(p.name(), 0L));
        for (int[] arc : slotArcs) {
            byProvider.merge(providers.get(arc[1]).name(), flow.flowOn(arc[0]), Long::sum);
        }
        double cost = (result.cost() - lateJobs * LATE_PENALTY) / UNITS_PER_USD;
        return new Solution(cost, lateJobs, byProvider);
    }
}
