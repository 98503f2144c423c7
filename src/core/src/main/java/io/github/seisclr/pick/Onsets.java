package io.github.seisclr.pick;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.RealVector;

import java.util.Arrays;

/**
 * Onset estimators at sample resolution, and the measures the picker combines them with. All work
 * on {@code x[from, to)} of band-passed traces and return indices into {@code x}.
 */
final class Onsets {
    /** Fewest samples on either side of an AIC split (as {@link io.github.seisclr.baseline.AicPicker}). */
    static final int MIN_PART = 4;

    private Onsets() {
    }

    /**
     * An onset estimate.
     *
     * @param index first sample of the signal part
     * @param lowerWidth samples before {@code index} where the AIC stays within its likelihood band
     * @param upperWidth samples after it
     * @param depth how far the AIC minimum lies below the AIC at the window's ends, per sample
     *     (larger: a clearer split)
     */
    record Onset(int index, double lowerWidth, double upperWidth, double depth) {
    }

    /**
     * Multichannel AIC (Maeda 1985 with the variance pooled over channels): splits {@code [from, to)}
     * into two stationary parts. The likelihood band around the minimum is measured in effective
     * samples: {@code effectiveShare} is the share of samples that are independent (about {@code 2 B
     * / fs} for a band of width {@code B}), so that a band-passed trace is not read as more evidence
     * than it holds.
     *
     * @param xs channels (same length)
     * @param from first sample
     * @param to end (exclusive), at least {@code from + 2 MIN_PART}
     * @param effectiveShare independent samples per sample, in (0, 1]
     * @return the onset, or null when the window is too short
     */
    static Onset aic(double[][] xs, int from, int to, double effectiveShare) {
        int n = to - from;
        if (n < 2 * MIN_PART) {
            return null;
        }
        double[] s2 = new double[n + 1];
        double[] c2 = new double[n + 1];
        for (double[] x : xs) {
            double mean = 0;
            for (int i = from; i < to; i++) {
                mean += x[i];
            }
            mean /= n;
            for (int i = 0; i < n; i++) {
                double v = x[from + i] - mean; // centring keeps the sums well conditioned
                c2[i + 1] = c2[i] + v * v;
            }
            for (int i = 0; i <= n; i++) {
                s2[i] += c2[i];
            }
        }
        if (!(s2[n] > 0)) {
            return null; // no motion at all: no split to find
        }
        double[] aic = new double[n];
        Arrays.fill(aic, Double.POSITIVE_INFINITY);
        double floor = 1e-300;
        int m = xs.length;
        for (int k = MIN_PART - 1; k < n - MIN_PART; k++) {
            int a = k + 1;
            int b = n - a;
            double va = s2[a] / (a * (double) m);
            double vb = (s2[n] - s2[a]) / (b * (double) m);
            aic[k] = effectiveShare * (k * Math.log(Math.max(va, floor)) + (n - k - 1) * Math.log(Math.max(vb, floor)));
        }
        int best = MIN_PART - 1;
        for (int k = best + 1; k < n - MIN_PART; k++) {
            if (aic[k] < aic[best]) {
                best = k;
            }
        }
        int lo = best;
        while (lo > MIN_PART - 1 && aic[lo - 1] - aic[best] <= 1) {
            lo--;
        }
        int hi = best;
        while (hi < n - MIN_PART - 1 && aic[hi + 1] - aic[best] <= 1) {
            hi++;
        }
        double ends = Math.min(aic[MIN_PART - 1], aic[n - MIN_PART - 1]);
        double depth = (ends - aic[best]) / n;
        return new Onset(from + best + 1, best - lo + 0.5, hi - best + 0.5, depth);
    }

    /**
     * The kurtosis onset of Baillard et al. (2014): the kurtosis over a sliding window ending at each
     * sample rises when an impulsive onset enters it; its positive increments are summed, a line from
     * the start to the maximum of that sum is removed, and the onset is the deepest point below the
     * line before the maximum.
     *
     * @param x a trace
     * @param from first sample
     * @param to end (exclusive)
     * @param window samples in the kurtosis window (at least 8)
     * @return the onset, or null when the stretch is too short
     */
    static Onset kurtosis(double[] x, int from, int to, int window) {
        int start = Math.max(0, from - window);
        int n = to - from;
        if (n < 2 * MIN_PART || window < 8) {
            return null;
        }
        double[] cf = new double[n];
        double a1 = 0;
        double a2 = 0;
        double a3 = 0;
        double a4 = 0;
        int count = 0;
        for (int i = start; i < to; i++) {
            double v = x[i];
            a1 += v;
            a2 += v * v;
            a3 += v * v * v;
            a4 += v * v * v * v;
            count++;
            if (count > window) {
                double u = x[i - window];
                a1 -= u;
                a2 -= u * u;
                a3 -= u * u * u;
                a4 -= u * u * u * u;
                count = window;
            }
            if (i >= from) {
                double mu = a1 / count;
                double m2 = a2 / count - mu * mu;
                double m4 = a4 / count - 4 * mu * a3 / count + 6 * mu * mu * a2 / count - 3 * mu * mu * mu * mu;
                cf[i - from] = m2 > 0 ? m4 / (m2 * m2) : 0;
            }
        }
        double[] f2 = new double[n];
        for (int i = 1; i < n; i++) {
            f2[i] = f2[i - 1] + Math.max(0, cf[i] - cf[i - 1]);
        }
        int top = 0;
        for (int i = 1; i < n; i++) {
            if (cf[i] > cf[top]) {
                top = i;
            }
        }
        if (top < MIN_PART) {
            return null;
        }
        double slope = (f2[top] - f2[0]) / top;
        int best = 0;
        double low = 0;
        for (int i = 0; i <= top; i++) {
            double f3 = f2[i] - f2[0] - slope * i;
            if (f3 < low) {
                low = f3;
                best = i;
            }
        }
        if (low >= 0) {
            return null; // the kurtosis rose from the start: no onset inside the stretch
        }
        return new Onset(from + best, 0.5, 0.5, -low / Math.max(1, top));
    }

    /**
     * Principal directions of three-component motion over {@code [from, to)}.
     *
     * @param xs Z, N, E (all present)
     * @return eigenvectors by decreasing eigenvalue ({@code [3][3]}, each {Z, N, E}) and the
     *     rectilinearity {@code 1 - (l2 + l3) / (2 l1)} as {@code [3][0]}
     */
    static double[][] polarisation(double[][] xs, int from, int to) {
        double[][] c = new double[3][3];
        double[] mean = new double[3];
        int n = to - from;
        for (int a = 0; a < 3; a++) {
            for (int i = from; i < to; i++) {
                mean[a] += xs[a][i];
            }
            mean[a] /= n;
        }
        for (int i = from; i < to; i++) {
            for (int a = 0; a < 3; a++) {
                for (int b = a; b < 3; b++) {
                    c[a][b] += (xs[a][i] - mean[a]) * (xs[b][i] - mean[b]);
                }
            }
        }
        for (int a = 0; a < 3; a++) {
            for (int b = 0; b < a; b++) {
                c[a][b] = c[b][a];
            }
        }
        EigenDecomposition e = new EigenDecomposition(new Array2DRowRealMatrix(c));
        double[] values = e.getRealEigenvalues();
        Integer[] order = {0, 1, 2};
        Arrays.sort(order, (p, q) -> Double.compare(values[q], values[p]));
        double[][] out = new double[4][];
        for (int k = 0; k < 3; k++) {
            RealVector v = e.getEigenvector(order[k]);
            out[k] = new double[] {v.getEntry(0), v.getEntry(1), v.getEntry(2)};
        }
        double l1 = Math.max(values[order[0]], 1e-300);
        out[3] = new double[] {1 - (Math.max(0, values[order[1]]) + Math.max(0, values[order[2]])) / (2 * l1)};
        return out;
    }

    /**
     * @param xs Z, N, E
     * @param v a direction {Z, N, E}
     * @param from first sample
     * @param to end (exclusive)
     * @return the motion along {@code v} over {@code [from, to)}, indexed from {@code from}
     */
    static double[] project(double[][] xs, double[] v, int from, int to) {
        double[] y = new double[to - from];
        for (int i = from; i < to; i++) {
            y[i - from] = v[0] * xs[0][i] + v[1] * xs[1][i] + v[2] * xs[2][i];
        }
        return y;
    }
}
