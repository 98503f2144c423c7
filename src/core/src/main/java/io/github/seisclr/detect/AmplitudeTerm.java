package io.github.seisclr.detect;

import io.github.seisclr.baseline.StaLta;
import io.github.seisclr.model.EncoderConfig;
import io.github.seisclr.signal.AlignedSegment;
import io.github.seisclr.signal.Butterworth;
import io.github.seisclr.signal.SosFilter;

import java.util.function.DoubleConsumer;

/**
 * The amplitude term of the score, computed causally over one stretch, sample by sample, so that
 * the batch, piecewise and streaming detectors give the same values.
 *
 * <p>The learned score is nearly blind to amplitude (asinh input in noise units, log-compressed
 * features, the log of a distance): a station's weak but unusual transients can score as high as its
 * earthquakes. This term adds what a seismologist's first look adds: how far the short-term energy
 * stands above the long-term energy, counted only where it stands well above what stationary noise
 * gives. The vertical (else the first component recorded) is band-passed to the model's band
 * (causal Butterworth, 4 corners, started from the steady state of the stretch's first sample), its
 * recursive STA/LTA taken (0.5 s / 10 s, as ObsPy's {@code recursive_sta_lta}, each average divided
 * by the sum of its weights so far, {@code 1 - (1 - 1/n)^m} after m samples, so that it is an
 * average from the stretch's start on rather than one that starts from zero: ObsPy's ratio,
 * unscaled, stands 1.43 times too high at 12 s and 1.16 times at 20 s in stationary noise), and at
 * each frame's first sample
 * <pre>  term = max(0, ln(STA/LTA) / spread - {@value #GATE})</pre>
 * with {@code spread = }{@value #SPREAD}{@code  x sqrt(19 Hz / (high - low))}: nothing below a ratio
 * of about 2.6 for a 1-20 Hz model. The spread is a prior for the log ratio's spread in stationary
 * noise (that of a 0.5 s boxcar average, 2 x 0.5 s x bandwidth values, over the model's band; the
 * exponential average holds about twice as many, so the gate sits near four of its spreads in
 * white noise), not fitted per station, so that a one-minute record needs no calibration of it;
 * the gate level {@value #GATE} keeps a busy station's frequent moderate ratios out. In each
 * stretch's first {@value #WARM_UP_SECONDS} s the term is 0: the long-term average holds too few
 * seconds there.
 *
 * <p>Not thread-safe: one stretch, fed in order.
 */
final class AmplitudeTerm {
    /** Short-term average, seconds. */
    static final double STA_SECONDS = 0.5;
    /** Long-term average, seconds. */
    static final double LTA_SECONDS = 10;
    /** Prior spread of ln(STA/LTA) in stationary noise over a 19 Hz band (1-20 Hz). */
    static final double SPREAD = 0.324;
    /** The band {@link #SPREAD} is for, Hz. */
    private static final double SPREAD_BAND_HZ = 19;
    /** Spreads above which the log ratio adds to the score. */
    static final double GATE = 3;
    /** Seconds at the start of a stretch without the term. */
    static final double WARM_UP_SECONDS = 12;
    /** Samples read at a time when the whole stretch is at hand. */
    private static final int BLOCK = 1 << 16;

    private final SosFilter.State filter;
    private final StaLta.Recursive ratio;
    /** {@code 1 - 1/n} of the short and long averages, and their powers so far (weights not yet given). */
    private final double keepShort;
    private final double keepLong;
    private double restShort = 1;
    private double restLong = 1;
    private final double spread;
    private final int component;
    private final long warmUp;
    private final int stride = EncoderConfig.FRAME_STRIDE;
    private double[] work = new double[0];
    private long samples;

    /**
     * @param config the model's settings (its rate and band)
     * @param present which components the stretch records (Z, N/1, E/2)
     */
    AmplitudeTerm(EncoderConfig config, boolean[] present) {
        double rate = config.sampleRate();
        filter = Butterworth.bandpass(4, config.bandLowHz(), config.bandHighHz(), rate).newState();
        int nShort = StaLta.nsamples(STA_SECONDS, rate);
        int nLong = StaLta.nsamples(LTA_SECONDS, rate);
        ratio = new StaLta.Recursive(nShort, nLong);
        keepShort = 1 - 1.0 / nShort;
        keepLong = 1 - 1.0 / nLong;
        spread = spread(config);
        component = AlignedSegment.verticalOrFirst(present);
        warmUp = Math.round(WARM_UP_SECONDS * rate);
    }

    /** @return the prior spread of ln(STA/LTA) in stationary noise over the model's band */
    static double spread(EncoderConfig config) {
        return SPREAD * Math.sqrt(SPREAD_BAND_HZ / (config.bandHighHz() - config.bandLowHz()));
    }

    /**
     * Feeds the stretch's next samples; the term of each frame whose first sample is among them goes
     * to {@code frames}, in order.
     *
     * @param data {@code [3][m]} samples of the stretch at the model's rate
     * @param from first index
     * @param to one past the last index
     */
    void push(double[][] data, int from, int to, DoubleConsumer frames) {
        int n = to - from;
        if (n <= 0) {
            return;
        }
        if (work.length < n) {
            work = new double[Math.max(n, Math.min(2 * work.length, BLOCK))];
        }
        System.arraycopy(data[component], from, work, 0, n);
        if (samples == 0) {
            filter.settle(work[0]);
        }
        filter.processInPlace(work, 0, n);
        for (int i = 0; i < n; i++, samples++) {
            // sample 0 is not used, as in ObsPy's recursive_sta_lta
            double r = 0;
            if (samples > 0) {
                // the powers die out; held at 0 from there, not left to crawl through subnormals
                restShort = restShort < 1e-300 ? 0 : restShort * keepShort;
                restLong = restLong < 1e-300 ? 0 : restLong * keepLong;
                r = ratio.next(work[i]) * (1 - restLong) / (1 - restShort);
            }
            if (samples % stride == 0) {
                frames.accept(samples < warmUp ? 0 : of(r, spread));
            }
        }
    }

    /** @return the term for an STA/LTA ratio, with the log ratio's spread in noise */
    static double of(double staLta, double spread) {
        return staLta > 0 ? Math.max(0, Math.log(staLta) / spread - GATE) : 0;
    }

    /**
     * @param config the model's settings
     * @param samples the stretch's samples, read a block at a time (their first block tells which
     *     components it records)
     * @param frames the stretch's frame count
     * @return the term of each of the first {@code frames} frames of the stretch
     * @throws IllegalStateException when the samples end before the last frame's first sample
     */
    static double[] ofStretch(EncoderConfig config, EventStage.Samples samples, int frames) {
        double[] out = new double[frames];
        int[] n = {0};
        long end = (long) (frames - 1) * EncoderConfig.FRAME_STRIDE + 1;
        AmplitudeTerm term = null;
        for (long from = 0; from < end; from += BLOCK) {
            long to = Math.min(end, from + BLOCK);
            AlignedSegment s = samples.slice(from, to);
            if (term == null) {
                term = new AmplitudeTerm(config, s.present());
            }
            term.push(s.data(), 0, s.length(), x -> out[n[0]++] = x);
            if (s.length() < to - from) {
                break;
            }
        }
        if (n[0] < frames) {
            throw new IllegalStateException("the stretch holds samples for " + n[0] + " frames of " + frames);
        }
        return out;
    }
}
