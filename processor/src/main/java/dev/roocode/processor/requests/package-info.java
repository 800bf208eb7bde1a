/**
 * What the intake and the finalizers share, composed into each: a task's request store (behind its
 * requestId filter), routing through the router, dispatch, the one Result per requestId, dead letters,
 * and the process-wide ledgers (in-flight reservations, global store versions) they are handed.
 */
package dev.roocode.processor.requests;
