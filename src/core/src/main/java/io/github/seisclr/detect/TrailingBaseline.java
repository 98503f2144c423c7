package io.github.seisclr.detect;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.function.DoubleConsumer;

/**
 * A sequence of log distances made relative to its own trailing baseline: the 30th percentile of
 * the medians of the blocks (2 s each) over the preceding span of blocks. The values of the first
 * block wait for that block's median, their only baseline; every later value is out at once, less
 * the baseline of the blocks completed before it ({@link ScoreStage} frame by frame, the background
 * fit's first pass over its subsample).
 */
final class TrailingBaseline {
    private final int span;
    private final double[] blockValues;
    private int blockFill;
    private final Deque<Double> medians = new ArrayDeque<>();
    private double base = Double.NaN;

    /**
     * @param block values per block (at least 1)
     * @param span blocks the baseline reaches back (at least 1)
     */
    TrailingBaseline(int block, int span) {
        this.span = span;
        blockValues = new double[block];
    }

    /** @return values per block for a sequence of {@code rate} values a second (2 s, at least 1) */
    static int block(double rate) {
        return Math.max(1, (int) Math.round(2 * rate));
    }

    /** @return blocks over {@code baselineSeconds} (at least 1) */
    static int span(double baselineSeconds) {
        return Math.max(1, (int) Math.round(baselineSeconds / 2));
    }

    /** Pushes one value; its relative value (and any held ones) go to {@code out}. */
    void push(double value, DoubleConsumer out) {
        blockValues[blockFill++] = value;
        if (medians.isEmpty()) {
            if (blockFill == blockValues.length) {
                completeBlock(out, true);
            }
            return;
        }
        out.accept(value - base);
        if (blockFill == blockValues.length) {
            completeBlock(out, false);
        }
    }

    /** Ends the sequence: releases the values of a first block cut short. */
    void finish(DoubleConsumer out) {
        if (medians.isEmpty() && blockFill > 0) {
            completeBlock(out, true);
        }
    }

    private void completeBlock(DoubleConsumer out, boolean first) {
        double[] part = Arrays.copyOf(blockValues, blockFill);
        Arrays.sort(part);
        double median = part[part.length / 2];
        if (first) {
            for (int i = 0; i < blockFill; i++) {
                out.accept(blockValues[i] - median);
            }
        }
        medians.addLast(median);
        if (medians.size() > span) {
            medians.removeFirst();
        }
        double[] sorted = new double[medians.size()];
        int i = 0;
        for (double m : medians) {
            sorted[i++] = m;
        }
        Arrays.sort(sorted);
        base = sorted[(int) Math.floor(0.3 * (sorted.length - 1))];
        blockFill = 0;
    }
}
