package io.github.seisclr.detect;

import io.github.seisclr.model.FrameFeatures;
import io.github.seisclr.score.BackgroundModel;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.function.DoubleConsumer;
import java.util.stream.IntStream;

/**
 * Frame features to the baseline-relative log distance, one frame at a time (shared by the batch
 * and the incremental detector, so both compute the same numbers).
 *
 * <p>For frame {@code j}: the mean of the last {@code k} frames (fewer at the start), {@code log1p}
 * of each (non-negative) feature, the log of the squared Mahalanobis distance per dimension from
 * the background, minus a trailing baseline: the 30th percentile of the medians of the 2 s blocks
 * over the preceding {@code baselineSeconds}. Frames of the first block wait for that block's
 * median (their only baseline); every later frame's value is out at once.
 */
final class ScoreStage {
    /** Frames whose distances {@link #pushAll} computes in parallel at a time. */
    private static final int PARALLEL_BLOCK = 8192;
    private final int k;
    private final int d;
    private final int block;
    private final int span;
    private BackgroundModel background;
    private final float[][] ring;
    private final double[] sum;
    private final double[] mean;
    private int count;
    private long frames;
    private final double[] blockValues;
    private int blockFill;
    private final Deque<Double> medians = new ArrayDeque<>();
    private double base = Double.NaN;
    /**
     * The compressed trailing means of the frames behind the baseline and the open block, by frame
     * number modulo its length, when kept ({@link #keepRecent}); else null.
     */
    private double[][] recent;

    ScoreStage(int k, int dimension, double frameRate, double baselineSeconds, BackgroundModel background) {
        this.k = k;
        this.d = dimension;
        this.block = Math.max(1, (int) Math.round(2 * frameRate));
        this.span = Math.max(1, (int) Math.round(baselineSeconds / 2));
        this.background = background;
        ring = new float[k][dimension];
        sum = new double[dimension];
        mean = new double[dimension];
        blockValues = new double[block];
    }

    /**
     * Keeps the trailing means behind the baseline (about 32 s of frames, {@code 64 x 8} bytes each:
     * about 200 kB) so that {@link #background} can restate the baseline under a new model; for
     * {@link #push} ({@link #pushAll} refuses it).
     *
     * @return this stage
     */
    ScoreStage keepRecent() {
        recent = new double[(span + 1) * block][d];
        return this;
    }

    /**
     * Scores the next frames against {@code bg}. With {@link #keepRecent}, the baseline's block
     * medians and the open block are restated under {@code bg}, so that a new model does not shift
     * the scores until the baseline has turned over (up to {@code baselineSeconds}): baseline and
     * distance are then of one model, as in a run that had {@code bg} from the start.
     */
    void background(BackgroundModel bg) {
        this.background = bg;
        if (recent == null || frames == 0) {
            return;
        }
        int blocks = medians.size();
        long first = frames - blockFill - (long) blocks * block;
        Deque<Double> restated = new ArrayDeque<>();
        double[] values = new double[block];
        for (int b = 0; b < blocks; b++) {
            for (int i = 0; i < block; i++) {
                values[i] = restate(first + (long) b * block + i, bg);
            }
            restated.addLast(medianOf(values, block));
        }
        for (int i = 0; i < blockFill; i++) {
            blockValues[i] = restate(frames - blockFill + i, bg);
        }
        medians.clear();
        medians.addAll(restated);
        if (!medians.isEmpty()) {
            base = baseOf(medians);
        }
    }

    private double restate(long frame, BackgroundModel bg) {
        return logOf(bg.distanceSquared(recent[(int) (frame % recent.length)]), d);
    }

    /** @return log1p of the trailing mean of the last frame pushed (a copy) */
    double[] lastMean() {
        return mean.clone();
    }

    /** Pushes frame {@code j}; its value (and any held ones) go to {@code out}. */
    void push(float[] frame, DoubleConsumer out) {
        advance(frame, mean);
        double ld = logDistance(mean, background); // leaves mean compressed, as lastMean() gives it
        if (recent != null) {
            System.arraycopy(mean, 0, recent[(int) ((frames - 1) % recent.length)], 0, d);
        }
        emit(ld, out);
    }

    /**
     * Pushes all frames of a stretch, as {@link #push} one by one would, with the same numbers:
     * the trailing means are summed in order, the distances (most of the work) are computed in
     * parallel, a block of frames at a time.
     */
    void pushAll(FrameFeatures f, DoubleConsumer out) {
        if (recent != null) {
            throw new IllegalStateException("a stage that keeps its recent means is fed frame by frame (push)");
        }
        int count = f.count();
        double[][] means = new double[Math.min(count, PARALLEL_BLOCK)][d];
        double[] ld = new double[means.length];
        float[] frame = new float[d];
        for (int from = 0; from < count; from += PARALLEL_BLOCK) {
            int n = Math.min(PARALLEL_BLOCK, count - from);
            for (int j = 0; j < n; j++) {
                f.copyFrame(from + j, frame);
                advance(frame, means[j]);
            }
            BackgroundModel bg = background;
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
            });
            for (int j = 0; j < n; j++) {
                emit(ld[j], out);
            }
            System.arraycopy(means[n - 1], 0, mean, 0, d);
        }
    }

    /** Adds a frame (copied) to the trailing sum and writes the trailing mean (uncompressed) to {@code m}. */
    private void advance(float[] frame, double[] m) {
        int slot = (int) (frames % k);
        float[] kept = ring[slot];
        if (count == k) {
            for (int q = 0; q < d; q++) {
                sum[q] -= kept[q];
            }
        } else {
            count++;
        }
        System.arraycopy(frame, 0, kept, 0, d);
        for (int q = 0; q < d; q++) {
            sum[q] += frame[q];
            m[q] = sum[q] / count;
        }
        frames++;
    }

    /** Compresses {@code m} in place; @return the log of its squared Mahalanobis distance per dimension */
    private static double logDistance(double[] m, BackgroundModel bg) {
        Detector.compress(m);
        return logOf(bg.distanceSquared(m), m.length);
    }

    /** @return the log of a squared distance per dimension (floored) */
    private static double logOf(double distanceSquared, int dimension) {
        return Math.log(Math.max(distanceSquared / dimension, 1e-12));
    }

    private void emit(double ld, DoubleConsumer out) {
        blockValues[blockFill++] = ld;
        if (medians.isEmpty()) {
            if (blockFill == block) {
                completeBlock(out, true);
            }
            return;
        }
        out.accept(ld - base);
        if (blockFill == block) {
            completeBlock(out, false);
        }
    }

    /** Ends the stretch: releases the frames of a first block cut short. */
    void finish(DoubleConsumer out) {
        if (medians.isEmpty() && blockFill > 0) {
            completeBlock(out, true);
        }
    }

    /** @return the median (the upper one of an even count) of the first {@code n} values, left as they are */
    private static double medianOf(double[] values, int n) {
        double[] part = Arrays.copyOf(values, n);
        Arrays.sort(part);
        return part[n / 2];
    }

    private void completeBlock(DoubleConsumer out, boolean first) {
        double median = medianOf(blockValues, blockFill);
        if (first) {
            for (int i = 0; i < blockFill; i++) {
                out.accept(blockValues[i] - median);
            }
        }
        medians.addLast(median);
        if (medians.size() > span) {
            medians.removeFirst();
        }
        base = baseOf(medians);
        blockFill = 0;
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
