package io.github.seisclr.signal;

import java.time.Instant;

/**
 * A stretch of time where a station's components are all present and on one sample grid:
 * {@code data[0]} vertical, {@code data[1]} and {@code data[2]} horizontals (N/1 and E/2). A
 * missing horizontal component is all zeros and flagged in {@code present}.
 *
 * @param station station code, NET.STA.LOC.BI
 * @param start time of sample 0
 * @param sampleRate samples per second
 * @param data {@code [3][n]} samples
 * @param present which of the three components were recorded
 */
public record AlignedSegment(String station, Instant start, double sampleRate, double[][] data,
                             boolean[] present) {

    /** @return number of samples */
    public int length() {
        return data[0].length;
    }

    /**
     * @param i sample index
     * @return its time
     */
    public Instant timeOf(double i) {
        return start.plusNanos(Math.round(i / sampleRate * 1e9));
    }

    /**
     * @param present which of Z, N/1, E/2 are recorded
     * @return the index of the vertical where it is recorded, else of the first component recorded
     *     (none recorded: the vertical)
     */
    public static int verticalOrFirst(boolean[] present) {
        for (int c = 0; c < present.length; c++) {
            if (present[c]) {
                return c;
            }
        }
        return 0;
    }

    /**
     * @param from first sample index (clipped to the segment)
     * @param to end index, exclusive (clipped to the segment)
     * @return the samples {@code [from, to)} of every component, as a segment of their own
     */
    public AlignedSegment slice(long from, long to) {
        int a = (int) Math.max(0, from);
        int b = Math.max(a, (int) Math.min(length(), to));
        double[][] part = new double[3][];
        for (int c = 0; c < 3; c++) {
            part[c] = java.util.Arrays.copyOfRange(data[c], a, b);
        }
        return new AlignedSegment(station, timeOf(a), sampleRate, part, present);
    }

    /**
     * @param t a time
     * @return the nearest sample index (may be outside the segment)
     */
    public long indexOf(Instant t) {
        long nanos = java.time.Duration.between(start, t).toNanos();
        return Math.round(nanos * sampleRate / 1e9);
    }
}
