package io.github.seisclr.detect;

import io.github.seisclr.model.FrameFeatures;
import io.github.seisclr.score.BackgroundModel;
import io.github.seisclr.score.ResidualModel;

import java.util.ArrayList;
import java.util.List;

/**
 * The frames a station's models are fitted on: the compressed trailing-window means at every
 * {@code step}-th full window over its stretches (at most about 20,000: {@link Detector#fitStep})
 * and, for the residual, the compressed means of the {@value ScoreStage#CONTEXT_SECONDS} s of
 * frames before each (the trailing mean itself while there are none), as {@link ScoreStage} forms
 * them. Fed frame by frame, a stretch at a time, so that a run that reads its frames back from a
 * file ({@link ChunkedRun}) takes the same sample as one that holds them.
 */
final class FitSample {
    private final int k;
    private final int d;
    private final int context;
    private final int step;
    private final float[][] ring;
    private long j;
    private final List<double[]> means = new ArrayList<>();
    private final List<double[]> contexts = new ArrayList<>();

    /**
     * @param k frames per score window
     * @param dimension the features' dimension
     * @param context frames of the residual's context, 0 to take the trailing means alone
     * @param step every how many full windows one is taken
     */
    FitSample(int k, int dimension, int context, int step) {
        this.k = k;
        this.d = dimension;
        this.context = context;
        this.step = step;
        ring = new float[k + context][];
    }

    /**
     * @return the sample of {@code features}' stretches ({@link Detector#fitStep} over their full
     *     windows), with contexts of {@code context} frames
     */
    static FitSample of(List<FrameFeatures> features, int k, int context) {
        int step = Detector.fitStep(features.stream().mapToLong(f -> Math.max(0, f.count() - k + 1)).sum());
        int d = features.get(0).dimension();
        FitSample s = new FitSample(k, d, context, step);
        // the same sums as push takes, read in place
        for (FrameFeatures f : features) {
            for (int j = k - 1; j < f.count(); j += step) {
                double[] v = new double[d];
                f.windowMean(j - k + 1, k, v);
                double[] c = null;
                if (context > 0) {
                    int from = Math.max(0, j - k - context + 1);
                    c = new double[d];
                    if (j - k + 1 > 0) {
                        f.windowMean(from, j - k + 1 - from, c);
                    } else {
                        System.arraycopy(v, 0, c, 0, d);
                    }
                }
                s.add(v, c);
            }
        }
        return s;
    }

    /** Starts a new stretch: the windows do not reach across the gap. */
    void stretch() {
        j = 0;
    }

    /** Adds the stretch's next frame (kept, not copied). */
    void push(float[] frame) {
        int length = ring.length;
        ring[(int) (j % length)] = frame;
        if (j >= k - 1 && (j - (k - 1)) % step == 0) {
            // as FrameFeatures.windowMean sums them: in order, then divided
            double[] v = mean(j - k + 1, k);
            double[] c = null;
            if (context > 0) {
                long from = Math.max(0, j - k - context + 1);
                c = j - k + 1 > 0 ? mean(from, (int) (j - k + 1 - from)) : v.clone();
            }
            add(v, c);
        }
        j++;
    }

    /** Adds a trailing mean and its context mean (null without contexts), both uncompressed. */
    private void add(double[] mean, double[] context) {
        means.add(Detector.compress(mean));
        if (context != null) {
            contexts.add(Detector.compress(context));
        }
    }

    private double[] mean(long from, int n) {
        double[] v = new double[d];
        for (long i = from; i < from + n; i++) {
            float[] x = ring[(int) (i % ring.length)];
            for (int q = 0; q < d; q++) {
                v[q] += x[q];
            }
        }
        for (int q = 0; q < d; q++) {
            v[q] /= n;
        }
        return v;
    }

    /** @return whether the sample holds enough windows to fit a model on ({@link BackgroundModel#minVectors}) */
    boolean enough() {
        return means.size() >= BackgroundModel.minVectors(d);
    }

    /** @return the background fit on the trailing means, or null when they are too few ({@link #enough}) */
    BackgroundModel background(double trim) {
        return Detector.fitIfEnough(means, d, trim);
    }

    /**
     * @param line the lines to use, or null to fit them on the sample
     * @return the residual model fitted on the sample, or null when it is too small ({@link #enough})
     *     or was taken without contexts
     */
    ResidualModel residual(io.github.seisclr.score.ResidualLine line, double trim) {
        if (context == 0 || !enough()) {
            return null;
        }
        return ResidualModel.fit(means.toArray(new double[0][]), contexts.toArray(new double[0][]), line, trim);
    }

    /**
     * @return the station's own lines fitted on the sample ({@link io.github.seisclr.score.ResidualLine#fit}),
     *     or null as {@link #residual}
     */
    io.github.seisclr.score.ResidualLine line(double trim) {
        if (context == 0 || !enough()) {
            return null;
        }
        return io.github.seisclr.score.ResidualLine.fit(means.toArray(new double[0][]),
                contexts.toArray(new double[0][]), trim);
    }
}
