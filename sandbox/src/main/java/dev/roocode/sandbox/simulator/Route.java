package dev.roocode.sandbox.simulator;

/**
 * Where a call goes: the wire format that speaks at its path and the operation it is, or a null operation
 * when no format serves the path and {@code format} only renders the 404.
 */
record Route(WireFormat format, Operation operation) {}
