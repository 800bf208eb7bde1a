/** Help beyond {@code --help}: shell completion and the generated docs/cli.md. */
package dev.roocode.cli.help;
