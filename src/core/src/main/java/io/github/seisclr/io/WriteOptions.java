package io.github.seisclr.io;

import java.util.Objects;

/**
 * Settings for writing miniSEED 2. Immutable; build with {@link #builder()}.
 */
public final class WriteOptions {
    /** How samples are encoded. */
    public enum DataEncoding {
        /**
         * By each trace's {@link SampleType}: Steim2 for integers (INT32 for a record whose sample
         * differences do not fit Steim2), FLOAT32 for floats, FLOAT64 for doubles. Always exact.
         */
        AUTO,
        /** Steim2 compression; integer samples only. */
        STEIM2,
        /** Steim1 compression; integer samples only. */
        STEIM1,
        /** Uncompressed 32-bit integers; integer samples only. */
        INT32,
        /** 32-bit IEEE floats; refused for values a float cannot hold exactly. */
        FLOAT32,
        /** 64-bit IEEE floats. */
        FLOAT64
    }

    private static final WriteOptions DEFAULTS = builder().build();

    private final int recordLength;
    private final DataEncoding encoding;
    private final char quality;

    private WriteOptions(Builder b) {
        this.recordLength = b.recordLength;
        this.encoding = b.encoding;
        this.quality = b.quality;
    }

    /** @return 4096-byte records, {@link DataEncoding#AUTO}, quality 'D' */
    public static WriteOptions defaults() {
        return DEFAULTS;
    }

    /** @return a builder starting from the defaults */
    public static Builder builder() {
        return new Builder();
    }

    /** @return record length in bytes, a power of two from 256 to 65536 */
    public int recordLength() {
        return recordLength;
    }

    /** @return the data encoding */
    public DataEncoding encoding() {
        return encoding;
    }

    /** @return the data quality indicator written (D, R, Q or M) */
    public char quality() {
        return quality;
    }

    /** Builder for {@link WriteOptions}. */
    public static final class Builder {
        private int recordLength = 4096;
        private DataEncoding encoding = DataEncoding.AUTO;
        private char quality = 'D';

        private Builder() {
        }

        /**
         * @param bytes record length, a power of two from 256 to 65536 (default 4096)
         * @return this builder
         */
        public Builder recordLength(int bytes) {
            if (bytes < 256 || bytes > 65536 || Integer.bitCount(bytes) != 1) {
                throw new IllegalArgumentException(
                        "recordLength must be a power of two from 256 to 65536, got " + bytes);
            }
            this.recordLength = bytes;
            return this;
        }

        /**
         * @param dataEncoding how samples are encoded (default {@link DataEncoding#AUTO})
         * @return this builder
         */
        public Builder encoding(DataEncoding dataEncoding) {
            this.encoding = Objects.requireNonNull(dataEncoding, "encoding");
            return this;
        }

        /**
         * @param indicator data quality indicator, one of D, R, Q, M (default D)
         * @return this builder
         */
        public Builder quality(char indicator) {
            if ("DRQM".indexOf(indicator) < 0) {
                throw new IllegalArgumentException("quality must be one of D, R, Q, M, got '" + indicator + "'");
            }
            this.quality = indicator;
            return this;
        }

        /** @return the options */
        public WriteOptions build() {
            return new WriteOptions(this);
        }
    }
}
