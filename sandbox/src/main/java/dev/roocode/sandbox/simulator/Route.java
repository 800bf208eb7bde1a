package dev.roocode.sandbox.simulator;

/** A served path: which wire format speaks there and which operation it is. */
record Route(WireFormat format, Operation operation) {}
