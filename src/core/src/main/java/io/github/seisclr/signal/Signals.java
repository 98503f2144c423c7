package io.github.seisclr.signal;

/**
 * Elementary operations on sample arrays: mean and trend removal, cosine taper, normalisation.
 * Each returns a new array and leaves its input alone.
 */
public final class Signals {
    private Signals() {
    }

    /**
     * @param x samples
     * @return {@code x} minus its mean
     */
    public static double[] demean(double[] x) {
        double mean = 0;
        for (double v : x) {
            mean += v;
        }
        mean /= Math.max(1, x.length);
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = x[i] - mean;
        }
        return y;
    }

    /**
     * Removes the least-squares straight line, as ObsPy's {@code detrend('linear')}.
     *
     * @param x samples
     * @return {@code x} minus its best-fitting line
     */
    public static double[] detrend(double[] x) {
        int n = x.length;
        if (n < 2) {
            return demean(x);
        }
        // Fit x = a + b (i - c) with c the centre index, so that the two sums decouple.
        double c = (n - 1) / 2.0;
        double sy = 0;
        double sxy = 0;
        double sxx = 0;
        for (int i = 0; i < n; i++) {
            double t = i - c;
            sy += x[i];
            sxy += t * x[i];
            sxx += t * t;
        }
        double a = sy / n;
        double b = sxy / sxx;
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            y[i] = x[i] - a - b * (i - c);
        }
        return y;
    }

    /**
     * Applies a cosine (Tukey) taper to both ends.
     *
     * @param x samples
     * @param fraction share of the length tapered at each end, 0 to 0.5 (ObsPy's {@code max_percentage})
     * @return the tapered samples
     */
    public static double[] taper(double[] x, double fraction) {
        if (!(fraction >= 0 && fraction <= 0.5)) {
            throw new IllegalArgumentException("taper fraction must be 0 to 0.5, got " + fraction);
        }
        int n = x.length;
        int m = (int) Math.floor(fraction * n);
        double[] y = x.clone();
        for (int i = 0; i < m; i++) {
            double w = 0.5 * (1 - Math.cos(Math.PI * i / m));
            y[i] *= w;
            y[n - 1 - i] *= w;
        }
        return y;
    }

    /**
     * @param x samples
     * @param from first index (clamped at 0)
     * @param to one past the last index (clamped at the length)
     * @return root mean square over {@code [from, to)}, 0 for an empty or null range
     */
    public static double rms(double[] x, int from, int to) {
        if (x == null) {
            return 0;
        }
        from = Math.max(0, from);
        to = Math.min(x.length, to);
        if (to <= from) {
            return 0;
        }
        double s = 0;
        for (int i = from; i < to; i++) {
            s += x[i] * x[i];
        }
        return Math.sqrt(s / (to - from));
    }

    /**
     * @param x samples
     * @param from first index (clamped at 0)
     * @param to one past the last index (clamped at the length)
     * @return the largest absolute value over {@code [from, to)}, 0 for an empty range
     */
    public static double peak(double[] x, int from, int to) {
        double p = 0;
        for (int i = Math.max(0, from); i < Math.min(x.length, to); i++) {
            p = Math.max(p, Math.abs(x[i]));
        }
        return p;
    }

    /**
     * Scales to zero mean and unit standard deviation; a constant input becomes all zeros.
     *
     * @param x samples
     * @return the standardised samples
     */
    public static double[] standardize(double[] x) {
        double[] y = demean(x);
        double ss = 0;
        for (double v : y) {
            ss += v * v;
        }
        double sd = Math.sqrt(ss / Math.max(1, y.length));
        if (sd > 0) {
            for (int i = 0; i < y.length; i++) {
                y[i] /= sd;
            }
        }
        return y;
    }
}
