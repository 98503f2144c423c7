package io.github.seisclr.baseline;

/**
 * Onset picking by the Akaike information criterion computed directly from the samples (Maeda
 * 1985): {@code AIC(k) = k log(var(x[0..k])) + (n - k - 1) log(var(x[k+1..n-1]))}; the onset is
 * the global minimum, where the window splits best into two stationary parts (noise, then signal).
 * The uncertainty is the half-width of the stretch around the minimum where AIC stays within
 * {@code 2} of it (relative likelihood above e^-1), at least half a sample.
 */
public final class AicPicker {
    private AicPicker() {
    }

    /** A pick: sample index in the window, and its uncertainty in samples. */
    public record Pick(int index, double uncertaintySamples, double[] aic) {
    }

    /**
     * @param x samples around the expected onset (noise before, signal after), at least 8
     * @return the AIC function (first and last values are +infinity: no split there)
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
        aic[0] = Double.POSITIVE_INFINITY;
        aic[n - 1] = Double.POSITIVE_INFINITY;
        double floor = 1e-300;
        for (int k = 1; k < n - 1; k++) {
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
        int best = 1;
        for (int k = 2; k < aic.length - 1; k++) {
            if (aic[k] < aic[best]) {
                best = k;
            }
        }
        int lo = best;
        while (lo > 1 && aic[lo - 1] - aic[best] <= 2) {
            lo--;
        }
        int hi = best;
        while (hi < aic.length - 2 && aic[hi + 1] - aic[best] <= 2) {
            hi++;
        }
        double unc = Math.max(0.5, (hi - lo) / 2.0);
        return new Pick(best + 1, unc, aic);
    }
}
