package io.github.seisclr.baseline;

import java.util.Arrays;

/**
 * Onset picking by the Akaike information criterion computed directly from the samples (Maeda
 * 1985): {@code AIC(k) = k log(var(x[0..k])) + (n - k - 1) log(var(x[k+1..n-1]))}; the onset is
 * the global minimum, where the window splits best into two stationary parts (noise, then signal).
 * The uncertainty is the half-width of the stretch around the minimum where AIC stays within
 * {@code 2} of it (relative likelihood above e^-1), at least half a sample.
 *
 * <p>Both parts must hold at least {@link #MIN_PART} samples. The variance of a single sample is
 * zero, so a split that leaves one sample on either side has an AIC of minus infinity in theory
 * (about -690 with the floor that keeps the logarithm finite): the minimum then sat on the
 * window's last sample whenever the true split was less clear than that, which made S picks land
 * at the end of their search window (on the NCEDC windows with reference P: S MAE 0.475 s, 20 %
 * within 0.1 s; without those splits 0.23 s, 66 %).
 */
public final class AicPicker {
    /** Fewest samples on either side of a split: variances from fewer are too noisy to compare. */
    public static final int MIN_PART = 4;

    private AicPicker() {
    }

    /** A pick: sample index in the window, and its uncertainty in samples. */
    public record Pick(int index, double uncertaintySamples, double[] aic) {
    }

    /**
     * @param x samples around the expected onset (noise before, signal after), at least 8
     * @return the AIC function: +infinity where a part would hold fewer than {@link #MIN_PART}
     *     samples (no split there)
     */
    public static double[] aic(double[] x) {
        int n = x.length;
        if (n < 8) {
            throw new IllegalArgumentException("AIC needs at least 8 samples, got " + n);
        }
        double[] s1 = new double[n + 1];
        double[] s2 = new double[n + 1];
        double mean = 0;
        for (double v : x) {
            mean += v;
        }
        mean /= n;
        for (int i = 0; i < n; i++) {
            double v = x[i] - mean; // centring keeps the variance sums well conditioned
            s1[i + 1] = s1[i] + v;
            s2[i + 1] = s2[i] + v * v;
        }
        double[] aic = new double[n];
        Arrays.fill(aic, Double.POSITIVE_INFINITY);
        double floor = 1e-300;
        for (int k = MIN_PART - 1; k < n - MIN_PART; k++) {
            int a = k + 1; // samples 0..k
            int b = n - a; // samples k+1..n-1
            double va = (s2[a] - s1[a] * s1[a] / a) / a;
            double vb = (s2[n] - s2[a] - (s1[n] - s1[a]) * (s1[n] - s1[a]) / b) / b;
            aic[k] = k * Math.log(Math.max(va, floor)) + (n - k - 1) * Math.log(Math.max(vb, floor));
        }
        return aic;
    }

    /**
     * @param x samples around the expected onset, at least 8
     * @return the onset index (first sample of the signal part is {@code index + 1}, as in Maeda's
     *     definition the index is the last noise sample; this returns {@code argmin + 1}, the first
     *     signal sample) and its uncertainty
     */
    public static Pick pick(double[] x) {
        double[] aic = aic(x);
        int best = MIN_PART - 1;
        for (int k = best + 1; k < aic.length - MIN_PART; k++) {
            if (aic[k] < aic[best]) {
                best = k;
            }
        }
        int lo = best;
        while (lo > 0 && aic[lo - 1] - aic[best] <= 2) {
            lo--;
        }
        int hi = best;
        while (hi < aic.length - 1 && aic[hi + 1] - aic[best] <= 2) {
            hi++;
        }
        double unc = Math.max(0.5, (hi - lo) / 2.0);
        return new Pick(best + 1, unc, aic);
    }
}
