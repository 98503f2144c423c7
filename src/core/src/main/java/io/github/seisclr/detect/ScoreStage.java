package io.github.seisclr.detect;

import io.github.seisclr.model.FrameFeatures;
import io.github.seisclr.score.BackgroundModel;
import io.github.seisclr.score.ResidualModel;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.stream.IntStream;

/**
 * Frame features to the baseline-relative log distance and log residual, one frame at a time
 * (shared by the batch and the incremental detector, so both compute the same numbers).
 *
 * <p>For frame {@code j}: the mean of the last {@code k} frames (fewer at the start), {@code log1p}
 * of each (non-negative) feature, the log of the squared Mahalanobis distance per dimension from
 * the background, minus a trailing baseline: the 30th percentile of the medians of the 2 s blocks
 * over the preceding {@code baselineSeconds}. Frames of the first block wait for that block's
 * median (their only baseline); every later frame's value is out at once.
 *
 * <p>With a {@link ResidualModel}, also the residual: the same trailing mean predicted from the
 * mean of the {@value #CONTEXT_SECONDS} s of frames before it ({@code log1p} of each; the trailing
 * mean itself while there are none), the log of the residual's squared distance per dimension,
 * minus its own trailing baseline of the same blocks. The context is causal: a stream computes it
 * as batch does.
 */
final class ScoreStage {
    /** Seconds of frames before the trailing window that predict it (the residual's context). */
    static final double CONTEXT_SECONDS = 8;
    /** Frames whose distances {@link #pushAll} computes in parallel at a time. */
    private static final int PARALLEL_BLOCK = 8192;

    /** Receives each frame's baseline-relative values. */
    interface Out {
        /**
         * @param distance the baseline-relative log distance
         * @param residual the baseline-relative log residual, NaN without a residual model
         */
        void accept(double distance, double residual);
    }

    private final int k;
    private final int d;
    private final int block;
    private final int span;
    /** Frames of the residual's context; 0 without a residual model. */
    private final int context;
    private BackgroundModel background;
    private ResidualModel residual;
    /** The last {@code k + context} frames, by frame number modulo that length. */
    private final float[][] ring;
    private final double[] sum;
    private final double[] sumContext;
    private final double[] mean;
    private final double[] contextMean;
    private final double[] scratch;
    private int count;
    private int countContext;
    private long frames;
    private final Baseline distances;
    /** The residual's baseline; null without a residual model. */
    private final Baseline residuals;
    /**
     * The compressed trailing means (and, with a residual model, after them the compressed context
     * means) of the frames behind the baseline and the open block, by frame number modulo its
     * length, when kept ({@link #keepRecent}); else null.
     */
    private double[][] recent;

    ScoreStage(int k, int dimension, double frameRate, double baselineSeconds, BackgroundModel background) {
        this(k, dimension, frameRate, baselineSeconds, background, null);
    }

    /**
     * @param residual the residual model, or null to compute the distance alone
     */
    ScoreStage(int k, int dimension, double frameRate, double baselineSeconds, BackgroundModel background,
               ResidualModel residual) {
        this.k = k;
        this.d = dimension;
        this.block = Math.max(1, (int) Math.round(2 * frameRate));
        this.span = Math.max(1, (int) Math.round(baselineSeconds / 2));
        this.background = background;
        this.residual = residual;
        this.context = residual == null ? 0 : contextFrames(frameRate);
        ring = new float[k + context][dimension];
        sum = new double[dimension];
        sumContext = new double[dimension];
        mean = new double[dimension];
        contextMean = new double[dimension];
        scratch = new double[dimension];
        distances = new Baseline(block, span);
        residuals = residual == null ? null : new Baseline(block, span);
    }

    /** @return the frames of the residual's context at this frame rate */
    static int contextFrames(double frameRate) {
        return Math.max(1, (int) Math.round(CONTEXT_SECONDS * frameRate));
    }

    /**
     * Keeps the trailing means behind the baseline (about 32 s of frames, {@code 64 x 8} bytes each,
     * twice that with a residual model: up to about 400 kB) so that {@link #models} can restate the
     * baseline under new models; for {@link #push} ({@link #pushAll} refuses it).
     *
     * @return this stage
     */
    ScoreStage keepRecent() {
        recent = new double[(span + 1) * block][residual == null ? d : 2 * d];
        return this;
    }

    /**
     * Scores the next frames against {@code bg} and {@code res} (null where this stage has no
     * residual model). With {@link #keepRecent}, the baselines' block medians and the open block are
     * restated under them, so that new models do not shift the scores until the baseline has turned
     * over (up to {@code baselineSeconds}): baseline and distance are then of one model, as in a run
     * that had them from the start.
     */
    void models(BackgroundModel bg, ResidualModel res) {
        if ((res == null) != (residual == null)) {
            throw new IllegalArgumentException("a stage " + (residual == null ? "without" : "with")
                    + " a residual model is given models " + (res == null ? "without" : "with") + " one");
        }
        this.background = bg;
        this.residual = res;
        if (recent == null || frames == 0) {
            return;
        }
        distances.restate(frames, f -> logOf(bg.distanceSquared(Arrays.copyOf(recentOf(f), d)), d));
        if (res != null) {
            double[] y = new double[d];
            double[] x = new double[d];
            residuals.restate(frames, f -> {
                double[] r = recentOf(f);
                System.arraycopy(r, 0, y, 0, d);
                System.arraycopy(r, d, x, 0, d);
                return logOf(res.distanceSquared(y, x, scratch), d);
            });
        }
    }

    private double[] recentOf(long frame) {
        return recent[(int) (frame % recent.length)];
    }

    /** @return log1p of the trailing mean of the last frame pushed (a copy) */
    double[] lastMean() {
        return mean.clone();
    }

    /**
     * @return log1p of the context mean of the last frame {@link #push}ed (a copy; {@link #pushAll}
     *     leaves it as it was); zeros without a residual model
     */
    double[] lastContext() {
        return contextMean.clone();
    }

    /** Pushes frame {@code j}; its values (and any held ones) go to {@code out}. */
    void push(float[] frame, Out out) {
        advance(frame, mean, contextMean);
        Detector.compress(mean); // leaves mean compressed, as lastMean() gives it
        double ld = logOf(background.distanceSquared(mean), d);
        double lr = Double.NaN;
        if (residual != null) {
            Detector.compress(contextMean);
            lr = logOf(residual.distanceSquared(mean, contextMean, scratch), d);
        }
        if (recent != null) {
            double[] r = recentOf(frames - 1);
            System.arraycopy(mean, 0, r, 0, d);
            if (residual != null) {
                System.arraycopy(contextMean, 0, r, d, d);
            }
        }
        emit(ld, lr, out);
    }

    /**
     * Pushes all frames of a stretch, as {@link #push} one by one would, with the same numbers:
     * the trailing means are summed in order, the distances (most of the work) are computed in
     * parallel, a block of frames at a time.
     */
    void pushAll(FrameFeatures f, Out out) {
        if (recent != null) {
            throw new IllegalStateException("a stage that keeps its recent means is fed frame by frame (push)");
        }
        int count = f.count();
        int n0 = Math.min(count, PARALLEL_BLOCK);
        double[][] means = new double[n0][d];
        double[][] contexts = residual == null ? null : new double[n0][d];
        double[] ld = new double[n0];
        double[] lr = new double[n0];
        float[] frame = new float[d];
        for (int from = 0; from < count; from += PARALLEL_BLOCK) {
            int n = Math.min(PARALLEL_BLOCK, count - from);
            for (int j = 0; j < n; j++) {
                f.copyFrame(from + j, frame);
                advance(frame, means[j], contexts == null ? contextMean : contexts[j]);
            }
            BackgroundModel bg = background;
            ResidualModel res = residual;
            int chunk = 1024;
            IntStream.range(0, (n + chunk - 1) / chunk).parallel().forEach(q -> {
                int a = q * chunk;
                int b = Math.min(n, a + chunk);
                for (int j = a; j < b; j++) {
                    Detector.compress(means[j]);
                }
                bg.distancesSquared(means, a, b, ld);
                for (int j = a; j < b; j++) {
                    ld[j] = logOf(ld[j], d);
                }
                if (res != null) {
                    for (int j = a; j < b; j++) {
                        // the context's place is taken by its residual once formed
                        res.residual(means[j], Detector.compress(contexts[j]), contexts[j]);
                    }
                    res.distancesSquared(contexts, a, b, lr);
                    for (int j = a; j < b; j++) {
                        lr[j] = logOf(lr[j], d);
                    }
                }
            });
            for (int j = 0; j < n; j++) {
                emit(ld[j], res == null ? Double.NaN : lr[j], out);
            }
            System.arraycopy(means[n - 1], 0, mean, 0, d);
        }
    }

    /**
     * Adds a frame (copied) to the trailing sums and writes the trailing mean to {@code m} and, with
     * a residual model, the context mean to {@code c} (the trailing mean while the context is empty),
     * both uncompressed.
     */
    private void advance(float[] frame, double[] m, double[] c) {
        int length = ring.length;
        if (count == k) {
            float[] leaving = ring[(int) ((frames - k) % length)];
            for (int q = 0; q < d; q++) {
                sum[q] -= leaving[q];
            }
            if (context > 0) {
                if (countContext == context) {
                    float[] old = ring[(int) ((frames - k - context) % length)];
                    for (int q = 0; q < d; q++) {
                        sumContext[q] -= old[q];
                    }
                } else {
                    countContext++;
                }
                for (int q = 0; q < d; q++) {
                    sumContext[q] += leaving[q];
                }
            }
        } else {
            count++;
        }
        System.arraycopy(frame, 0, ring[(int) (frames % length)], 0, d);
        for (int q = 0; q < d; q++) {
            sum[q] += frame[q];
            m[q] = sum[q] / count;
        }
        if (context > 0) {
            for (int q = 0; q < d; q++) {
                c[q] = countContext == 0 ? m[q] : sumContext[q] / countContext;
            }
        }
        frames++;
    }

    /** @return the log of a squared distance per dimension (floored) */
    private static double logOf(double distanceSquared, int dimension) {
        return Math.log(Math.max(distanceSquared / dimension, 1e-12));
    }

    private void emit(double ld, double lr, Out out) {
        distances.add(ld);
        if (residuals != null) {
            residuals.add(lr);
        }
        if (!distances.started()) {
            if (distances.full()) {
                releaseFirstBlock(out);
            }
            return;
        }
        out.accept(ld - distances.base(), residuals == null ? Double.NaN : lr - residuals.base());
        if (distances.full()) {
            distances.complete();
            distances.clear();
            if (residuals != null) {
                residuals.complete();
                residuals.clear();
            }
        }
    }

    /** Ends the stretch: releases the frames of a first block cut short. */
    void finish(Out out) {
        if (!distances.started() && distances.fill() > 0) {
            releaseFirstBlock(out);
        }
    }

    /** Completes the first block (full, or cut short) and releases its frames against its medians. */
    private void releaseFirstBlock(Out out) {
        int n = distances.fill();
        double md = distances.complete();
        double mr = residuals == null ? Double.NaN : residuals.complete();
        for (int i = 0; i < n; i++) {
            out.accept(distances.held(i) - md, residuals == null ? Double.NaN : residuals.held(i) - mr);
        }
        distances.clear();
        if (residuals != null) {
            residuals.clear();
        }
    }

    /** @return the median (the upper one of an even count) of the first {@code n} values, left as they are */
    private static double medianOf(double[] values, int n) {
        double[] part = Arrays.copyOf(values, n);
        Arrays.sort(part);
        return part[n / 2];
    }

    /** A trailing baseline: the open block's values and the medians of the blocks before it. */
    private static final class Baseline {
        private final int block;
        private final int span;
        private final double[] values;
        private int fill;
        private final Deque<Double> medians = new ArrayDeque<>();
        private double base = Double.NaN;

        Baseline(int block, int span) {
            this.block = block;
            this.span = span;
            values = new double[block];
        }

        void add(double v) {
            values[fill++] = v;
        }

        boolean full() {
            return fill == block;
        }

        int fill() {
            return fill;
        }

        /** @return whether a block has been completed (the baseline exists) */
        boolean started() {
            return !medians.isEmpty();
        }

        double held(int i) {
            return values[i];
        }

        double base() {
            return base;
        }

        /** Completes the open block (its values stay held until {@link #clear}); @return its median */
        double complete() {
            double median = medianOf(values, fill);
            medians.addLast(median);
            if (medians.size() > span) {
                medians.removeFirst();
            }
            base = baseOf(medians);
            return median;
        }

        void clear() {
            fill = 0;
        }

        /**
         * Restates the block medians and the open block's values with {@code value} of each frame
         * number, {@code frames} having been pushed.
         */
        void restate(long frames, java.util.function.LongToDoubleFunction value) {
            int blocks = medians.size();
            long first = frames - fill - (long) blocks * block;
            Deque<Double> restated = new ArrayDeque<>();
            double[] part = new double[block];
            for (int b = 0; b < blocks; b++) {
                for (int i = 0; i < block; i++) {
                    part[i] = value.applyAsDouble(first + (long) b * block + i);
                }
                restated.addLast(medianOf(part, block));
            }
            for (int i = 0; i < fill; i++) {
                values[i] = value.applyAsDouble(frames - fill + i);
            }
            medians.clear();
            medians.addAll(restated);
            if (!medians.isEmpty()) {
                base = baseOf(medians);
            }
        }

        /** @return the baseline: the 30th percentile of the block medians */
        private static double baseOf(Deque<Double> medians) {
            double[] sorted = new double[medians.size()];
            int i = 0;
            for (double m : medians) {
                sorted[i++] = m;
            }
            Arrays.sort(sorted);
            return sorted[(int) Math.floor(0.3 * (sorted.length - 1))];
        }
    }
}
