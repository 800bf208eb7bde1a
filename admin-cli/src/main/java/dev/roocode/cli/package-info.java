/** The {@code roocode} command: picocli, one class per verb, output only through picocli's writers. */
package dev.roocode.cli;
