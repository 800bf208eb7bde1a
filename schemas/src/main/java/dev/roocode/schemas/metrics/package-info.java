/** What every service shares for its metrics: the Prometheus registry with the JVM's own meters, the /metrics route, tenant label folding. */
package dev.roocode.schemas.metrics;
