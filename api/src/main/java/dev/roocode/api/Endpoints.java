package dev.roocode.api;

/**
 * A group of routes with whatever it runs behind them (consumers, stores). Created from the {@link
 * ApiContext}, registered once, closed when the service stops.
 */
public interface Endpoints extends AutoCloseable {
    void register(Routes routes);

    /** Ready for traffic (its consumers assigned, its state loaded); the service's /health/ready waits for all. */
    default boolean ready() {
        return true;
    }

    @Override
    default void close() {}
}
