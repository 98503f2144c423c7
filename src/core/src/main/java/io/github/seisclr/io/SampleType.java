package io.github.seisclr.io;

/**
 * What kind of numbers a trace's samples were recorded as. It decides how a trace is written back
 * so that a round trip is sample-exact: integers as Steim2, 32-bit floats as FLOAT32, 64-bit
 * floats as FLOAT64.
 */
public enum SampleType {
    /** Integer counts (int16, int32, Steim1/2 and the legacy integer encodings). */
    INTEGER,
    /** 32-bit IEEE floats (and the GEOSCOPE gain-ranged encodings, decoded to float). */
    FLOAT,
    /** 64-bit IEEE floats. */
    DOUBLE;

    /** @return the type that holds the values of both this and {@code other} exactly */
    public SampleType widen(SampleType other) {
        return values()[Math.max(ordinal(), other.ordinal())];
    }
}
