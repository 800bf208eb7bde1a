package dev.roocode.bench.routing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MinCostFlowTest {

    @Test
    void shouldFindTheCheapestPathsOnAClassicNetwork() {
        // s=0, t=3: at most 3 units reach t (arcs into it: 2 + 1); the optimum sends 2 via 0-1-3 (cost 2 each)
        // and 1 via 0-2-3 (cost 3), never the dear cross arc: 3 units, cost 7
        MinCostFlow flow = new MinCostFlow(4);
        flow.addArc(0, 1, 2, 1);
        flow.addArc(0, 2, 2, 2);
        flow.addArc(1, 3, 2, 1);
        flow.addArc(2, 3, 1, 1);
        flow.addArc(1, 2, 1, 5);
        assertThat(flow.solve(0, 3, 10)).isEqualTo(new MinCostFlow.Flow(3, 7));
    }

    @Test
    void shouldUndoAGreedyChoiceThroughAResidualArc() {
        // the first shortest path 0-1-2-3 (cost 3) blocks both other routes; the optimum for 2 units uses
        // 0-1-3 and 0-2-3 (cost 4 + 4 = 8), which needs the reverse arc 2→1
        MinCostFlow flow = new MinCostFlow(4);
        flow.addArc(0, 1, 1, 1);
        flow.addArc(0, 2, 1, 3);
        flow.addArc(1, 2, 1, 1);
        flow.addArc(1, 3, 1, 3);
        flow.addArc(2, 3, 1, 1);
        assertThat(flow.solve(0, 3, 1)).isEqualTo(new MinCostFlow.Flow(1, 3));
        MinCostFlow again = new MinCostFlow(4);
        again.addArc(0, 1, 1, 1);
        again.addArc(0, 2, 1, 3);
        int cross = again.addArc(1, 2, 1, 1);
        again.addArc(1, 3, 1, 3);
        again.addArc(2, 3, 1, 1);
        assertThat(again.solve(0, 3, 2)).isEqualTo(new MinCostFlow.Flow(2, 8));
        assertThat(again.flowOn(cross)).isZero();
    }

    @Test
    void shouldSolveATransportationProblemWithAKnownOptimum() {
        // supplies 20, 30; demands 10, 25, 15; costs {8,6,10},{9,12,13}: checked against a brute force over
        // every integer split
        long[] supply = {20, 30};
        long[] demand = {10, 25, 15};
        long[][] c = {{8, 6, 10}, {9, 12, 13}};
        MinCostFlow flow = new MinCostFlow(7);
        for (int i = 0; i < 2; i++) {
            flow.addArc(0, 1 + i, supply[i], 0);
            for (int j = 0; j < 3; j++) {
                flow.addArc(1 + i, 3 + j, 100, c[i][j]);
            }
        }
        for (int j = 0; j < 3; j++) {
            flow.addArc(3 + j, 6, demand[j], 0);
        }
        assertThat(flow.solve(0, 6, 100)).isEqualTo(new MinCostFlow.Flow(50, bruteForce(supply, demand, c)));
    }

    /** Source 0 ships x0j to demand j, source 1 the rest; every split enumerated. */
    private static long bruteForce(long[] supply, long[] demand, long[][] c) {
        long best = Long.MAX_VALUE;
        for (long a = 0; a <= demand[0]; a++) {
            for (long b = 0; b <= demand[1]; b++) {
                long d = supply[0] - a - b;
                if (d < 0 || d > demand[2]) {
                    continue;
                }
                long rest0 = demand[0] - a;
                long rest1 = demand[1] - b;
                long rest2 = demand[2] - d;
                if (rest0 + rest1 + rest2 != supply[1]) {
                    continue;
                }
                best = Math.min(
                        best,
                        a * c[0][0] + b * c[0][1] + d * c[0][2] + rest0 * c[1][0] + rest1 * c[1][1] + rest2 * c[1][2]);
            }
        }
        return best;
    }

    @Test
    void shouldStopAtTheMaximumFlowWhenTheLimitIsHigher() {
        MinCostFlow flow = new MinCostFlow(3);
        flow.addArc(0, 1, 5, 2);
        flow.addArc(1, 2, 3, 0);
        assertThat(flow.solve(0, 2, 1_000)).isEqualTo(new MinCostFlow.Flow(3, 6));
    }
}
