/** Routing strategies, one per class behind {@link dev.roocode.processor.router.strategy.RouteStrategy}: plain Java, no Kafka types. */
package dev.roocode.processor.router.strategy;
