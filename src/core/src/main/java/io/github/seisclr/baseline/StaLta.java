package io.github.seisclr.baseline;

/**
 * STA/LTA characteristic functions, value for value as ObsPy defines them.
 *
 * <ul>
 *   <li>{@link #classic}: ObsPy's {@code classic_sta_lta}: for {@code i >= nlta - 1},
 *   the mean of {@code x^2} over the {@code nsta} samples ending at {@code i} divided by the mean
 *   over the {@code nlta} samples ending at {@code i}; the first {@code nlta - 1} values are 0.</li>
 *   <li>{@link #recursive}: ObsPy's {@code recursive_sta_lta} (Withers et al. 1998):
 *   {@code sta = x^2/nsta + (1 - 1/nsta) sta}, likewise {@code lta}, both starting from 0 at
 *   sample 1 (sample 0 is not used, as in ObsPy), ratio {@code sta/lta}; the first {@code nlta}
 *   values are set to 0. The LTA starts from the smallest normal double rather than 0, as ObsPy's
 *   Python version does, so leading zeros give 0 rather than NaN.</li>
 * </ul>
 * Window lengths are in samples here; {@link #nsamples(double, double)} converts seconds.
 */
public final class StaLta {
    private StaLta() {
    }

    /**
     * @param seconds a window length in seconds
     * @param sampleRate sample rate (Hz)
     * @return the window length in samples, rounded, at least 1
     */
    public static int nsamples(double seconds, double sampleRate) {
        if (!(seconds > 0) || !(sampleRate > 0)) {
            throw new IllegalArgumentException("window seconds and sample rate must be positive, got "
                    + seconds + " s at " + sampleRate + " Hz");
        }
        return Math.max(1, (int) Math.round(seconds * sampleRate));
    }

    private static void check(int n, int nsta, int nlta) {
        if (nsta < 1 || nlta <= nsta) {
            throw new IllegalArgumentException("need 1 <= nsta < nlta, got nsta=" + nsta + ", nlta=" + nlta);
        }
        if (n < nlta) {
            throw new IllegalArgumentException("nlta (" + nlta + " samples) must not be longer than the data ("
                    + n + " samples)");
        }
    }

    /**
     * Classic STA/LTA with running sums (compensated, so a station-day loses no precision).
     *
     * @param x samples (band-passed as wanted)
     * @param nsta short window, samples
     * @param nlta long window, samples; no longer than the data
     * @return the characteristic function, same length as {@code x}
     */
    public static double[] classic(double[] x, int nsta, int nlta) {
        int n = x.length;
        check(n, nsta, nlta);
        double[] cft = new double[n];
        // Running sums recomputed exactly every block so rounding cannot accumulate over a day.
        final int block = 1 << 14;
        double sta = 0;
        double lta = 0;
        for (int i = 0; i < n; i++) {
            double sq = x[i] * x[i];
            if (i >= nlta && (i % block) == 0) {
                sta = sumSquares(x, i - nsta + 1, i + 1);
                lta = sumSquares(x, i - nlta + 1, i + 1);
            } else {
                sta += sq;
                lta += sq;
                if (i >= nsta) {
                    sta -= x[i - nsta] * x[i - nsta];
                }
                if (i >= nlta) {
                    lta -= x[i - nlta] * x[i - nlta];
                }
            }
            if (i >= nlta - 1) {
                double l = lta / nlta;
                cft[i] = l < Double.MIN_NORMAL ? (sta / nsta) / Double.MIN_NORMAL : (sta / nsta) / l;
            }
        }
        return cft;
    }

    private static double sumSquares(double[] x, int from, int to) {
        double s = 0;
        for (int i = from; i < to; i++) {
            s += x[i] * x[i];
        }
        return s;
    }

    /**
     * Recursive STA/LTA.
     *
     * @param x samples (band-passed as wanted)
     * @param nsta short time constant, samples
     * @param nlta long time constant, samples
     * @return the characteristic function, same length as {@code x}
     */
    public static double[] recursive(double[] x, int nsta, int nlta) {
        int n = x.length;
        if (nsta < 1 || nlta <= nsta) {
            throw new IllegalArgumentException("need 1 <= nsta < nlta, got nsta=" + nsta + ", nlta=" + nlta);
        }
        double[] cft = new double[n];
        Recursive r = new Recursive(nsta, nlta);
        for (int i = 1; i < n; i++) {
            cft[i] = r.next(x[i]);
        }
        for (int i = 0; i < Math.min(n, nlta); i++) {
            cft[i] = 0;
        }
        return cft;
    }

    /**
     * The recursive STA/LTA as a running state, for streaming: feed samples one by one.
     * Not thread-safe.
     */
    public static final class Recursive {
        private final double csta;
        private final double clta;
        private double sta;
        private double lta = Double.MIN_NORMAL;

        /**
         * @param nsta short time constant, samples
         * @param nlta long time constant, samples
         */
        public Recursive(int nsta, int nlta) {
            this.csta = 1.0 / nsta;
            this.clta = 1.0 / nlta;
        }

        /**
         * @param sample the next sample
         * @return the ratio after it
         */
        public double next(double sample) {
            double sq = sample * sample;
            sta = csta * sq + (1 - csta) * sta;
            lta = clta * sq + (1 - clta) * lta;
            return sta / lta;
        }
    }
}
