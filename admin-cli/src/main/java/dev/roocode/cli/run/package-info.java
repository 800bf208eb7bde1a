/** {@code roocode run}: one batch file through an embedded Roocode, with progress and a summary. */
package dev.roocode.cli.run;
