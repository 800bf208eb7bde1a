/** A Roocode service main run as a real child JVM, for tests of its start-up, health and shutdown. */
package dev.roocode.sandbox.process;
