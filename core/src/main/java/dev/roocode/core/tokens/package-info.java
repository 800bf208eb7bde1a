/** Counting a job's tokens before any provider sees it: one estimator for routing and for pacing. */
package dev.roocode.core.tokens;
