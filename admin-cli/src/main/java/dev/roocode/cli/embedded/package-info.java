/** The embedded default: broker, registry, simulator, processor and connectors in one JVM. */
package dev.roocode.cli.embedded;
