package dev.roocode.processor.router;

/**
 * Money committed per batch and per tenant: spent (actual usage of finished attempts) plus the
 * estimate of attempts in flight. Eventually consistent: it lags dispatches by about one commit interval.
 */
public interface SpendView {
    /** Nothing spent anywhere. */
    SpendView NONE = new SpendView() {
        @Override
        public double batchUsd(String batchId) {
            return 0;
        }

        @Override
        public double tenantUsd(String tenant) {
            return 0;
        }
    };

    /** USD committed by batch {@code batchId}. */
    double batchUsd(String batchId);

    /** USD committed by tenant {@code tenant}. */
    double tenantUsd(String tenant);
}
