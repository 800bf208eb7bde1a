/** Who is calling: API keys resolved to a {@link dev.roocode.api.auth.Caller} (tenant, admin) by an {@link dev.roocode.api.auth.Authenticator}. */
package dev.roocode.api.auth;
