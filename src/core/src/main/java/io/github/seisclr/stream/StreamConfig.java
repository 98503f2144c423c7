package io.github.seisclr.stream;

/**
 * How the stream treats its feed. Defaults suit SeedLink: records up to 30 s late are put in
 * order, a component silent for 60 s of the others' data is left out.
 */
public final class StreamConfig {
    private final double reorderToleranceSeconds;
    private final double silenceSeconds;
    private final double clockResetSeconds;
    private final double calibrationSeconds;
    private final double adaptationSeconds;
    private final double refitSeconds;

    private StreamConfig(Builder b) {
        reorderToleranceSeconds = b.reorderToleranceSeconds;
        silenceSeconds = b.silenceSeconds;
        clockResetSeconds = b.clockResetSeconds;
        calibrationSeconds = b.calibrationSeconds;
        adaptationSeconds = b.adaptationSeconds;
        refitSeconds = b.refitSeconds;
    }

    /** @return the defaults */
    public static StreamConfig defaults() {
        return builder().build();
    }

    /** @return a builder with the defaults */
    public static Builder builder() {
        return new Builder();
    }

    /** @return how far (s of data) a record may arrive out of order and still be put in place */
    public double reorderToleranceSeconds() {
        return reorderToleranceSeconds;
    }

    /** @return how far (s) a component may lag the station's others before it is left out */
    public double silenceSeconds() {
        return silenceSeconds;
    }

    /** @return a record this far (s) before data already processed restarts the channel (a clock reset) */
    public double clockResetSeconds() {
        return clockResetSeconds;
    }

    /** @return data held to fit a station's calibration when none is given (s) */
    public double calibrationSeconds() {
        return calibrationSeconds;
    }

    /** @return the calibration's adaptation time constant (s); 0 is off */
    public double adaptationSeconds() {
        return adaptationSeconds;
    }

    /** @return interval between adaptation steps (s) */
    public double refitSeconds() {
        return refitSeconds;
    }

    /** Builder for {@link StreamConfig}. */
    public static final class Builder {
        private double reorderToleranceSeconds = 30;
        private double silenceSeconds = 60;
        private double clockResetSeconds = 3600;
        private double calibrationSeconds = 600;
        private double adaptationSeconds = 6 * 3600;
        private double refitSeconds = 600;

        private Builder() {
        }

        private static double check(String name, double v, double min) {
            if (!(v >= min) || !Double.isFinite(v)) {
                throw new IllegalArgumentException(name + " must be at least " + min + " and finite, got " + v);
            }
            return v;
        }

        /** @param s seconds @return this */
        public Builder reorderToleranceSeconds(double s) {
            reorderToleranceSeconds = check("reorderToleranceSeconds", s, 0);
            return this;
        }

        /** @param s seconds @return this */
        public Builder silenceSeconds(double s) {
            silenceSeconds = check("silenceSeconds", s, 1);
            return this;
        }

        /** @param s seconds @return this */
        public Builder clockResetSeconds(double s) {
            clockResetSeconds = check("clockResetSeconds", s, 1);
            return this;
        }

        /** @param s seconds (at least 60) @return this */
        public Builder calibrationSeconds(double s) {
            calibrationSeconds = check("calibrationSeconds", s, 60);
            return this;
        }

        /** @param s seconds; 0 turns adaptation off @return this */
        public Builder adaptationSeconds(double s) {
            adaptationSeconds = check("adaptationSeconds", s, 0);
            return this;
        }

        /** @param s seconds (at least 300) @return this */
        public Builder refitSeconds(double s) {
            refitSeconds = check("refitSeconds", s, 300);
            return this;
        }

        /** @return the settings */
        public StreamConfig build() {
            if (reorderToleranceSeconds >= clockResetSeconds) {
                throw new IllegalArgumentException("reorderToleranceSeconds (" + reorderToleranceSeconds
                        + ") must be below clockResetSeconds (" + clockResetSeconds + ")");
            }
            return new StreamConfig(this);
        }
    }
}
