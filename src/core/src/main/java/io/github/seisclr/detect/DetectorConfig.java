package io.github.seisclr.detect;

/**
 * Detection settings, in seconds and robust standard deviations. Immutable; build with
 * {@link #builder()}; every value is checked when set.
 *
 * <p>The threshold is data-driven: the score of each station is its Mahalanobis distance from the
 * background in units of the spread of the lower half of its own distribution
 * ({@code (median - 10th percentile) / 1.2816}, which events, sitting in the upper tail, do not
 * inflate), so {@code thresholdOn = 5} means five such standard deviations above the median,
 * whatever the station's noise level. The default 5 is where pure noise stops crossing: on
 * synthetic noise between the NLNM and NHNM the 99.99th percentile of the score is 4.9 (about one
 * crossing per quarter hour of frames before merging and the minimum duration). That holds for
 * every model: one whose noise scores have a heavier upper tail than the bundled model's (measured
 * once per model and settings on synthetic reference noise) gets a proportionally wider scale.
 */
public final class DetectorConfig {
    private final double scoreWindowSeconds;
    private final double baselineSeconds;
    private final double thresholdOn;
    private final double thresholdOff;
    /** Whether the off level was given, not taken as half the on level ({@link #toBuilder} keeps it so). */
    private final boolean thresholdOffGiven;
    private final double minDurationSeconds;
    private final double mergeGapSeconds;
    private final double trim;
    private final int coincidenceStations;
    private final double coincidenceSeconds;
    private final double pickPreSeconds;
    private final double pickPostSeconds;
    private final double maxSMinusPSeconds;
    private final boolean amplitudeTerm;
    private final boolean residual;

    private DetectorConfig(Builder b) {
        scoreWindowSeconds = b.scoreWindowSeconds;
        baselineSeconds = b.baselineSeconds;
        thresholdOn = b.thresholdOn;
        thresholdOff = b.thresholdOff != null ? b.thresholdOff : b.thresholdOn / 2;
        thresholdOffGiven = b.thresholdOff != null;
        minDurationSeconds = b.minDurationSeconds;
        mergeGapSeconds = b.mergeGapSeconds;
        trim = b.trim;
        coincidenceStations = b.coincidenceStations;
        coincidenceSeconds = b.coincidenceSeconds;
        pickPreSeconds = b.pickPreSeconds;
        pickPostSeconds = b.pickPostSeconds;
        maxSMinusPSeconds = b.maxSMinusPSeconds;
        amplitudeTerm = b.amplitudeTerm;
        residual = b.residual;
        if (thresholdOff > thresholdOn) {
            throw new IllegalArgumentException("thresholdOff (" + thresholdOff + ") must not exceed thresholdOn ("
                    + thresholdOn + ")");
        }
    }

    /**
     * @param on trigger-on level
     * @param off trigger-off level, at most {@code on}
     * @return these settings with other trigger levels
     */
    public DetectorConfig withThresholds(double on, double off) {
        Builder b = toBuilder();
        return b.thresholdOn(on).thresholdOff(off).build();
    }

    /** @return a builder holding these settings */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.scoreWindowSeconds = scoreWindowSeconds;
        b.baselineSeconds = baselineSeconds;
        b.thresholdOn = thresholdOn;
        // an off level not given follows the on level, as it does in a new builder
        b.thresholdOff = thresholdOffGiven ? thresholdOff : null;
        b.minDurationSeconds = minDurationSeconds;
        b.mergeGapSeconds = mergeGapSeconds;
        b.trim = trim;
        b.coincidenceStations = coincidenceStations;
        b.coincidenceSeconds = coincidenceSeconds;
        b.pickPreSeconds = pickPreSeconds;
        b.pickPostSeconds = pickPostSeconds;
        b.maxSMinusPSeconds = maxSMinusPSeconds;
        b.amplitudeTerm = amplitudeTerm;
        b.residual = residual;
        return b;
    }

    /** @return the defaults */
    public static DetectorConfig defaults() {
        return builder().build();
    }

    /** @return a builder with the defaults */
    public static Builder builder() {
        return new Builder();
    }

    /** @return length of the trailing window whose mean features are scored (s) */
    public double scoreWindowSeconds() {
        return scoreWindowSeconds;
    }

    /** @return length of the trailing baseline the log distance is compared with (s) */
    public double baselineSeconds() {
        return baselineSeconds;
    }

    /** @return trigger-on level (robust standard deviations) */
    public double thresholdOn() {
        return thresholdOn;
    }

    /** @return trigger-off level (robust standard deviations) */
    public double thresholdOff() {
        return thresholdOff;
    }

    /** @return shortest detection kept (s) */
    public double minDurationSeconds() {
        return minDurationSeconds;
    }

    /** @return triggers closer than this are merged (s) */
    public double mergeGapSeconds() {
        return mergeGapSeconds;
    }

    /** @return share of windows treated as outliers when fitting the background */
    public double trim() {
        return trim;
    }

    /** @return stations needed for a network detection */
    public int coincidenceStations() {
        return coincidenceStations;
    }

    /** @return window within which station onsets coincide (s) */
    public double coincidenceSeconds() {
        return coincidenceSeconds;
    }

    /** @return P search before the score onset (s) */
    public double pickPreSeconds() {
        return pickPreSeconds;
    }

    /** @return P search after the score onset (s) */
    public double pickPostSeconds() {
        return pickPostSeconds;
    }

    /** @return longest S-P time searched (s) */
    public double maxSMinusPSeconds() {
        return maxSMinusPSeconds;
    }

    /**
     * @return whether the score adds the amplitude term: STA/LTA's log ratio (0.5 s / 10 s) of the
     *     vertical (else the first component recorded) band-passed to the model's band, counted in
     *     prior spreads of stationary noise (0.324 for a 1-20 Hz band) beyond the third, that is
     *     from a ratio of about 2.6 on, and nothing in a stretch's first 12 s; it lifts loud onsets
     *     above the weak, unusual transients that the learned score (nearly blind to amplitude)
     *     ranks with them
     */
    public boolean amplitudeTerm() {
        return amplitudeTerm;
    }

    /**
     * @return whether the learned score is the mean of two: the distance of the last second's
     *     features from the station's background, and the residual of predicting them from the
     *     {@value ScoreStage#CONTEXT_SECONDS} s before ({@link io.github.seisclr.score.ResidualModel}),
     *     each in robust standard deviations of its own. The residual stays high at an onset that
     *     lasts long enough to become part of the background (a one-minute event window); measured,
     *     it raises the best F1 on one-minute event windows and loses weak events on a busy
     *     continuous record (docs/training.md, "The hybrid, built"), so it is off by default
     */
    public boolean residual() {
        return residual;
    }

    /** The settings as compared, hashed and written: every value, not whether the off level was given. */
    private Object[] values() {
        return new Object[] {scoreWindowSeconds, baselineSeconds, thresholdOn, thresholdOff, minDurationSeconds,
                mergeGapSeconds, trim, coincidenceStations, coincidenceSeconds, pickPreSeconds, pickPostSeconds,
                maxSMinusPSeconds, amplitudeTerm, residual};
    }

    /**
     * Equal settings detect alike (API review: two configurations could not be compared, nor logged).
     * An off level given as half the on level equals one taken as half of it, though {@link #toBuilder}
     * keeps the one given where the on level changes.
     */
    @Override
    public boolean equals(Object o) {
        return o instanceof DetectorConfig c && java.util.Arrays.equals(values(), c.values());
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(values());
    }

    /** @return every setting by name, as {@code DetectorConfig[scoreWindowSeconds=1.0, ...]} */
    @Override
    public String toString() {
        String[] names = {"scoreWindowSeconds", "baselineSeconds", "thresholdOn", "thresholdOff", "minDurationSeconds",
                "mergeGapSeconds", "trim", "coincidenceStations", "coincidenceSeconds", "pickPreSeconds",
                "pickPostSeconds", "maxSMinusPSeconds", "amplitudeTerm", "residual"};
        Object[] v = values();
        StringBuilder b = new StringBuilder("DetectorConfig[");
        for (int i = 0; i < names.length; i++) {
            b.append(i == 0 ? "" : ", ").append(names[i]).append('=').append(v[i]);
        }
        return b.append(']').toString();
    }

    /** Builder for {@link DetectorConfig}. */
    public static final class Builder {
        private double scoreWindowSeconds = 1.0;
        private double baselineSeconds = 30;
        private double thresholdOn = 5;
        /** The off level given; null: half the on level (the command line's rule). */
        private Double thresholdOff;
        private double minDurationSeconds = 1.0;
        private double mergeGapSeconds = 3.0;
        private double trim = 0.25;
        private int coincidenceStations = 2;
        private double coincidenceSeconds = 15;
        private double pickPreSeconds = 2.5;
        private double pickPostSeconds = 1.0;
        private double maxSMinusPSeconds = 30;
        private boolean amplitudeTerm = true;
        private boolean residual = false;

        private Builder() {
        }

        private static double positive(String name, double v, double max) {
            if (!(v > 0 && v <= max)) {
                throw new IllegalArgumentException(name + " must be above 0 and at most " + max + ", got " + v);
            }
            return v;
        }

        /** @param v trailing score window, 0.1 to 30 s; default 1 @return this builder */
        public Builder scoreWindowSeconds(double v) {
            scoreWindowSeconds = positive("scoreWindowSeconds", v, 30);
            return this;
        }

        /** @param v trailing baseline length, 4 to 3600 s; default 30 @return this builder */
        public Builder baselineSeconds(double v) {
            if (!(v >= 4 && v <= 3600)) {
                throw new IllegalArgumentException("baselineSeconds must be 4 to 3600, got " + v);
            }
            baselineSeconds = v;
            return this;
        }

        /**
         * @param v trigger-on level, robust standard deviations above 0; default 5. The off level
         *     is half of it unless {@link #thresholdOff} is given, as on the command line
         *     ({@code --threshold 7} runs at 7 on and 3.5 off)
         * @return this builder
         */
        public Builder thresholdOn(double v) {
            thresholdOn = positive("thresholdOn", v, 1e6);
            return this;
        }

        /**
         * @param v trigger-off level, above 0 and at most the on level; default half the on level
         *     (2.5 at the default 5)
         * @return this builder
         */
        public Builder thresholdOff(double v) {
            thresholdOff = positive("thresholdOff", v, 1e6);
            return this;
        }

        /** @param v shortest detection, 0 to 60 s; default 1 @return this builder */
        public Builder minDurationSeconds(double v) {
            if (!(v >= 0 && v <= 60)) {
                throw new IllegalArgumentException("minDurationSeconds must be 0 to 60, got " + v);
            }
            minDurationSeconds = v;
            return this;
        }

        /** @param v merge triggers closer than this, 0 to 60 s; default 3 @return this builder */
        public Builder mergeGapSeconds(double v) {
            if (!(v >= 0 && v <= 60)) {
                throw new IllegalArgumentException("mergeGapSeconds must be 0 to 60, got " + v);
            }
            mergeGapSeconds = v;
            return this;
        }

        /**
         * @param v share of windows the background fit trims as outliers, 0 to 0.5; default 0.25;
         *     raise it for data where events fill much of the time
         * @return this builder
         */
        public Builder trim(double v) {
            if (!(v >= 0 && v <= 0.5)) {
                throw new IllegalArgumentException("trim must be 0 to 0.5, got " + v);
            }
            trim = v;
            return this;
        }

        /**
         * @param stations stations needed for a network detection, at least 1; default 2
         * @param seconds window within which their onsets fall, above 0 to 600 s; default 15
         * @return this builder
         */
        public Builder coincidence(int stations, double seconds) {
            if (stations < 1) {
                throw new IllegalArgumentException("coincidence stations must be at least 1, got " + stations);
            }
            coincidenceStations = stations;
            coincidenceSeconds = positive("coincidence seconds", seconds, 600);
            return this;
        }

        /**
         * @param pre P search before the score onset, above 0 to 30 s; default 2.5
         * @param post P search after the onset, above 0 to 30 s; default 1
         * @param maxSMinusP longest S-P searched, above 0 to 300 s; default 30
         * @return this builder
         */
        public Builder picking(double pre, double post, double maxSMinusP) {
            pickPreSeconds = positive("pick pre", pre, 30);
            pickPostSeconds = positive("pick post", post, 30);
            maxSMinusPSeconds = positive("maxSMinusP", maxSMinusP, 300);
            return this;
        }

        /**
         * @param v whether the score adds the amplitude term ({@link DetectorConfig#amplitudeTerm});
         *     default true; false scores by the learned distance alone
         * @return this builder
         */
        public Builder amplitudeTerm(boolean v) {
            amplitudeTerm = v;
            return this;
        }

        /**
         * @param v whether the learned score is the mean of the distance's and the residual's
         *     ({@link DetectorConfig#residual}); default false: the distance alone
         * @return this builder
         */
        public Builder residual(boolean v) {
            residual = v;
            return this;
        }

        /** @return the configuration */
        public DetectorConfig build() {
            return new DetectorConfig(this);
        }
    }
}
