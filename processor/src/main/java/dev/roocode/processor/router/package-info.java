/** Provider choice as plain classes with no Kafka types: candidates, token and cost estimates, strategies. */
package dev.roocode.processor.router;
