package dev.roocode.processor.router.strategy;

import dev.roocode.processor.router.Candidate;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;

/**
 * WEIGHTED: an A/B split, sticky per requestId, by weighted rendezvous hashing. Each candidate
 * scores {@code -ln(u) / weight} with {@code u} a uniform hash of (requestId, provider) in (0, 1);
 * the lowest score wins, so a provider wins {@code weight / total} of the jobs. A job's score on a
 * provider depends only on that pair, so changing one provider's weight moves only jobs to or from
 * that provider (10% → 20% moves about 10% of jobs, all onto it), and a re-route to the next
 * candidate is the same for every instance. Weight 0 or less never wins while another candidate is left.
 */
public final class WeightedStrategy implements RouteStrategy {
    @Override
    public List<Candidate> rank(List<Candidate> candidates, RankingInput input) {
        return candidates.stream()
                .sorted(Comparator.comparingDouble((Candidate c) -> score(input.requestId(), c.name(), c.weight()))
                        .thenComparing(Orderings.BY_NAME))
                .toList();
    }

    static double score(String requestId, String provider, int weight) {
        if (weight <= 0) {
            return Double.POSITIVE_INFINITY;
        }
        return -Math.log(unitHash(requestId + '\u0000' + provider)) / weight;
    }

    /** A hash of {@code key} spread uniformly over (0, 1): FNV-1a 64 over UTF-8, then the SplitMix64 finalizer. */
    static double unitHash(String key) {
        long h = 0xcbf29ce484222325L;
        for (byte b : key.getBytes(StandardCharsets.UTF_8)) {
            h = (h ^ (b & 0xff)) * 0x100000001b3L;
        }
        h = (h ^ (h >>> 30)) * 0xbf58476d1ce4e5b9L;
        h = (h ^ (h >>> 27)) * 0x94d049bb133111ebL;
        h = h ^ (h >>> 31);
        return ((h >>> 11) + 0.5) / (1L << 53);
    }
}
