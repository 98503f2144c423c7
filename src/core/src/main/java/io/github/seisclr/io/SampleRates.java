package io.github.seisclr.io;

/** When two sample rates are the same rate: libmseed's tolerance, used by every stage alike. */
public final class SampleRates {
    /** Largest relative difference {@code |1 - a/b|} of two rates that are the same (0.01 %). */
    public static final double TOLERANCE = 1e-4;

    private SampleRates() {
    }

    /**
     * @param a a rate (Hz)
     * @param b another (Hz)
     * @return whether they agree within {@link #TOLERANCE}, as libmseed joins records
     */
    public static boolean agree(double a, double b) {
        return Math.abs(1.0 - a / b) < TOLERANCE;
    }

    /**
     * @param hz a rate or frequency (Hz)
     * @return it for messages: {@code 100} for a whole number, else as it is ({@code 33.3001017293998})
     */
    public static String format(double hz) {
        return hz == Math.rint(hz) ? String.valueOf((long) hz) : String.valueOf(hz);
    }
}
