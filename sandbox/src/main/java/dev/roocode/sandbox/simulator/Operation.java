package dev.roocode.sandbox.simulator;

/** The kinds of call the simulator answers, whatever the provider's wire format calls them. */
enum Operation {
    CHAT,
    EMBEDDINGS
}
