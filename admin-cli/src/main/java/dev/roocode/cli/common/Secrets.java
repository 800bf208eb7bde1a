package dev.roocode.cli.common;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Reads a secret from standard input or a hidden prompt; never from the command line. */
public final class Secrets {
    private Secrets() {}

    /**
     * The secret: the first line of standard input when {@code fromStdin}, else a hidden prompt on a
     * terminal; otherwise a usage error pointing at {@code stdinFlag}.
     */
    public static String read(CliContext context, boolean fromStdin, String what, String stdinFlag) {
        if (fromStdin) {
            try {
                String text = new String(context.stdin().readAllBytes(), StandardCharsets.UTF_8);
                int newline = text.indexOf('\n');
                String secret = (newline < 0 ? text : text.substring(0, newline)).trim();
                if (secret.isEmpty()) {
                    throw CliException.usage(
                            stdinFlag + ": standard input is empty; pipe the " + what + " in, e.g. '< key.txt'");
                }
                return secret;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        if (context.prompter().interactive()) {
            char[] answer = context.prompter().askSecret(what);
            if (answer == null) {
                throw CliException.usage("no " + what + " entered");
            }
            return new String(answer).trim();
        }
        throw CliException.usage(
                "the " + what + " is needed: pass " + stdinFlag + " and pipe it in (it is never taken as an argument)");
    }
}
