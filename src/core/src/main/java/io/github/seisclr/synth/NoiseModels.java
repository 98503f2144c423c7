package io.github.seisclr.synth;

/**
 * Peterson's (1993) New Low and New High Noise Models: ground acceleration power spectral density
 * in dB relative to 1 (m/s²)²/Hz, {@code A + B log10(period)} piecewise over period (Peterson 1993,
 * USGS Open-File Report 93-322, tables 3 and 4). Defined from 0.1 s to 100,000 s; shorter periods
 * (above 10 Hz) continue the first segment, which is how the generator extends them.
 */
public final class NoiseModels {
    private static final double[] NLNM_P = {0.10, 0.17, 0.40, 0.80, 1.24, 2.40, 4.30, 5.00, 6.00, 10.00,
        12.00, 15.60, 21.90, 31.60, 45.00, 70.00, 101.00, 154.00, 328.00, 600.00, 10000.00, 100000.0};
    private static final double[] NLNM_A = {-162.36, -166.70, -170.00, -166.40, -168.60, -159.98, -141.10,
        -71.36, -97.26, -132.18, -205.27, -37.65, -114.37, -160.58, -187.50, -216.47, -185.00, -168.34,
        -217.43, -258.28, -346.88};
    private static final double[] NLNM_B = {5.64, 0.00, -8.30, 28.90, 52.48, 29.81, 0.00, -99.77, -66.49,
        -31.57, 36.16, -104.33, -47.10, -16.28, 0.00, 15.70, 0.00, -7.61, 11.90, 26.60, 48.75};
    private static final double[] NHNM_P = {0.10, 0.22, 0.32, 0.80, 3.80, 4.60, 6.30, 7.90, 15.40, 20.00,
        354.80, 100000.0};
    private static final double[] NHNM_A = {-108.73, -150.34, -122.31, -116.85, -108.48, -74.66, 0.66,
        -93.37, 73.54, -151.52, -206.66};
    private static final double[] NHNM_B = {-17.23, -80.50, -23.87, 32.51, 18.08, -32.95, -127.18, -22.42,
        -162.98, 10.01, 31.63};

    private NoiseModels() {
    }

    /**
     * @param periodSeconds period, above 0 (below 0.1 s the first segment is extended)
     * @return NLNM acceleration PSD, dB rel. 1 (m/s²)²/Hz
     */
    public static double nlnm(double periodSeconds) {
        return eval(NLNM_P, NLNM_A, NLNM_B, periodSeconds);
    }

    /**
     * @param periodSeconds period, above 0 (below 0.1 s the first segment is extended)
     * @return NHNM acceleration PSD, dB rel. 1 (m/s²)²/Hz
     */
    public static double nhnm(double periodSeconds) {
        return eval(NHNM_P, NHNM_A, NHNM_B, periodSeconds);
    }

    /**
     * @param periodSeconds period
     * @param level 0 for the NLNM, 1 for the NHNM, in between linearly in dB
     * @return acceleration PSD, dB rel. 1 (m/s²)²/Hz
     */
    public static double between(double periodSeconds, double level) {
        double lo = nlnm(periodSeconds);
        return lo + level * (nhnm(periodSeconds) - lo);
    }

    private static double eval(double[] p, double[] a, double[] b, double period) {
        if (!(period > 0)) {
            throw new IllegalArgumentException("period must be positive, got " + period);
        }
        int k = 0;
        while (k < a.length - 1 && period >= p[k + 1]) {
            k++;
        }
        return a[k] + b[k] * Math.log10(period);
    }
}
