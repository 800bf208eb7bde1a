package dev.roocode.sandbox.simulator;

/**
 * What the simulator keeps of a conversation, whatever the provider calls its turns: the characters of all
 * text (for the token estimate) and the text of the last user turn (which the reply quotes).
 */
final class Transcript {

    private long characters;
    private String lastUser = "";

    /** Starts with a system prompt's text (empty when none). */
    Transcript(String system) {
        this.characters = system.length();
    }

    void add(boolean user, String text) {
        characters += text.length();
        if (user) {
            lastUser = text;
        }
    }

    SimRequest request(String model, int maxTokens) {
        return SimRequest.chat(model, characters, lastUser, maxTokens);
    }
}
