package dev.roocode.cli.common;

import java.io.Console;

/** Asks the user on a terminal. Secrets are read without echo and never printed back. */
public interface Prompter {
    /** Whether questions can be asked (a terminal is attached). */
    boolean interactive();

    /** Asks {@code question}; an empty answer gives {@code defaultValue} (may be null). */
    String ask(String question, String defaultValue);

    /** Asks for a secret without echo; null when the user enters nothing. */
    char[] askSecret(String question);

    /** Not interactive: every question is an error in the calling command. */
    Prompter NONE = new Prompter() {
        @Override
        public boolean interactive() {
            return false;
        }

        @Override
        public String ask(String question, String defaultValue) {
            throw new IllegalStateException("not interactive");
        }

        @Override
        public char[] askSecret(String question) {
            throw new IllegalStateException("not interactive");
        }
    };

    /** The process console when there is one, else {@link #NONE}. */
    static Prompter console() {
        Console console = System.console();
        if (console == null) {
            return NONE;
        }
        return new Prompter() {
            @Override
            public boolean interactive() {
                return true;
            }

            @Override
            public String ask(String question, String defaultValue) {
                String answer = console.readLine(
                        "%s%s: ",
                        question, defaultValue == null || defaultValue.isEmpty() ? "" : " [" + defaultValue + "]");
                return answer == null || answer.isBlank() ? defaultValue : answer.trim();
            }

            @Override
            public char[] askSecret(String question) {
                char[] answer = console.readPassword("%s (input hidden): ", question);
                return answer == null || answer.length == 0 ? null : answer;
            }
        };
    }
}
