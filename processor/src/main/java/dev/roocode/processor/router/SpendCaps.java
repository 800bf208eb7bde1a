package dev.roocode.processor.router;

import dev.roocode.schemas.avro.Job;

/**
 * The batch and tenant caps of a route policy against money committed so far (spent plus in
 * flight). Estimates are checked before dispatch and actual usage can come out higher than the
 * estimate, so a cap bounds what is dispatched, and the spend it is checked against corrects
 * itself as attempts finish.
 */
final class SpendCaps {
    private SpendCaps() {}

    /** Why dispatching a job estimated at {@code estimateUsd} would break a cap, or null when it would not. */
    static String problem(Job job, EffectiveRoute route, SpendView spend, double estimateUsd) {
        if (route.maxCostUsdPerBatch() != null && job.getBatchId() != null) {
            double spent = spend.batchUsd(job.getBatchId());
            if (spent + estimateUsd > route.maxCostUsdPerBatch()) {
                return "batch " + job.getBatchId() + " has committed " + Router.usd(spent) + " of its "
                        + Router.usd(route.maxCostUsdPerBatch()) + " cap; this job's estimate "
                        + Router.usd(estimateUsd) + " would exceed it";
            }
        }
        if (route.maxCostUsdPerTenant() != null && job.getTenant() != null) {
            double spent = spend.tenantUsd(job.getTenant());
            if (spent + estimateUsd > route.maxCostUsdPerTenant()) {
                return "tenant " + job.getTenant() + " has committed " + Router.usd(spent) + " of its "
                        + Router.usd(route.maxCostUsdPerTenant()) + " cap; this job's estimate "
                        + Router.usd(estimateUsd) + " would exceed it";
            }
        }
        return null;
    }
}
