package io.github.seisclr.signal;

/**
 * Changes the sample rate by a rational factor L/M (e.g. 40 → 100 Hz is 5/2, 200 → 100 Hz is
 * 1/2) with a linear-phase windowed-sinc anti-alias filter, applied polyphase so that only the
 * needed products are computed. The filter is symmetric and its delay is removed, so output
 * sample {@code k} lies exactly at time {@code k / targetRate} after the first input sample.
 * Content above 90 % of the lower Nyquist frequency is removed.
 */
public final class Resampler {
    private static final int ZERO_CROSSINGS = 16;

    private final int up;
    private final int down;
    private final double[] taps;
    private final double sourceRate;
    private final double targetRate;

    /**
     * @param sourceRate input rate (Hz)
     * @param targetRate output rate (Hz)
     * @throws IllegalArgumentException when the ratio is not a fraction with terms up to 1000
     */
    public Resampler(double sourceRate, double targetRate) {
        if (!(sourceRate > 0) || !(targetRate > 0)) {
            throw new IllegalArgumentException("sample rates must be positive, got " + sourceRate
                    + " Hz -> " + targetRate + " Hz");
        }
        this.sourceRate = sourceRate;
        this.targetRate = targetRate;
        long[] lm = ratio(targetRate / sourceRate);
        if (lm == null) {
            throw new IllegalArgumentException("cannot resample " + sourceRate + " Hz to " + targetRate
                    + " Hz: the ratio is not a fraction with terms up to 1000");
        }
        this.up = (int) lm[0];
        this.down = (int) lm[1];
        int factor = Math.max(up, down);
        double cutoff = 0.9 / (2.0 * factor); // cycles per upsampled sample
        int half = ZERO_CROSSINGS * factor;
        taps = new double[2 * half + 1];
        for (int k = -half; k <= half; k++) {
            double t = k;
            double sinc = k == 0 ? 2 * cutoff : Math.sin(2 * Math.PI * cutoff * t) / (Math.PI * t);
            // Blackman window
            double w = 0.42 + 0.5 * Math.cos(Math.PI * k / half) + 0.08 * Math.cos(2 * Math.PI * k / half);
            taps[k + half] = sinc * w * up;
        }
    }

    private static long[] ratio(double r) {
        for (long m = 1; m <= 1000; m++) {
            double l = r * m;
            long li = Math.round(l);
            if (li >= 1 && li <= 1000 && Math.abs(l - li) < 1e-9 * Math.max(1, l)) {
                long g = gcd(li, m);
                return new long[] {li / g, m / g};
            }
        }
        return null;
    }

    private static long gcd(long a, long b) {
        return b == 0 ? a : gcd(b, a % b);
    }

    /** @return the upsampling factor L */
    public int up() {
        return up;
    }

    /** @return the downsampling factor M */
    public int down() {
        return down;
    }

    /** @return output rate (Hz) */
    public double targetRate() {
        return targetRate;
    }

    /** @return input rate (Hz) */
    public double sourceRate() {
        return sourceRate;
    }

    /**
     * @param x input samples at the source rate
     * @return samples at the target rate, {@code floor((n - 1) * L / M) + 1} of them; the first
     *     and last {@code 16} input periods are affected by the filter's edges
     */
    public double[] resample(double[] x) {
        if (up == 1 && down == 1) {
            return x.clone();
        }
        int n = x.length;
        if (n == 0) {
            return new double[0];
        }
        int outLen = (int) (((long) (n - 1) * up) / down) + 1;
        double[] y = new double[outLen];
        int half = (taps.length - 1) / 2;
        for (int k = 0; k < outLen; k++) {
            long t = (long) k * down; // position in the upsampled stream
            // input i contributes where t - i*L lies within [-half, half]
            long iMin = Math.max(0, ceilDiv(t - half, up));
            long iMax = Math.min(n - 1, Math.floorDiv(t + half, up));
            double acc = 0;
            for (long i = iMin; i <= iMax; i++) {
                acc += taps[(int) (t - i * up) + half] * x[(int) i];
            }
            y[k] = acc;
        }
        return y;
    }

    private static long ceilDiv(long a, long b) {
        return -Math.floorDiv(-a, b);
    }
}
