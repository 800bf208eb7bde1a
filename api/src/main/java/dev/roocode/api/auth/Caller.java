package dev.roocode.api.auth;

/**
 * An authenticated caller.
 *
 * @param keyId  the id of the key used (never the key itself; safe to log)
 * @param tenant the tenant the key belongs to: its jobs, files and batches are that tenant's, and it sees only
 *               those; null for an admin key without a tenant
 * @param admin  whether the key may use the admin endpoints
 */
public record Caller(String keyId, String tenant, boolean admin) {}
