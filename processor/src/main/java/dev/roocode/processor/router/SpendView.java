package dev.roocode.processor.router;

/** Money already spent per batch and per tenant, from actual usage (eventually consistent). */
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

    /** USD spent by batch {@code batchId}. */
    double batchUsd(String batchId);

    /** USD spent by tenant {@code tenant}. */
    double tenantUsd(String tenant);
}
