/** The processor's meters (jobs accepted, routed, deferred, rejected; Results, dead letters, tokens, cost, budgets), defined in one place. */
package dev.roocode.processor.metrics;
