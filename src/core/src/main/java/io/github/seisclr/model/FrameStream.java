package io.github.seisclr.model;

import io.github.seisclr.signal.Butterworth;
import io.github.seisclr.signal.SosFilter;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;

/**
 * The encoder run incrementally over one contiguous stretch of a station, for real-time use.
 *
 * <p>Samples go through the same steps as {@link Encoder#frames}: the causal band-pass (its state
 * carried from block to block), the causal noise scale of {@link Preprocessor}, and the
 * convolutional encoder over the scaled input with context on either side. Frames come out as soon
 * as the samples they depend on have arrived: {@link Encoder#contextSamples()} samples after their
 * own (0.64 s at 100 Hz with the default dilations, 1.28 s with 1,2,4,8,8), and at least {@value #MIN_FRAMES} frames at a time; a scale block need
 * not be complete, since its scale comes from the blocks before it. Only the first
 * {@link Preprocessor#WARMUP_SECONDS} s of a stretch wait until the warm-up blocks that set their
 * scale are complete. The result equals the batch frames to float rounding.
 *
 * <p>Memory stays bounded: the warm-up samples, one scale block and the encoder's context.
 * Not thread-safe: feed one stream from one thread.
 *
 * <p>Public for seisclr's other packages (the CLI and the engine modules among them); not part of the
 * API a caller needs, and it may change without notice.
 */
public final class FrameStream {
    /** Fewest new frames worth a forward pass while streaming (0.32 s at 100 Hz). */
    private static final int MIN_FRAMES = 4;

    private final Encoder encoder;
    private final boolean[] present;
    private final int comps;
    private final int blockLength;
    private final int warmupBlocks;
    private final int spanBlocks;
    private final SosFilter.State[] filters = new SosFilter.State[3];
    private final int stride = EncoderConfig.FRAME_STRIDE;
    private final int pad;

    // filtered samples of the current scale block, for its RMS
    private final double[][] block;
    private int blockFill;
    private double blockEnergy; // sum of squares of the block's filtered samples so far
    private int blocksDone;
    private final double[] warmupRms;
    private final Deque<Double> recentRms = new ArrayDeque<>();
    // filtered samples of the warm-up blocks, waiting for their scale
    private double[][] held = new double[3][1024];
    private int heldCount;
    private double scale = Double.NaN; // of the current block once the warm-up is over

    // scaled samples from global index inStart on
    private float[][] input = new float[3][4096];
    private long inStart;
    private long scaledCount;
    private long framesDone;
    /** Samples held at {@link Preprocessor#INPUT_LIMIT} so far, and the index of the first (from the stream's start). */
    private long beyondLimit;
    private long firstBeyondLimit = -1;
    private long samplesIn;
    private boolean finished;

    FrameStream(Encoder encoder, boolean[] present) {
        if (present.length != 3) {
            throw new IllegalArgumentException("present must have 3 entries (Z, N/1, E/2), got " + present.length);
        }
        this.encoder = encoder;
        this.pad = encoder.contextSamples();
        this.present = present.clone();
        int c = 0;
        for (boolean p : present) {
            c += p ? 1 : 0;
        }
        if (c == 0) {
            throw new IllegalArgumentException("no component present");
        }
        comps = c;
        EncoderConfig config = encoder.config();
        SosFilter bp = Butterworth.bandpass(4, config.bandLowHz(), config.bandHighHz(), config.sampleRate());
        for (int k = 0; k < 3; k++) {
            filters[k] = bp.newState();
        }
        blockLength = Preprocessor.blockSamples(config.sampleRate());
        warmupBlocks = Preprocessor.warmupBlocks();
        spanBlocks = Preprocessor.spanBlocks();
        block = new double[3][blockLength];
        warmupRms = new double[warmupBlocks];
    }

    /** @return frames per second */
    public double frameRate() {
        return encoder.config().sampleRate() / stride;
    }

    /** @return samples fed so far */
    public long samplesIn() {
        return samplesIn;
    }

    /**
     * @return samples (over the components) that stood more than {@link Preprocessor#INPUT_LIMIT}
     *     times the noise scale, held at it for the network, so far
     */
    public long beyondLimit() {
        return beyondLimit;
    }

    /** @return the index (from the stream's first sample) of the first sample held at the limit, -1 for none */
    public long firstBeyondLimit() {
        return firstBeyondLimit;
    }

    /** @return frames given out so far */
    public long framesOut() {
        return framesDone;
    }

    /**
     * Feeds the next samples of the stretch.
     *
     * @param samples {@code [3][m]} aligned samples at the model's rate (absent components ignored)
     * @param from first index to take
     * @param to one past the last index
     * @return the frames that became computable, in order (frame {@code framesOut()} before the
     *     call comes first); often none
     */
    public float[][] push(double[][] samples, int from, int to) {
        if (finished) {
            throw new IllegalStateException("stream finished; start a new one for the next stretch");
        }
        for (int i = from; i < to; i++) {
            for (int c = 0; c < 3; c++) {
                double x = present[c] ? samples[c][i] : 0;
                if (!Double.isFinite(x)) {
                    throw new IllegalArgumentException("sample " + (samplesIn + i - from) + " of component " + c
                            + " is " + x);
                }
            }
        }
        if (samplesIn == 0 && to > from) {
            // the band-pass starts from the steady state of the stretch's first sample, as the
            // batch preprocessing does, so that a digitiser's DC offset does not ring into it
            for (int c = 0; c < 3; c++) {
                if (present[c]) {
                    filters[c].settle(samples[c][from]);
                }
            }
        }
        int i = from;
        while (i < to) {
            int n = Math.min(to - i, blockLength - blockFill);
            for (int c = 0; c < 3; c++) {
                if (present[c]) {
                    System.arraycopy(samples[c], i, block[c], blockFill, n);
                }
            }
            if (blocksDone >= warmupBlocks) {
                // past the warm-up the block's scale is known (it comes from the blocks before):
                // filter and pass on the samples now rather than when the block is complete
                filter(blockFill, blockFill + n);
                emit(block, blockFill, blockFill + n, scale);
            }
            blockFill += n;
            i += n;
            if (blockFill == blockLength) {
                completeBlock();
            }
        }
        samplesIn += to - from;
        return frames(false);
    }

    /**
     * Ends the stretch: scales what the warm-up still holds, computes the last frames (with zero
     * input after the end, as the batch encoder does).
     *
     * @return the remaining frames
     */
    public float[][] finish() {
        if (finished) {
            return new float[0][];
        }
        finished = true;
        if (blockFill > 0) {
            completeBlock();
        }
        if (Double.isNaN(scale) && heldCount > 0) {
            releaseWarmup(Math.min(blocksDone, warmupBlocks));
        }
        return frames(true);
    }

    /** Filters block samples [a, b) in place and adds them to the block's energy. */
    private void filter(int a, int b) {
        for (int c = 0; c < 3; c++) {
            if (present[c]) {
                filters[c].processInPlace(block[c], a, b);
                for (int k = a; k < b; k++) {
                    blockEnergy += block[c][k] * block[c][k];
                }
            }
        }
    }

    private void completeBlock() {
        int n = blockFill;
        int b = blocksDone++;
        if (b < warmupBlocks) {
            filter(0, n);
        }
        double rms = Preprocessor.blockRms(blockEnergy, n, comps);
        blockEnergy = 0;
        if (b < warmupBlocks) {
            warmupRms[b] = rms;
            hold(n);
            if (b == warmupBlocks - 1) {
                releaseWarmup(warmupBlocks);
            }
        }
        recentRms.addLast(rms);
        if (recentRms.size() > spanBlocks) {
            recentRms.removeFirst();
        }
        blockFill = 0;
        if (blocksDone >= warmupBlocks) {
            double[] r = new double[recentRms.size()];
            int k = 0;
            for (double v : recentRms) {
                r[k++] = v;
            }
            scale = Preprocessor.quantileScale(r); // for the next block
        }
    }

    private void hold(int n) {
        if (heldCount + n > held[0].length) {
            for (int c = 0; c < 3; c++) {
                held[c] = Arrays.copyOf(held[c], Math.max(2 * held[c].length, heldCount + n));
            }
        }
        for (int c = 0; c < 3; c++) {
            System.arraycopy(block[c], 0, held[c], heldCount, n);
        }
        heldCount += n;
    }

    private void releaseWarmup(int blocks) {
        double s = Preprocessor.quantileScale(Arrays.copyOf(warmupRms, Math.max(1, blocks)));
        emit(held, 0, heldCount, s);
        held = null;
        heldCount = 0;
    }

    private void emit(double[][] x, int from, int to, double s) {
        int n = to - from;
        long used = scaledCount - inStart;
        if (used + n > input[0].length) {
            for (int c = 0; c < 3; c++) {
                input[c] = Arrays.copyOf(input[c], (int) Math.max(2L * input[c].length, used + n));
            }
        }
        for (int c = 0; c < 3; c++) {
            for (int i = 0; i < n; i++) {
                double v = x[c][from + i] / s;
                input[c][(int) used + i] = Preprocessor.input(v);
                if (Math.abs(v) > Preprocessor.INPUT_LIMIT) {
                    if (firstBeyondLimit < 0 || scaledCount + i < firstBeyondLimit) {
                        firstBeyondLimit = scaledCount + i; // the earliest over the components, as batch gives it
                    }
                    beyondLimit++;
                }
            }
        }
        scaledCount += n;
    }

    private float[][] frames(boolean last) {
        long end = last ? scaledCount / stride : Math.max(0, (scaledCount - pad) / stride);
        if (end <= framesDone || (!last && end - framesDone < MIN_FRAMES)) {
            return new float[0][];
        }
        long first = framesDone * stride - pad; // global sample index of the input's first sample
        int len = (int) ((end - framesDone) * stride + 2L * pad);
        float[] buf = new float[3 * len];
        for (int c = 0; c < 3; c++) {
            long lo = Math.max(first, inStart);
            long hi = Math.min(first + len, scaledCount);
            if (hi > lo) {
                System.arraycopy(input[c], (int) (lo - inStart), buf, c * len + (int) (lo - first), (int) (hi - lo));
            }
        }
        float[][] all = encoder.framesOf(buf, len);
        float[][] out = Arrays.copyOfRange(all, pad / stride, pad / stride + (int) (end - framesDone));
        framesDone = end;
        // keep the context the next frames need
        long keepFrom = Math.max(inStart, framesDone * stride - pad);
        int drop = (int) (keepFrom - inStart);
        if (drop > 0) {
            int keep = (int) (scaledCount - keepFrom);
            for (int c = 0; c < 3; c++) {
                System.arraycopy(input[c], drop, input[c], 0, keep);
            }
            inStart = keepFrom;
        }
        return out;
    }
}
