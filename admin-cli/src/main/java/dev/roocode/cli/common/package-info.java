/** What every command shares: the command-line context (environment, stdin, prompts), one-line errors, secret input. */
package dev.roocode.cli.common;
