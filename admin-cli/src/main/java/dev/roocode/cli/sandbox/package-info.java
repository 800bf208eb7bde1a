/** {@code roocode sandbox}: a long-running embedded Roocode for the cluster commands. */
package dev.roocode.cli.sandbox;
