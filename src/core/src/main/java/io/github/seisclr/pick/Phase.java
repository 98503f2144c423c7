package io.github.seisclr.pick;

/** Seismic phase hint of a pick. */
public enum Phase {
    /** First (compressional) arrival. */
    P,
    /** Shear arrival. */
    S
}
