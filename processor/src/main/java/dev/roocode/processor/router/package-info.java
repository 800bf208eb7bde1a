/**
 * Provider choice as plain classes with no Kafka types (a build rule checks it): route policies
 * ({@link dev.roocode.processor.router.RoutePolicies}), the candidate filter, token and cost
 * estimates, budget caps, reservations, the {@link dev.roocode.processor.router.Router} and the
 * reusable {@link dev.roocode.processor.router.QuotePlanner}; strategies are in {@code router.strategy}.
 */
package dev.roocode.processor.router;
