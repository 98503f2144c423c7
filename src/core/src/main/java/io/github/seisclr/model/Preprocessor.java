package io.github.seisclr.model;

import io.github.seisclr.BadInputException;
import io.github.seisclr.io.Warnings;
import io.github.seisclr.signal.AlignedSegment;
import io.github.seisclr.signal.Butterworth;
import io.github.seisclr.signal.SosFilter;

import java.util.Arrays;

/**
 * Turns an aligned 3-component segment into model input: each component band-passed causally
 * (4 corners, the encoder's band, started from the steady state of the segment's first sample so
 * that a digitiser's DC offset does not ring into the first seconds), then all divided by the
 * station's robust noise scale. The network itself applies {@code asinh} to the result, so
 * amplitude relative to the background is kept (an event is louder than noise) while large events
 * do not saturate.
 *
 * <p>The noise scale is robust to the events it contains: the RMS of the band-passed components
 * is taken in blocks of {@value #BLOCK_SECONDS} s, and each block's scale is the
 * {@value #QUANTILE}-quantile of the RMS of the blocks in the preceding {@value #SPAN_SECONDS} s. Up
 * to 80 % of those blocks may hold events without inflating the scale. The scale is causal, so a
 * stream ({@link FrameStream}) computes exactly what a batch run does; the only look-ahead is at
 * the start of a segment, where the first {@value #WARMUP_SECONDS} s share the scale of their own
 * blocks (a stream holds them back until they are complete).
 *
 * <p>Public for seisclr's other packages (the CLI and the engine modules among them); not part of the
 * API a caller needs, and it may change without notice.
 */
public final class Preprocessor {
    /** Block length for the noise scale (s). */
    public static final double BLOCK_SECONDS = 5;
    /** Span of preceding blocks that set a block's scale (s). */
    public static final double SPAN_SECONDS = 600;
    /** The first blocks of a segment, up to this length (s), take their scale from themselves. */
    public static final double WARMUP_SECONDS = 60;
    /** Quantile of block RMS values taken as the scale. */
    public static final double QUANTILE = 0.2;

    /**
     * The largest input value, in noise scales, passed to the network as it is: the network's
     * {@code asinh} runs in single precision and overflows (to infinity, then NaN through the
     * convolutions) where the square of a value does, beyond about 1.8e19. No recording comes near
     * (a 32-bit digitiser's full scale is 2.1e9 counts); a damaged sample can (a float of 1e30). A
     * value beyond it is held at it, with a warning ({@link #input}).
     */
    public static final double INPUT_LIMIT = 1e15;

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Preprocessor.class);

    private Preprocessor() {
    }

    /**
     * @param v a band-passed sample in noise scales
     * @return it as the network's input: held at {@code +-}{@link #INPUT_LIMIT} beyond it
     */
    static float input(double v) {
        return (float) Math.max(-INPUT_LIMIT, Math.min(INPUT_LIMIT, v));
    }

    /**
     * The warning for samples held at {@link #INPUT_LIMIT} (batch here, a stream by the incremental
     * detector: the count there is of the samples so far).
     *
     * @param station the station stream
     * @param count how many samples were held
     * @param first the time of the first
     */
    public static void warnHeld(String station, long count, java.time.Instant first) {
        Warnings.say(LOG, "{}: the band-passed data stand more than {} times the noise scale in {} sample(s) from {}:"
                + " a damaged sample or glitch, not ground motion; held at that level for the encoder (its single"
                + " precision overflows beyond it)", station, String.format(java.util.Locale.ROOT, "%.0e",
                INPUT_LIMIT), count, first);
    }

    /**
     * @param segment aligned components at the encoder's rate
     * @param config the encoder's settings
     * @return {@code [3][n]} band-passed samples in units of the local noise scale
     */
    public static float[][] prepare(AlignedSegment segment, EncoderConfig config) {
        if (!io.github.seisclr.io.SampleRates.agree(segment.sampleRate(), config.sampleRate())) {
            throw new IllegalArgumentException("segment rate " + segment.sampleRate()
                    + " Hz differs from the model's " + config.sampleRate() + " Hz; align it to the model rate first");
        }
        requireSound(segment);
        int n = segment.length();
        double[][] f = new double[3][];
        SosFilter bp = Butterworth.bandpass(4, config.bandLowHz(), config.bandHighHz(), config.sampleRate());
        // the components are independent: filtered side by side (the filter is immutable)
        java.util.stream.IntStream.range(0, 3).parallel().forEach(c ->
                f[c] = segment.present()[c] ? bp.filterSettled(segment.data()[c]) : new double[n]);
        double[] scale = scaleCurve(f, segment.present(), config.sampleRate());
        int block = blockSamples(config.sampleRate());
        float[][] out = new float[3][n];
        long held = 0;
        int first = n;
        for (int c = 0; c < 3; c++) {
            for (int i = 0; i < n; i++) {
                double v = f[c][i] / scale[i / block];
                out[c][i] = input(v);
                if (Math.abs(v) > INPUT_LIMIT) {
                    held++;
                    first = Math.min(first, i);
                }
            }
        }
        if (held > 0) {
            warnHeld(segment.station(), held, segment.timeOf(first));
        }
        return out;
    }

    /**
     * Refuses a segment that library code built wrong (the reader never makes one): components of
     * unequal length, or a NaN or infinite sample, which the recursive band-pass would spread into
     * every later sample and so into every later frame.
     */
    private static void requireSound(AlignedSegment segment) {
        String[] names = {"vertical", "first horizontal", "second horizontal"};
        requireThree(segment);
        int n = segment.length();
        for (int c = 0; c < 3; c++) {
            double[] x = segment.data()[c];
            if (!segment.present()[c]) {
                continue;
            }
            if (x == null || x.length != n) {
                throw new BadInputException(BadInputException.Problem.INCONSISTENT, segment.station(), names[c],
                        segment.start(), -1, "the " + names[c] + " holds " + (x == null ? "no array" : x.length
                        + " samples") + " where the segment holds " + n);
            }
            for (int i = 0; i < n; i++) {
                if (!Double.isFinite(x[i])) {
                    throw new BadInputException(BadInputException.Problem.NON_FINITE_SAMPLE, segment.station(),
                            names[c], segment.timeOf(i), -1, "sample " + i + " of the " + names[c] + " is " + x[i]
                            + "; fill or cut the stretch before it reaches the encoder");
                }
            }
        }
    }

    /** Refuses a segment that does not hold three component arrays (the first one at least) and three flags. */
    static void requireThree(AlignedSegment segment) {
        if (segment.data().length != 3 || segment.present().length != 3 || segment.data()[0] == null) {
            throw new BadInputException(BadInputException.Problem.INCONSISTENT, segment.station(), null,
                    segment.start(), -1, "an aligned segment holds three component arrays and three presence"
                    + " flags, got " + segment.data().length + " arrays and " + segment.present().length + " flags");
        }
    }

    static int blockSamples(double rate) {
        return Math.max(1, (int) Math.round(BLOCK_SECONDS * rate));
    }

    /** @return the scale of each block (never zero) */
    static double[] scaleCurve(double[][] f, boolean[] present, double rate) {
        int n = f[0].length;
        int block = blockSamples(rate);
        int blocks = Math.max(1, (n + block - 1) / block);
        double[] rms = new double[blocks];
        int comps = 0;
        for (boolean p : present) {
            comps += p ? 1 : 0;
        }
        for (int b = 0; b < blocks; b++) {
            int from = b * block;
            int to = Math.min(n, from + block);
            double s = 0;
            for (int c = 0; c < 3; c++) {
                if (!present[c]) {
                    continue;
                }
                for (int i = from; i < to; i++) {
                    s += f[c][i] * f[c][i];
                }
            }
            rms[b] = blockRms(s, to - from, comps);
        }
        double[] scale = new double[blocks];
        for (int b = 0; b < blocks; b++) {
            scale[b] = scaleOf(rms, b, blocks);
        }
        // a silent station (all zeros) keeps zeros, any positive scale will do
        for (int b = 0; b < blocks; b++) {
            if (scale[b] == Double.MIN_NORMAL) {
                scale[b] = 1;
            }
        }
        return scale;
    }

    static double blockRms(double sumSquares, int samples, int comps) {
        return Math.sqrt(sumSquares / Math.max(1, samples * Math.max(1, comps)));
    }

    /** Number of warm-up blocks: the blocks before it take their scale from blocks {@code [0, warmup)}. */
    static int warmupBlocks() {
        return (int) Math.round(WARMUP_SECONDS / BLOCK_SECONDS);
    }

    /** Number of preceding blocks that set a block's scale. */
    static int spanBlocks() {
        return (int) Math.round(SPAN_SECONDS / BLOCK_SECONDS);
    }

    /**
     * The scale of block {@code b}: the quantile of the RMS of the preceding span (of the warm-up
     * blocks while {@code b} is within them). {@code known} is how many block RMS values exist.
     * A silent stretch (all zeros) gets 1: any positive scale keeps zeros zero.
     */
    static double scaleOf(double[] rms, int b, int known) {
        int w = warmupBlocks();
        int from;
        int to;
        if (b < w) {
            from = 0;
            to = Math.min(w, known);
        } else {
            from = Math.max(0, b - spanBlocks());
            to = b;
        }
        return quantileScale(Arrays.copyOfRange(rms, from, to));
    }

    /** @return the {@link #QUANTILE} of the block RMS values (sorted in place), 1 when it is zero */
    static double quantileScale(double[] rms) {
        Arrays.sort(rms);
        double q = rms[(int) Math.floor(QUANTILE * (rms.length - 1))];
        return q > 0 ? q : 1;
    }
}
