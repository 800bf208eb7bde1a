/** {@code roocode providers}: the providers file format, the provider commands and their diagnostics. */
package dev.roocode.cli.provider;
