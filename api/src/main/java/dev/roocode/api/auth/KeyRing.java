package dev.roocode.api.auth;

import dev.roocode.api.http.ApiException;
import dev.roocode.schemas.avro.ApiKey;
import dev.roocode.schemas.avro.SpendTotal;
import java.net.InetAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The virtual API keys of the cluster in memory ({@code roocode keys create}), kept current by a {@link KeyRingFeed}
 * that follows the compacted api-keys topic (a revoke takes effect as soon as the feed reads its tombstone) and the
 * tenants' totals on the spend topic. Authenticates each request in this order: a key (401), the key's address
 * allowlist (403), its tenant's budget (429 {@code insufficient_quota}, as OpenAI answers an account out of credit)
 * and its requests-per-minute limit (429 {@code rate_limit_exceeded} with Retry-After). A refused request takes no
 * token. Until the feed has read both topics to their end the ring answers 503, so a restart never refuses a good key
 * with 401. Thread-safe.
 */
public final class KeyRing implements Authenticator {
    static final String MISSING_KEY = "You didn't provide an API key. You need to provide your API key in an"
            + " Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).";
    static final String WRONG_KEY = "Incorrect API key provided. Ask your Roocode admin for a key ('roocode keys"
            + " create'); 'roocode keys list' shows the ids of the keys that exist.";

    private final Clock clock;
    /** keyId → the key as last read, with its parsed allowlist; a tombstone removes it. */
    private final Map<String, Entry> keys = new ConcurrentHashMap<>();
    /** keyId → its rate limiter, created on the key's first request; dropped with the key. */
    private final Map<String, TokenBucket> buckets = new ConcurrentHashMap<>();
    /** tenant → committed USD (spent plus in flight) from the spend topic's {@code tenant:<name>} totals. */
    private final Map<String, Double> tenantSpend = new ConcurrentHashMap<>();

    private volatile boolean caughtUp;

    public KeyRing(Clock clock) {
        this.clock = clock;
    }

    /** One key as held here. */
    private record Entry(ApiKey key, List<Cidr> allowed, boolean allowlistDamaged) {
        boolean allows(InetAddress client) {
            if (allowlistDamaged) {
                return false;
            }
            return allowed.isEmpty() || allowed.stream().anyMatch(c -> c.contains(client));
        }
    }

    /**
     * Applies a record of the api-keys topic: a key, or (null) its revocation. A record whose key id differs from the
     * record's key is no key (written by hand, or damaged): it replaces the key of that record key like a tombstone.
     */
    public void onKey(String keyId, ApiKey key) {
        if (key == null || !key.getKeyId().equals(keyId)) {
            keys.remove(keyId);
            buckets.remove(keyId);
            return;
        }
        List<Cidr> allowed = new ArrayList<>();
        boolean damaged = false;
        for (String cidr : key.getAllowedCidrs()) {
            try {
                allowed.add(Cidr.parse(cidr));
            } catch (IllegalArgumentException e) {
                damaged = true; // fail closed: a block we cannot read must not turn into "any address"
            }
        }
        Entry previous = keys.put(keyId, new Entry(key, List.copyOf(allowed), damaged));
        if (previous != null && !sameRpm(previous.key(), key)) {
            buckets.remove(keyId);
        }
    }

    /** Applies a record of the spend topic; only {@code tenant:<name>} totals matter here. */
    public void onSpend(String scope, SpendTotal total) {
        if (scope == null || !scope.startsWith("tenant:")) {
            return;
        }
        String tenant = scope.substring("tenant:".length());
        if (total == null) {
            tenantSpend.remove(tenant);
        } else {
            tenantSpend.put(tenant, total.getCostUsd() + total.getInFlightUsd());
        }
    }

    /** Per tenant, the smallest budget (USD) of its keys that have one; tenants without a budgeted key are absent. */
    public Map<String, Double> tenantBudgets() {
        Map<String, Double> out = new java.util.TreeMap<>();
        for (Entry e : keys.values()) {
            ApiKey key = e.key();
            if (key.getTenant() != null && key.getBudgetUsd() != null) {
                out.merge(key.getTenant(), key.getBudgetUsd(), Math::min);
            }
        }
        return out;
    }

    /** The feed has read both topics to the end they had when it started: the ring may answer. */
    public void markCaughtUp() {
        caughtUp = true;
    }

    @Override
    public boolean ready() {
        return caughtUp;
    }

    @Override
    public Caller authenticate(String bearerKey, InetAddress client) {
        if (bearerKey == null || bearerKey.isEmpty()) {
            throw ApiException.unauthorized(MISSING_KEY);
        }
        if (!caughtUp) {
            throw ApiException.unavailable(
                    "The API is still reading its keys from the cluster; try again in a few seconds.");
        }
        KeySecrets.Presented presented = KeySecrets.parse(bearerKey);
        Entry entry = presented == null ? null : keys.get(presented.keyId());
        if (entry == null || !KeySecrets.matches(presented.secret(), entry.key().getSecretSha256())) {
            throw ApiException.unauthorized(WRONG_KEY);
        }
        ApiKey key = entry.key();
        if (!entry.allows(client)) {
            throw ApiException.forbidden("API key " + key.getKeyId()
                    + " may not be used from this address; its allowlist ('roocode keys list') does not include it.");
        }
        checkBudget(key);
        checkRate(key);
        return new Caller(key.getKeyId(), key.getTenant(), key.getAdmin());
    }

    private void checkBudget(ApiKey key) {
        if (key.getBudgetUsd() == null || key.getTenant() == null) {
            return;
        }
        double committed = tenantSpend.getOrDefault(key.getTenant(), 0.0);
        if (committed >= key.getBudgetUsd()) {
            throw new ApiException(
                    429,
                    "insufficient_quota",
                    null,
                    "insufficient_quota",
                    String.format(
                            "You exceeded your current quota: tenant %s has committed %.2f USD of the %.2f USD budget"
                                    + " of API key %s. Ask your Roocode admin for a key with a larger budget.",
                            key.getTenant(), committed, key.getBudgetUsd(), key.getKeyId()));
        }
    }

    private void checkRate(ApiKey key) {
        Integer rpm = key.getRpm();
        if (rpm == null) {
            return;
        }
        long now = clock.millis();
        long waitMs = buckets.computeIfAbsent(key.getKeyId(), id -> new TokenBucket(rpm, now))
                .tryTake(now);
        if (waitMs > 0) {
            long seconds = (waitMs + 999) / 1000;
            throw ApiException.rateLimited(
                    "Rate limit reached for API key " + key.getKeyId() + " on requests per minute (RPM): Limit " + rpm
                            + ". Please try again in " + seconds + "s.",
                    seconds);
        }
    }

    private static boolean sameRpm(ApiKey a, ApiKey b) {
        return a.getRpm() == null ? b.getRpm() == null : a.getRpm().equals(b.getRpm());
    }
}
