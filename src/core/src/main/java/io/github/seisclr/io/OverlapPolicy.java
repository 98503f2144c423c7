package io.github.seisclr.io;

/**
 * What the reader does when two records of one channel cover the same time with different
 * samples. Overlaps whose samples agree (the same data sent twice, or a record repacked) are always
 * merged, keeping one copy; this policy is only for overlaps that disagree.
 */
public enum OverlapPolicy {
    /** Refuse the input with {@link io.github.seisclr.BadInputException.Problem#CONFLICTING_OVERLAP}. */
    ERROR,
    /**
     * Keep both versions as separate, overlapping segments (what libmseed does), and report the
     * overlap as a {@link Gap} with negative duration.
     */
    KEEP_BOTH
}
