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
     * Whether data at {@code from} must be resampled to be used at {@code to}: unless the two are the
     * same number but for rounding (1e-9), as rates within {@link #TOLERANCE} that are taken for the
     * same rate when records are joined still drift apart over a trace (100.005 Hz labelled 100 Hz is
     * 0.18 s off after an hour).
     *
     * @param from the data's rate (Hz)
     * @param to the rate wanted (Hz)
     * @return whether they differ by more than rounding
     */
    public static boolean needResampling(double from, double to) {
        return Math.abs(1.0 - from / to) >= 1e-9;
    }

    /**
     * @param hz a rate or frequency (Hz)
     * @return it for messages: {@code 100} for a whole number, else as it is ({@code 33.3001017293998})
     */
    public static String format(double hz) {
        return hz == Math.rint(hz) ? String.valueOf((long) hz) : String.valueOf(hz);
    }
}
