/**
 * The worker scenarios of issue #6 (slow provider, quota, recovery): jobs produced straight to a provider's
 * dispatch topic, served by connectors processes against the simulator process, outcomes read back.
 */
package dev.roocode.bench.worker;
