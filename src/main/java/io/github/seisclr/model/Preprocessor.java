package io.github.seisclr.model;

import io.github.seisclr.signal.AlignedSegment;
import io.github.seisclr.signal.Butterworth;
import io.github.seisclr.signal.SosFilter;

import java.util.Arrays;

/**
 * Turns an aligned 3-component segment into model input: each component band-passed causally
 * (4 corners, the encoder's band), then all divided by the station's robust noise scale. The
 * network itself applies {@code asinh} to the result, so amplitude relative to the background is
 * kept (an event is louder than noise) while large events do not saturate.
 *
 * <p>The noise scale is robust to the events it contains: the RMS of the band-passed components
 * is taken in blocks of {@value #BLOCK_SECONDS} s, and each block's scale is the
 * {@value #QUANTILE}-quantile of the block RMS values within ±{@value #SPAN_SECONDS} s. Up to 80 % of
 * the blocks in that span may hold events without inflating the scale.
 */
public final class Preprocessor {
    /** Block length for the noise scale (s). */
    public static final double BLOCK_SECONDS = 5;
    /** Half-width of the span whose blocks set a block's scale (s). */
    public static final double SPAN_SECONDS = 300;
    /** Quantile of block RMS values taken as the scale. */
    public static final double QUANTILE = 0.2;

    private Preprocessor() {
    }

    /**
     * @param segment aligned components at the encoder's rate
     * @param config the encoder's settings
     * @return {@code [3][n]} band-passed samples in units of the local noise scale
     */
    public static float[][] prepare(AlignedSegment segment, EncoderConfig config) {
        if (Math.abs(segment.sampleRate() / config.sampleRate() - 1) > 1e-4) {
            throw new IllegalArgumentException("segment rate " + segment.sampleRate()
                    + " Hz differs from the model's " + config.sampleRate() + " Hz; align it to the model rate first");
        }
        int n = segment.length();
        double[][] f = new double[3][];
        SosFilter bp = Butterworth.bandpass(4, config.bandLowHz(), config.bandHighHz(), config.sampleRate());
        for (int c = 0; c < 3; c++) {
            f[c] = segment.present()[c] ? bp.filter(segment.data()[c]) : new double[n];
        }
        double[] scale = scaleCurve(f, segment.present(), config.sampleRate());
        int block = blockSamples(config.sampleRate());
        float[][] out = new float[3][n];
        for (int c = 0; c < 3; c++) {
            for (int i = 0; i < n; i++) {
                out[c][i] = (float) (f[c][i] / scale[i / block]);
            }
        }
        return out;
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
            rms[b] = Math.sqrt(s / Math.max(1, (to - from) * Math.max(1, comps)));
        }
        int span = (int) Math.round(SPAN_SECONDS / BLOCK_SECONDS);
        double[] scale = new double[blocks];
        double[] buf = new double[2 * span + 1];
        for (int b = 0; b < blocks; b++) {
            int from = Math.max(0, b - span);
            int to = Math.min(blocks, b + span + 1);
            int m = to - from;
            System.arraycopy(rms, from, buf, 0, m);
            Arrays.sort(buf, 0, m);
            double q = buf[(int) Math.floor(QUANTILE * (m - 1))];
            scale[b] = q > 0 ? q : Double.MIN_NORMAL;
        }
        // a silent station (all zeros) keeps zeros, any positive scale will do
        for (int b = 0; b < blocks; b++) {
            if (scale[b] == Double.MIN_NORMAL) {
                scale[b] = 1;
            }
        }
        return scale;
    }
}
