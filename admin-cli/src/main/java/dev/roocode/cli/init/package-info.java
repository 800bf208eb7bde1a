/** {@code roocode init}: topics and schemas of a cluster, created idempotently. */
package dev.roocode.cli.init;
