package dev.roocode.bench.load;

/** The value bytes of job {@code index} with the given request id (a serialized Roocode Job). */
@FunctionalInterface
public interface JobSource {
    byte[] value(String requestId, int index);
}
