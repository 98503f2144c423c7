package io.github.seisclr.io;

/**
 * Settings for reading miniSEED. Immutable; build with {@link #builder()}, or use
 * {@link #defaults()}.
 */
public final class ReadOptions {
    private static final ReadOptions DEFAULTS = builder().build();

    private final OverlapPolicy overlapPolicy;
    private final boolean verifySteimIntegrity;
    private final double timeToleranceSamples;
    private final boolean skipDamagedFiles;

    private ReadOptions(Builder b) {
        this.overlapPolicy = b.overlapPolicy;
        this.verifySteimIntegrity = b.verifySteimIntegrity;
        this.timeToleranceSamples = b.timeToleranceSamples;
        this.skipDamagedFiles = b.skipDamagedFiles;
    }

    /** @return the default settings: conflicting overlaps are errors, Steim checks on, ½ sample tolerance */
    public static ReadOptions defaults() {
        return DEFAULTS;
    }

    /** @return a builder starting from the defaults */
    public static Builder builder() {
        return new Builder();
    }

    /** @return what to do when overlapping records disagree */
    public OverlapPolicy overlapPolicy() {
        return overlapPolicy;
    }

    /** @return whether a Steim record whose last sample disagrees with its integration constant is refused */
    public boolean verifySteimIntegrity() {
        return verifySteimIntegrity;
    }

    /** @return how far (in sample periods) a record may start from where the previous ended and still join it */
    public double timeToleranceSamples() {
        return timeToleranceSamples;
    }

    /**
     * @return whether a damaged record is left out (with a warning, and its file listed among the
     *     files not read whole), the file's sound records read, instead of stopping the read
     */
    public boolean skipDamagedFiles() {
        return skipDamagedFiles;
    }

    /** Builder for {@link ReadOptions}. */
    public static final class Builder {
        private OverlapPolicy overlapPolicy = OverlapPolicy.ERROR;
        private boolean verifySteimIntegrity = true;
        private double timeToleranceSamples = 0.5;
        private boolean skipDamagedFiles;

        private Builder() {
        }

        /**
         * @param skip leave out a record that cannot be read (cut short, a bad checksum or header,
         *     a sample that is not a number, an encoding that cannot be decoded), from its start to
         *     the next record header, with a warning naming the file, byte, channel and time, and
         *     list the file in {@link WaveformSet#skippedFiles()} and {@link WaveformSet#damagedFiles()},
         *     instead of stopping the read (default false). The file's sound records are read (a file
         *     cut short in a copy keeps all but its last record), and the warning says which bytes
         *     were left out and how many records were read; a file without a sound data record is
         *     left out whole. Records of good files that conflict with each other still stop the read.
         * @return this builder
         */
        public Builder skipDamagedFiles(boolean skip) {
            this.skipDamagedFiles = skip;
            return this;
        }

        /**
         * @param policy what to do when overlapping records disagree (default {@link OverlapPolicy#ERROR})
         * @return this builder
         */
        public Builder overlapPolicy(OverlapPolicy policy) {
            this.overlapPolicy = java.util.Objects.requireNonNull(policy, "overlapPolicy");
            return this;
        }

        /**
         * @param verify refuse Steim records whose last decoded sample disagrees with the
         *     record's reverse integration constant (default true; libmseed only warns)
         * @return this builder
         */
        public Builder verifySteimIntegrity(boolean verify) {
            this.verifySteimIntegrity = verify;
            return this;
        }

        /**
         * @param samples how far, in sample periods, a record may start from the end of the
         *     previous one and still continue it (default 0.5, as libmseed); must be in (0, 1)
         * @return this builder
         */
        public Builder timeToleranceSamples(double samples) {
            if (!(samples > 0 && samples < 1)) {
                throw new IllegalArgumentException("timeToleranceSamples must be in (0, 1), got " + samples);
            }
            this.timeToleranceSamples = samples;
            return this;
        }

        /** @return the options */
        public ReadOptions build() {
            return new ReadOptions(this);
        }
    }
}
