package io.github.seisclr.model;

import java.util.Arrays;

/**
 * Architecture and input settings of an encoder. Immutable; build with {@link #builder()}.
 *
 * <p>Input: three components (Z, N/1, E/2) at {@code sampleRate}, band-passed causally
 * ({@code bandLowHz}-{@code bandHighHz}, 4 corners), divided by the station's robust noise scale
 * (see {@link Preprocessor}) and compressed with asinh. Network: convolutions with the widths in
 * {@code channels} (kernel 7, then 5, 5, 3, 3; strides 1, 2, 2, 2, 1; dilations {@code dilations},
 * by default 1, 1, 1, 1, 2, which gives each frame a reach of 59 samples), ReLU after each, giving a feature vector of {@code channels[last]} values every 8 samples; mean
 * pooling over a window gives the embedding.
 *
 * <p>Two training objectives ({@link Objective}), for the same network and the same detector:
 * {@code PREDICTIVE} (contrastive predictive coding, van den Oord et al. 2018: the
 * {@value #CONTEXT_FRAMES} frames before a {@value #TARGET_FRAMES}-frame target must pick out that
 * target among the other windows' targets; two linear heads map the mean of the
 * {@code log(1 + x)}-compressed frames of context and target to {@code projectionDim} values for
 * the loss only) and {@code CONTRASTIVE} (SimCLR, Chen et al. 2020: two augmented views of a
 * window must embed close, other windows far; a two-layer projection head maps the embedding to
 * {@code projectionDim} values for the loss only). The heads are kept in the model file; detection
 * uses the frame features alone.
 */
public final class EncoderConfig {
    /** Total stride of the network: one frame every this many samples. */
    public static final int FRAME_STRIDE = 8;
    /** Predictive objective: frames of context before the target (8 s at 100 Hz). */
    public static final int CONTEXT_FRAMES = 100;
    /** Predictive objective: frames of the target (1.04 s at 100 Hz). */
    public static final int TARGET_FRAMES = 13;
    /**
     * Predictive objective: the fewest frames before the context in a training window (edge of
     * the convolutions); more when the reach needs them ({@link #leadFrames()}).
     */
    static final int LEAD_FRAMES = 4;
    /** Predictive objective: the fewest frames after the target in a training window (right edge). */
    static final int TAIL_FRAMES = 11;
    /** Predictive objective: frames of a training window with the default dilations (lead, context, target, tail). */
    static final int PREDICTIVE_WINDOW_FRAMES = LEAD_FRAMES + CONTEXT_FRAMES + TARGET_FRAMES + TAIL_FRAMES;
    /** Kernel sizes of the five convolutions. */
    static final int[] KERNELS = {7, 5, 5, 3, 3};
    /** Strides of the five convolutions (their product is {@link #FRAME_STRIDE}). */
    static final int[] STRIDES = {1, 2, 2, 2, 1};
    /** Dilations of the five convolutions unless set otherwise. */
    static final int[] DEFAULT_DILATIONS = {1, 1, 1, 1, 2};

    /** Sample rate unless set otherwise (Hz). */
    static final double DEFAULT_SAMPLE_RATE = 100;
    /** Contrastive objective: window length unless set otherwise (s). */
    static final double DEFAULT_WINDOW_SECONDS = 4;
    /** Band-pass corners unless set otherwise (Hz). */
    static final double DEFAULT_BAND_LOW_HZ = 1;
    static final double DEFAULT_BAND_HIGH_HZ = 20;

    /** What the encoder is trained to do (docs/training.md compares the two). */
    public enum Objective {
        /** Two augmented views of one window embed close, other windows far (SimCLR). */
        CONTRASTIVE,
        /** Eight seconds of context pick out the next second among other windows' (contrastive predictive coding). */
        PREDICTIVE
    }

    private final double sampleRate;
    private final double windowSeconds;
    private final double bandLowHz;
    private final double bandHighHz;
    private final int[] channels;
    private final int[] dilations;
    private final int projectionDim;
    private final double temperature;
    private final Objective objective;

    private EncoderConfig(Builder b) {
        sampleRate = b.sampleRate;
        dilations = b.dilations.clone();
        // a predictive model's window is fixed in frames: its length in seconds follows from the rate
        windowSeconds = b.objective == Objective.PREDICTIVE
                ? (double) predictiveWindowFrames(dilations) * FRAME_STRIDE / b.sampleRate : b.windowSeconds;
        bandLowHz = b.bandLowHz;
        bandHighHz = b.bandHighHz;
        channels = b.channels.clone();
        projectionDim = b.projectionDim;
        temperature = b.temperature;
        objective = b.objective;
        if (!(bandHighHz < sampleRate / 2)) {
            throw new IllegalArgumentException("bandHighHz (" + bandHighHz + ") must be below Nyquist ("
                    + sampleRate / 2 + " Hz)");
        }
    }

    /**
     * @return a builder with the defaults: 100 Hz, 1-20 Hz, channels 8/16/32/64/64, the predictive
     *     objective (4 s windows if the contrastive one is chosen)
     */
    public static Builder builder() {
        return new Builder();
    }

    /** @return model sample rate (Hz) */
    public double sampleRate() {
        return sampleRate;
    }

    /** @return window length (s): as set for the contrastive objective, the fixed window for the predictive one */
    public double windowSeconds() {
        return windowSeconds;
    }

    /**
     * @return window length in samples: {@code windowSeconds × sampleRate} rounded down to a
     *     multiple of 40 (the frame stride times the projection head's five sub-windows)
     */
    public int windowSamples() {
        if (objective == Objective.PREDICTIVE) {
            return predictiveWindowFrames(dilations) * FRAME_STRIDE;
        }
        int unit = FRAME_STRIDE * 5;
        int n = (int) Math.round(windowSeconds * sampleRate);
        return Math.max(unit, n - n % unit);
    }

    /** @return frames per window */
    public int windowFrames() {
        return windowSamples() / FRAME_STRIDE;
    }

    /** @return lower band-pass corner (Hz) */
    public double bandLowHz() {
        return bandLowHz;
    }

    /** @return upper band-pass corner (Hz) */
    public double bandHighHz() {
        return bandHighHz;
    }

    /** @return convolution widths, five layers */
    public int[] channels() {
        return channels.clone();
    }

    /** @return embedding size (the last convolution's width) */
    public int embeddingDim() {
        return channels[channels.length - 1];
    }

    /** @return projection head output size */
    public int projectionDim() {
        return projectionDim;
    }

    /** @return InfoNCE temperature */
    public double temperature() {
        return temperature;
    }

    /** @return the training objective (the detector uses the frame features the same way whatever it was) */
    public Objective objective() {
        return objective;
    }

    /** @return dilations of the five convolutions */
    public int[] dilations() {
        return dilations.clone();
    }

    /**
     * What to append to a model's weight checksum wherever the checksum stands for the features a
     * model computes (calibrations, the reference noise, detection outputs): the same weights with
     * other dilations compute other features.
     *
     * @return {@code ""} for the default dilations, otherwise {@code "+d"} and the dilations joined
     *     by dots (for example {@code "+d1.2.4.8.8"})
     */
    public String dilationsTag() {
        if (Arrays.equals(dilations, DEFAULT_DILATIONS)) {
            return "";
        }
        return "+d" + Arrays.stream(dilations).mapToObj(Integer::toString).collect(java.util.stream.Collectors.joining("."));
    }

    /**
     * What to append to a model's weight checksum, after {@link #dilationsTag()}, for the input
     * settings that are not the defaults: a model file's weights checksum covers {@code weights.bin}
     * alone, and the same weights run at another rate, or on another band, compute other features
     * (the detector resamples to the rate and filters to the band before the network). The window
     * enters too: a contrastive model was trained on windows of its length, and nothing ties the
     * weights to it. A predictive model's window follows from the rate and dilations, so it adds
     * nothing. The channels, projection size and objective need no tag: they set the weights' list
     * and shapes, which a model file is checked against; the temperature is training's alone.
     * The defaults add nothing, so that a model at the defaults keeps the id its weights gave it
     * before the settings entered.
     *
     * @return {@code ""} at the defaults (100 Hz, 1-20 Hz, 4 s for a contrastive model), otherwise
     *     {@code "+r"} and the rate, {@code "+b"} and the band's corners joined by a hyphen, {@code "+w"} and
     *     the window, each only where it is not the default (for example {@code "+r50"}, {@code "+b1-45"},
     *     {@code "+w8"}; numbers in hertz and seconds, without trailing zeros)
     */
    public String settingsTag() {
        StringBuilder b = new StringBuilder();
        if (sampleRate != DEFAULT_SAMPLE_RATE) {
            b.append("+r").append(plain(sampleRate));
        }
        if (bandLowHz != DEFAULT_BAND_LOW_HZ || bandHighHz != DEFAULT_BAND_HIGH_HZ) {
            b.append("+b").append(plain(bandLowHz)).append('-').append(plain(bandHighHz));
        }
        if (objective != Objective.PREDICTIVE && windowSeconds != DEFAULT_WINDOW_SECONDS) {
            b.append("+w").append(plain(windowSeconds));
        }
        return b.toString();
    }

    /**
     * The id an earlier seisclr gave the model with this id, before {@link #settingsTag()} entered
     * it: the same id without the settings' parts. Two models of one set of weights at other
     * settings had that one id, so a file tied to it cannot tell which of them made it.
     *
     * @param featuresId a model's {@link Encoder#featuresId()}
     * @return the id without its {@code +r}, {@code +b} and {@code +w} parts; the id itself at the defaults
     */
    public static String withoutSettingsTag(String featuresId) {
        return featuresId.replaceAll("\\+[rbw][^+]*", "");
    }

    /** @return {@code v} as its shortest decimal, without a trailing {@code .0} */
    private static String plain(double v) {
        return java.math.BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }

    /** @return receptive field of one frame, in samples */
    public int receptiveFieldSamples() {
        return receptiveField(dilations);
    }

    private static int receptiveField(int[] dilations) {
        int reach = 1;
        int stride = 1;
        for (int l = 0; l < KERNELS.length; l++) {
            reach += (KERNELS[l] - 1) * dilations[l] * stride;
            stride *= STRIDES[l];
        }
        return reach;
    }

    /**
     * Predictive objective: frames before the context in a training window, enough that the
     * context's first frame does not reach the window's edge (at least {@value #LEAD_FRAMES}).
     */
    int leadFrames() {
        return edgeFrames(dilations, LEAD_FRAMES);
    }

    private static int edgeFrames(int[] dilations, int least) {
        int half = receptiveField(dilations) / 2;
        return Math.max(least, (half + FRAME_STRIDE - 1) / FRAME_STRIDE);
    }

    /**
     * Predictive objective: frames between the context and the target, so that the context's last
     * frames see no more of the target than with the default dilations (about 0.3 s at 100 Hz): a
     * frame reaches half its reach forward, and a context that sees the target it must pick out
     * makes the task one of matching overlapping content instead of predicting. 0 for the default
     * dilations, 11 for 1, 2, 4, 8, 8.
     */
    int gapFrames() {
        return gapFrames(dilations);
    }

    private static int gapFrames(int[] dilations) {
        return edgeFrames(dilations, LEAD_FRAMES) - edgeFrames(DEFAULT_DILATIONS, LEAD_FRAMES);
    }

    /** Predictive objective: frames from the window's start to the target's first. */
    int targetStartFrame() {
        return leadFrames() + CONTEXT_FRAMES + gapFrames();
    }

    private static int predictiveWindowFrames(int[] dilations) {
        return edgeFrames(dilations, LEAD_FRAMES) + CONTEXT_FRAMES + gapFrames(dilations) + TARGET_FRAMES
                + edgeFrames(dilations, TAIL_FRAMES);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EncoderConfig c && c.sampleRate == sampleRate && c.windowSeconds == windowSeconds
                && c.bandLowHz == bandLowHz && c.bandHighHz == bandHighHz && Arrays.equals(c.channels, channels)
                && Arrays.equals(c.dilations, dilations)
                && c.projectionDim == projectionDim && c.temperature == temperature && c.objective == objective;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(channels) * 31 + Double.hashCode(sampleRate);
    }

    /** @return every setting by name (API review: not loggable before) */
    @Override
    public String toString() {
        return "EncoderConfig[sampleRate=" + sampleRate + ", windowSeconds=" + windowSeconds + ", bandLowHz=" + bandLowHz
                + ", bandHighHz=" + bandHighHz + ", channels=" + Arrays.toString(channels) + ", dilations="
                + Arrays.toString(dilations) + ", projectionDim=" + projectionDim + ", temperature=" + temperature
                + ", objective=" + objective + "]";
    }

    /** Builder for {@link EncoderConfig}. */
    public static final class Builder {
        private double sampleRate = DEFAULT_SAMPLE_RATE;
        private double windowSeconds = DEFAULT_WINDOW_SECONDS;
        private double bandLowHz = DEFAULT_BAND_LOW_HZ;
        private double bandHighHz = DEFAULT_BAND_HIGH_HZ;
        private int[] channels = {8, 16, 32, 64, 64};
        private int[] dilations = DEFAULT_DILATIONS.clone();
        private int projectionDim = 32;
        private double temperature = 0.1;
        private Objective objective = Objective.PREDICTIVE;

        private Builder() {
        }

        /** @param v model sample rate, 10 to 1000 Hz @return this builder */
        public Builder sampleRate(double v) {
            if (!(v >= 10 && v <= 1000)) {
                throw new IllegalArgumentException("sampleRate must be 10 to 1000 Hz, got " + v);
            }
            sampleRate = v;
            return this;
        }

        /** @param v window length, 0.5 to 60 s @return this builder */
        public Builder windowSeconds(double v) {
            if (!(v >= 0.5 && v <= 60)) {
                throw new IllegalArgumentException("windowSeconds must be 0.5 to 60 s, got " + v);
            }
            windowSeconds = v;
            return this;
        }

        /**
         * @param low lower corner (Hz), above 0
         * @param high upper corner (Hz), above low and below Nyquist
         * @return this builder
         */
        public Builder band(double low, double high) {
            if (!(low > 0 && high > low)) {
                throw new IllegalArgumentException("band must satisfy 0 < low < high, got " + low + " and " + high);
            }
            bandLowHz = low;
            bandHighHz = high;
            return this;
        }

        /** @param v five convolution widths, each 1 to 512 @return this builder */
        public Builder channels(int... v) {
            if (v.length != 5 || Arrays.stream(v).anyMatch(c -> c < 1 || c > 512)) {
                throw new IllegalArgumentException("channels must be five widths of 1 to 512, got " + Arrays.toString(v));
            }
            channels = v.clone();
            return this;
        }

        /**
         * @param v dilations of the five convolutions, each 1 to 64 (default 1, 1, 1, 1, 2: a
         *     reach of 59 samples per frame; 1, 2, 4, 8, 8 reaches 239, without holes)
         * @return this builder
         */
        public Builder dilations(int... v) {
            if (v.length != 5 || Arrays.stream(v).anyMatch(d -> d < 1 || d > 64)) {
                throw new IllegalArgumentException("dilations must be five values of 1 to 64, got " + Arrays.toString(v));
            }
            dilations = v.clone();
            return this;
        }

        /** @param v projection size, 2 to 512 @return this builder */
        public Builder projectionDim(int v) {
            if (v < 2 || v > 512) {
                throw new IllegalArgumentException("projectionDim must be 2 to 512, got " + v);
            }
            projectionDim = v;
            return this;
        }

        /** @param v InfoNCE temperature, 0.01 to 10 @return this builder */
        public Builder temperature(double v) {
            if (!(v >= 0.01 && v <= 10)) {
                throw new IllegalArgumentException("temperature must be 0.01 to 10, got " + v);
            }
            temperature = v;
            return this;
        }

        /**
         * @param v training objective, default {@code PREDICTIVE}; with it the training window is
         *     {@value #PREDICTIVE_WINDOW_FRAMES} frames (more with longer {@link #dilations})
         *     whatever {@link #windowSeconds} says
         * @return this builder
         */
        public Builder objective(Objective v) {
            objective = java.util.Objects.requireNonNull(v, "objective");
            return this;
        }

        /** @return the configuration */
        public EncoderConfig build() {
            return new EncoderConfig(this);
        }
    }
}
