package io.github.seisclr.model;

import java.time.Instant;

/**
 * The encoder's output over a whole aligned segment: one feature vector every
 * {@link EncoderConfig#FRAME_STRIDE} samples. Frame {@code j} summarises the samples around
 * {@code 8 j} (its receptive field is {@link EncoderConfig#receptiveFieldSamples()} samples). A
 * window's embedding is the mean of its frames.
 *
 * <p>Public for seisclr's other packages (the CLI and the engine modules among them); not part of the
 * API a caller needs, and it may change without notice.
 */
public final class FrameFeatures {
    private final Instant start;
    private final double frameRate;
    private final float[][] frames;

    FrameFeatures(Instant start, double frameRate, float[][] frames) {
        this.start = start;
        this.frameRate = frameRate;
        this.frames = frames;
    }

    /**
     * @param start time of frame 0
     * @param frameRate frames per second
     * @param frames {@code [count][dimension]} features (not copied)
     * @return frame features over them
     */
    public static FrameFeatures of(Instant start, double frameRate, float[][] frames) {
        return new FrameFeatures(start, frameRate, frames);
    }

    /** @return time of frame 0 (the segment's first sample) */
    public Instant start() {
        return start;
    }

    /** @return frames per second */
    public double frameRate() {
        return frameRate;
    }

    /** @return number of frames */
    public int count() {
        return frames.length;
    }

    /** @return feature size */
    public int dimension() {
        return frames.length == 0 ? 0 : frames[0].length;
    }

    /**
     * @param j frame index
     * @return a copy of frame {@code j}'s features
     */
    public float[] frame(int j) {
        return frames[j].clone();
    }

    /**
     * Copies frame {@code j}'s features without allocating (for loops over a million frames).
     *
     * @param j frame index
     * @param into where to write {@link #dimension()} values
     */
    public void copyFrame(int j, float[] into) {
        System.arraycopy(frames[j], 0, into, 0, frames[j].length);
    }

    /**
     * @param j frame index
     * @return its time
     */
    public Instant timeOf(double j) {
        return start.plusNanos(Math.round(j / frameRate * 1e9));
    }

    /**
     * Mean of frames {@code [from, from + count)}: the embedding of the window they cover.
     *
     * @param from first frame
     * @param count number of frames
     * @param out where to write {@link #dimension()} values
     */
    public void windowMean(int from, int count, double[] out) {
        java.util.Arrays.fill(out, 0);
        for (int j = from; j < from + count; j++) {
            float[] f = frames[j];
            for (int k = 0; k < out.length; k++) {
                out[k] += f[k];
            }
        }
        for (int k = 0; k < out.length; k++) {
            out[k] /= count;
        }
    }
}
