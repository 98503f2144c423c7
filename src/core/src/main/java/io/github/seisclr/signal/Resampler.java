package io.github.seisclr.signal;

/**
 * Changes the sample rate by a rational factor L/M (e.g. 40 → 100 Hz is 5/2, 200 → 100 Hz is
 * 1/2) with a linear-phase windowed-sinc anti-alias filter, applied polyphase so that only the
 * needed products are computed. The filter is symmetric and its delay is removed, so output
 * sample {@code k} lies exactly at time {@code k / targetRate} after the first input sample.
 * Content above 90 % of the lower Nyquist frequency is removed.
 *
 * <p>A run is resampled as its departure from its first sample, added back after, and is taken to
 * hold its first value before it and its last value after it. So a constant offset (a digitiser's
 * DC level) passes unchanged and exactly, and the run's ends are no step that the filter would ring
 * on: zero past the ends made a DC level of 10<sup>5</sup> counts ring by some 10<sup>4</sup>
 * counts over the first and last 16 input periods.
 *
 * <p>A ratio that is no such fraction (a rate stored as 33.3001017 Hz by miniSEED's factor and
 * multiplier) is resampled with the same windowed sinc evaluated at each output time (band-limited
 * interpolation, Smith and Gossett 1984), from a finely tabulated kernel: any rate, no drift.
 */
public final class Resampler {
    private static final int ZERO_CROSSINGS = 16;

    /** Kernel table steps per input sample, for ratios that are no small fraction. */
    private static final int TABLE_STEPS = 512;

    private final int up;
    private final int down;
    private final double[] taps;
    /** Arbitrary ratios: the kernel over [-half, half] input samples, TABLE_STEPS per sample; else null. */
    private final double[] table;
    private final double half;
    private final double sourceRate;
    private final double targetRate;

    /**
     * @param sourceRate input rate (Hz)
     * @param targetRate output rate (Hz)
     * @throws IllegalArgumentException when a rate is not a positive number
     */
    public Resampler(double sourceRate, double targetRate) {
        if (!(sourceRate > 0) || !(targetRate > 0)) {
            throw new IllegalArgumentException("sample rates must be positive, got " + sourceRate
                    + " Hz -> " + targetRate + " Hz");
        }
        this.sourceRate = sourceRate;
        this.targetRate = targetRate;
        if (!Double.isFinite(sourceRate) || !Double.isFinite(targetRate)) {
            throw new IllegalArgumentException("sample rates must be finite, got " + sourceRate
                    + " Hz -> " + targetRate + " Hz");
        }
        long[] lm = ratio(targetRate / sourceRate);
        if (lm == null && !supports(sourceRate, targetRate)) {
            // a damaged header's rate, not a recording: the kernel would need gigabytes
            throw new IllegalArgumentException("cannot resample " + sourceRate + " Hz to " + targetRate
                    + " Hz: the rates differ by more than a factor of 1000");
        }
        if (lm == null) {
            // cutoff in cycles per input sample; the kernel widens with the decimation
            double cutoff = 0.9 / 2 * Math.min(1, targetRate / sourceRate);
            half = ZERO_CROSSINGS * Math.max(1, sourceRate / targetRate);
            int n = (int) Math.ceil(half * TABLE_STEPS);
            table = new double[2 * n + 2];
            for (int i = 0; i < table.length; i++) {
                double x = (double) (i - n) / TABLE_STEPS;
                table[i] = Math.abs(x) > half ? 0 : kernel(x, cutoff, half);
            }
            up = 0;
            down = 0;
            taps = null;
            return;
        }
        table = null;
        half = 0;
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
        // each output takes the taps of one residue class modulo L: each class is scaled to sum to
        // one (the window leaves them a few parts in a million off), so that a constant passes exactly
        // and a run measured from another origin (a piece of it read alone) gives the same samples
        for (int r = 0; r < up; r++) {
            double sum = 0;
            for (int j = r; j < taps.length; j += up) {
                sum += taps[j];
            }
            for (int j = r; j < taps.length; j += up) {
                taps[j] /= sum;
            }
        }
    }

    /**
     * @param sourceRate input rate (Hz, positive)
     * @param targetRate output rate (Hz, positive)
     * @return whether a resampler between them can be made: rates at most a factor of 1000 apart
     *     (beyond that no fraction with terms up to 1000 fits either)
     */
    public static boolean supports(double sourceRate, double targetRate) {
        return sourceRate / targetRate <= 1000 && targetRate / sourceRate <= 1000;
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

    /** The windowed sinc at {@code x} input samples from the centre (unit gain at zero frequency). */
    private static double kernel(double x, double cutoff, double half) {
        double sinc = x == 0 ? 2 * cutoff : Math.sin(2 * Math.PI * cutoff * x) / (Math.PI * x);
        double w = 0.42 + 0.5 * Math.cos(Math.PI * x / half) + 0.08 * Math.cos(2 * Math.PI * x / half);
        return sinc * w;
    }

    private static long gcd(long a, long b) {
        return b == 0 ? a : gcd(b, a % b);
    }

    /** @return the upsampling factor L; 0 when the ratio is no fraction with terms up to 1000 */
    public int up() {
        return up;
    }

    /** @return the downsampling factor M; 0 when the ratio is no fraction with terms up to 1000 */
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
     * @return samples at the target rate, {@code floor((n - 1) * L / M) + 1} of them; over the
     *     first and last {@code 16} input periods the run is taken to hold its end values beyond its ends
     */
    public double[] resample(double[] x) {
        if (table == null && up == 1 && down == 1) {
            return x.clone();
        }
        int n = x.length;
        if (n == 0) {
            return new double[0];
        }
        double[] y = new double[(int) outputs(n)];
        for (int k = 0; k < y.length; k++) {
            y[k] = output(k, x, 0, n, x[0]);
        }
        return y;
    }

    /**
     * @param n input samples of a contiguous run
     * @return the output samples that the whole run gives ({@link #resample} of it)
     */
    public long outputs(long n) {
        if (n <= 0) {
            return 0;
        }
        if (table != null) {
            return (long) Math.floor((n - 1) / (sourceRate / targetRate) + 1e-9) + 1;
        }
        return (n - 1) * up / down + 1;
    }

    /**
     * @param k an output sample
     * @return the last input sample it depends on; once a run holds that sample (or has ended),
     *     output {@code k} is final: an incremental resampler gives exactly {@link #resample}'s value
     */
    public long lastInput(long k) {
        if (table != null) {
            return (long) Math.floor(k * (sourceRate / targetRate) + half);
        }
        return Math.floorDiv(k * down + (taps.length - 1) / 2, up);
    }

    /**
     * @param k an output sample
     * @return the first input sample it depends on (0 or more): earlier input may be forgotten
     */
    public long firstInput(long k) {
        if (table != null) {
            return Math.max(0, (long) Math.ceil(k * (sourceRate / targetRate) - half));
        }
        return Math.max(0, ceilDiv(k * down - (taps.length - 1) / 2, up));
    }

    /**
     * One output sample of a contiguous run of input, the run's samples from {@code base} on held
     * in {@code x} ({@code x[i - base]} is input sample {@code i}); input before the run counts as
     * its first sample and input past {@code n} as sample {@code n - 1}, as at the ends of
     * {@link #resample}'s input. The rates must differ.
     *
     * @param k output sample
     * @param x input samples from {@code base}; must hold {@link #firstInput} to
     *     {@code min(lastInput, n - 1)} of {@code k}
     * @param base index in the run of {@code x[0]}
     * @param n samples in the run so far (all of them, for the run's last outputs)
     * @param origin the run's first sample (input sample 0), which {@code x} need no longer hold
     * @return output sample {@code k}, at {@code k / targetRate} after the run's first sample
     */
    public double output(long k, double[] x, long base, long n, double origin) {
        long last = n - 1;
        long iMax = lastInput(k);
        if (table != null) {
            double p = k * (sourceRate / targetRate); // position in input samples
            long iMin = (long) Math.ceil(p - half);
            if (iMin < 0 || iMax > last) {
                return atEnd(k, iMin, iMax, x, base, last, origin);
            }
            // the kernel lies inside the run: origin plus the weighted departures is the weighted
            // sum, its weights scaled to sum to one as the fractions' taps are
            double acc = 0;
            double sum = 0;
            for (long i = iMin; i <= iMax; i++) {
                double w = weight(i, p);
                acc += w * x[(int) (i - base)];
                sum += w;
            }
            return acc / sum;
        }
        int h = (taps.length - 1) / 2;
        long t = k * down; // position in the upsampled stream; input i contributes where |t - i*L| <= h
        long iMin = ceilDiv(t - h, up);
        if (iMin < 0 || iMax > last) {
            return atEnd(k, iMin, iMax, x, base, last, origin);
        }
        // the taps lie inside the run and sum to one: origin plus the weighted departures is the
        // weighted sum, without a bounds check per tap (every output but the run's ends')
        double acc = 0;
        for (long i = iMin; i <= iMax; i++) {
            acc += taps[(int) (t - i * up) + h] * x[(int) (i - base)];
        }
        return acc;
    }

    /**
     * {@link #output} where the kernel reaches past an end of the run: the run's departures from its
     * first sample, its end values held beyond its ends.
     */
    private double atEnd(long k, long iMin, long iMax, double[] x, long base, long last, double origin) {
        double acc = 0;
        if (table != null) {
            double p = k * (sourceRate / targetRate);
            double sum = 0;
            for (long i = iMin; i <= iMax; i++) {
                double w = weight(i, p);
                acc += w * departure(i, x, base, last, origin);
                sum += w;
            }
            return origin + acc / sum;
        }
        int h = (taps.length - 1) / 2;
        long t = k * down;
        for (long i = iMin; i <= iMax; i++) {
            acc += taps[(int) (t - i * up) + h] * departure(i, x, base, last, origin);
        }
        return origin + acc;
    }

    /** @return the kernel's weight of input sample {@code i} for an output at input position {@code p} (interpolated) */
    private double weight(long i, double p) {
        int centre = (table.length - 2) / 2;
        double u = (i - p) * TABLE_STEPS + centre;
        int j = (int) u;
        double f = u - j;
        return table[j] + f * (table[j + 1] - table[j]);
    }

    /** Input sample {@code i} less the run's first, the run's end values held beyond its ends. */
    private static double departure(long i, double[] x, long base, long last, double origin) {
        if (i <= 0) {
            return 0;
        }
        return x[(int) (Math.min(i, last) - base)] - origin;
    }

    private static long ceilDiv(long a, long b) {
        return -Math.floorDiv(-a, b);
    }
}
