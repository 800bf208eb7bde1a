package dev.roocode.schemas.metrics;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@code tenant} label value of a job's tenant: the first {@code max} tenants seen keep their name, any
 * further one is counted as {@value #OTHER}, and a job without a tenant as {@value #NONE}. So a client that
 * invents a tenant per job cannot make the number of series (and Prometheus' memory) grow without bound.
 */
public final class TenantLabels {
    /** The label value of every tenant past the cap. */
    public static final String OTHER = "other";
    /** The label value of a job without a tenant. */
    public static final String NONE = "none";

    private final int max;
    private final Set<String> known = ConcurrentHashMap.newKeySet();

    public TenantLabels(int max) {
        if (max < 0) {
            throw new IllegalArgumentException("metrics.tenants.max must be at least 0, not " + max);
        }
        this.max = max;
    }

    /** The label value of {@code tenant} (null or blank: {@value #NONE}). */
    public String of(String tenant) {
        if (tenant == null || tenant.isBlank()) {
            return NONE;
        }
        if (known.contains(tenant)) {
            return tenant;
        }
        synchronized (this) {
            if (known.contains(tenant)) {
                return tenant;
            }
            if (known.size() < max) {
                known.add(tenant);
                return tenant;
            }
        }
        return OTHER;
    }
}
