package dev.roocode.sandbox.simulator;

/** Deterministic, L2-normalised embedding vectors derived from a hash of the text alone. */
final class Embeddings {

    static final int DEFAULT_DIMENSIONS = 16;

    private Embeddings() {}

    static float[] vector(String text, int dimensions) {
        float[] vector = new float[dimensions];
        long state = Draws.fnv1a(text);
        double sumOfSquares = 0;
        for (int i = 0; i < dimensions; i++) {
            state += 0x9E3779B97F4A7C15L;
            double value = (Draws.mix(state) >>> 11) * 0x1.0p-53 * 2 - 1;
            vector[i] = (float) value;
            sumOfSquares += value * value;
        }
        float norm = (float) Math.sqrt(sumOfSquares);
        if (norm > 0) {
            for (int i = 0; i < dimensions; i++) {
                vector[i] /= norm;
            }
        }
        return vector;
    }
}
