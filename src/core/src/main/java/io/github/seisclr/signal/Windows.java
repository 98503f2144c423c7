package io.github.seisclr.signal;

/**
 * Sliding windows over 1 to 3 aligned components: a window of {@code length} samples every
 * {@code stride} samples, copied out as {@code [component][sample]} and optionally normalised.
 */
public final class Windows {
    /** Per-window normalisation. */
    public enum Normalization {
        /** Leave amplitudes as they are. */
        NONE,
        /** Subtract each component's mean, divide all components by the largest standard deviation among them. */
        STD,
        /** Subtract each component's mean, divide all components by the largest absolute value among them. */
        PEAK
    }

    private Windows() {
    }

    /**
     * @param samples number of samples available
     * @param length window length in samples
     * @param stride stride in samples
     * @return how many whole windows fit
     */
    public static int count(int samples, int length, int stride) {
        if (length <= 0 || stride <= 0) {
            throw new IllegalArgumentException("window length and stride must be positive, got "
                    + length + " and " + stride);
        }
        return samples < length ? 0 : (samples - length) / stride + 1;
    }

    /**
     * Copies one window. Amplitude relations between components are kept: they share one scale.
     *
     * @param components aligned components, each at least {@code start + length} long
     * @param start first sample of the window
     * @param length window length in samples
     * @param norm normalisation
     * @return {@code [component][sample]}
     */
    public static double[][] window(double[][] components, int start, int length, Normalization norm) {
        double[][] w = new double[components.length][length];
        double scale = 0;
        for (int c = 0; c < components.length; c++) {
            System.arraycopy(components[c], start, w[c], 0, length);
            if (norm == Normalization.NONE) {
                continue;
            }
            double mean = 0;
            for (double v : w[c]) {
                mean += v;
            }
            mean /= length;
            double ss = 0;
            double peak = 0;
            for (int i = 0; i < length; i++) {
                w[c][i] -= mean;
                ss += w[c][i] * w[c][i];
                peak = Math.max(peak, Math.abs(w[c][i]));
            }
            scale = Math.max(scale, norm == Normalization.STD ? Math.sqrt(ss / length) : peak);
        }
        if (norm != Normalization.NONE && scale > 0) {
            for (double[] row : w) {
                for (int i = 0; i < length; i++) {
                    row[i] /= scale;
                }
            }
        }
        return w;
    }
}
