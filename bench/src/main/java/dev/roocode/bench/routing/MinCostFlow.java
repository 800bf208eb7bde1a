package dev.roocode.bench.routing;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Min-cost flow by successive shortest paths: Dijkstra on reduced costs (Johnson potentials), pushing the
 * path's bottleneck each time. Costs must be non-negative (then the zero potential is valid from the start).
 * Small and dependency-free: the benchmark's transportation problems have a few thousand nodes and tens of
 * thousands of arcs, and the number of augmentations stays near the number of distinct (job group, slot)
 * pairs used, far below the number of jobs.
 */
public final class MinCostFlow {
    private static final long INF = Long.MAX_VALUE / 4;

    private final int nodes;
    private final List<int[]> arcsOf; // per node: growing int list of arc ids, kept as arrays below
    private int[] to = new int[16];
    private long[] cap = new long[16];
    private long[] cost = new long[16];
    private int arcs;
    private int[][] adjacency;

    /** The outcome: units sent and their total cost. */
    public record Flow(long units, long cost) {}

    public MinCostFlow(int nodes) {
        this.nodes = nodes;
        this.arcsOf = new ArrayList<>(nodes);
        for (int i = 0; i < nodes; i++) {
            arcsOf.add(new int[] {0});
        }
    }

    /**
     * Adds an arc {@code from → to} with capacity and cost per unit; returns its id (for {@link #flowOn}).
     */
    public int addArc(int from, int toNode, long capacity, long unitCost) {
        if (unitCost < 0 || capacity < 0) {
            throw new IllegalArgumentException("capacity and cost must be non-negative");
        }
        if (arcs + 2 > to.length) {
            to = Arrays.copyOf(to, to.length * 2);
            cap = Arrays.copyOf(cap, cap.length * 2);
            cost = Arrays.copyOf(cost, cost.length * 2);
        }
        int id = arcs;
        to[arcs] = toNode;
        cap[arcs] = capacity;
        cost[arcs] = unitCost;
        append(from, arcs++);
        to[arcs] = from;
        cap[arcs] = 0;
        cost[arcs] = -unitCost;
        append(toNode, arcs++);
        adjacency = null;
        return id;
    }

    private void append(int node, int arc) {
        int[] list = arcsOf.get(node);
        if (list[0] + 1 >= list.length) {
            list = Arrays.copyOf(list, list.length * 2);
            arcsOf.set(node, list);
        }
        list[++list[0]] = arc;
    }

    /** Units currently on arc {@code id} (as returned by {@link #addArc}). */
    public long flowOn(int id) {
        return cap[id ^ 1];
    }

    /** Sends up to {@code limit} units from {@code source} to {@code sink} at least total cost. */
    public Flow solve(int source, int sink, long limit) {
        if (adjacency == null) {
            adjacency = new int[nodes][];
            for (int i = 0; i < nodes; i++) {
                int[] list = arcsOf.get(i);
                adjacency[i] = Arrays.copyOfRange(list, 1, list[0] + 1);
            }
        }
        long[] potential = new long[nodes];
        long[] dist = new long[nodes];
        int[] via = new int[nodes];
        long units = 0;
        long total = 0;
        while (units < limit) {
            Arrays.fill(dist, INF);
            Arrays.fill(via, -1);
            dist[source] = 0;
            PriorityQueue<long[]> queue = new PriorityQueue<>((a, b) -> Long.compare(a[0], b[0]));
            queue.add(new long[] {0, source});
            while (!queue.isEmpty()) {
                long[] head = queue.poll();
                int u = (int) head[1];
                if (head[0] > dist[u]) {
                    continue;
                }
                for (int arc : adjacency[u]) {
                    if (cap[arc] <= 0) {
                        continue;
                    }
                    int v = to[arc];
                    long candidate = dist[u] + cost[arc] + potential[u] - potential[v];
                    if (candidate < dist[v]) {
                        dist[v] = candidate;
                        via[v] = arc;
                        queue.add(new long[] {candidate, v});
                    }
                }
            }
            if (dist[sink] >= INF) {
                break;
            }
            for (int i = 0; i < nodes; i++) {
                if (dist[i] < INF) {
                    potential[i] += dist[i];
                }
            }
            long push = limit - units;
            for (int v = sink; v != source; v = to[via[v] ^ 1]) {
                push = Math.min(push, cap[via[v]]);
            }
            for (int v = sink; v != source; v = to[via[v] ^ 1]) {
                cap[via[v]] -= push;
                cap[via[v] ^ 1] += push;
                total += push * cost[via[v]];
            }
            units += push;
        }
        return new Flow(units, total);
    }
}
