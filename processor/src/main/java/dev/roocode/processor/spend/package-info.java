/** Spend per batch and per tenant (actual and in flight), aggregated from dispatches and usage and published on the spend topic for budget caps. */
package dev.roocode.processor.spend;
