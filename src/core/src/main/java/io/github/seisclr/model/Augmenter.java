package io.github.seisclr.model;

import io.github.seisclr.signal.Butterworth;
import io.github.seisclr.signal.SosFilter;

import java.util.Random;

/**
 * Makes one augmented view of a window. Input is a stretch of model input ({@code [3][T + 2M]},
 * noise-scale units, see {@link Preprocessor}); the view is {@code [3][T]}, cut at a random offset
 * within the margin {@code M}, then changed by the enabled augmentations in a fixed order:
 * amplitude, polarity, mixing, Gaussian noise, band jitter, channel dropout, time mask.
 * Deterministic for a given {@link Random}.
 */
final class Augmenter {
    private final AugmentConfig config;
    private final double rate;
    private final int window;
    private final int margin;

    Augmenter(AugmentConfig config, EncoderConfig encoder) {
        this.config = config;
        this.rate = encoder.sampleRate();
        this.window = encoder.windowSamples();
        this.margin = (int) Math.round(config.maxShiftSeconds() * rate / 2);
    }

    /** @return samples needed on each side of a window for the shifts */
    int margin() {
        return margin;
    }

    /**
     * @param source {@code [3][window + 2 margin]}
     * @param other another window of the batch ({@code [3][window + 2 margin]}) for mixing, or null
     * @param rng random source
     * @return a new view {@code [3][window]}
     */
    float[][] view(float[][] source, float[][] other, Random rng) {
        int offset = margin == 0 ? 0 : rng.nextInt(2 * margin + 1);
        float[][] v = new float[3][window];
        for (int c = 0; c < 3; c++) {
            System.arraycopy(source[c], offset, v[c], 0, window);
        }
        double gain = Math.exp((rng.nextDouble() * 2 - 1) * Math.log(config.maxAmplitudeFactor()));
        if (rng.nextDouble() < config.polarityFlipProbability()) {
            gain = -gain;
        }
        scale(v, gain);
        if (other != null && rng.nextDouble() < config.mixProbability()) {
            double w = rng.nextDouble() * config.mixMaxWeight();
            int o = rng.nextInt(2 * margin + 1);
            for (int c = 0; c < 3; c++) {
                for (int i = 0; i < window; i++) {
                    v[c][i] += (float) (w * other[c][o + i]);
                }
            }
        }
        if (rng.nextDouble() < config.noiseProbability()) {
            double sd = rng.nextDouble() * config.noiseMaxStd();
            for (int c = 0; c < 3; c++) {
                for (int i = 0; i < window; i++) {
                    v[c][i] += (float) (sd * rng.nextGaussian());
                }
            }
        }
        if (rng.nextDouble() < config.bandJitterProbability()) {
            SosFilter f = rng.nextBoolean()
                    ? Butterworth.lowpass(2, Math.min(0.45 * rate, 8 + rng.nextDouble() * 0.25 * rate), rate)
                    : Butterworth.highpass(2, 0.5 + rng.nextDouble() * 2.5, rate);
            for (int c = 0; c < 3; c++) {
                double[] d = new double[window];
                for (int i = 0; i < window; i++) {
                    d[i] = v[c][i];
                }
                d = f.filter(d);
                for (int i = 0; i < window; i++) {
                    v[c][i] = (float) d[i];
                }
            }
        }
        if (rng.nextDouble() < config.channelDropoutProbability()) {
            java.util.Arrays.fill(v[rng.nextInt(3)], 0f);
        }
        if (rng.nextDouble() < config.timeMaskProbability()) {
            int len = (int) (rng.nextDouble() * config.timeMaskMaxFraction() * window);
            int from = rng.nextInt(window - len + 1);
            for (int c = 0; c < 3; c++) {
                java.util.Arrays.fill(v[c], from, from + len, 0f);
            }
        }
        return v;
    }

    private static void scale(float[][] v, double g) {
        for (float[] row : v) {
            for (int i = 0; i < row.length; i++) {
                row[i] *= (float) g;
            }
        }
    }
}
