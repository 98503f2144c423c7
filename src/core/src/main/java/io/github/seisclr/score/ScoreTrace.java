package io.github.seisclr.score;

import java.time.Instant;

/**
 * The anomaly score of one station over one aligned segment, a characteristic function like
 * STA/LTA's: value {@code i} belongs to time {@code start + i / rate} and says how many robust
 * standard deviations the background-model distance of the preceding
 * {@code windowSeconds} lies above its typical value.
 *
 * @param station station code NET.STA.LOC.BI
 * @param start time of value 0
 * @param rate values per second
 * @param values the score (copied in; {@link #values()} gives a copy, {@link #value(int)} one value)
 * @param windowSeconds length of the trailing window each value summarises
 */
public record ScoreTrace(String station, Instant start, double rate, float[] values, double windowSeconds) {

    /** Copies the values in (review: a caller's change to a result's score trace changed the result). */
    public ScoreTrace {
        values = values.clone();
    }

    /** @return a copy of the score's values */
    @Override
    public float[] values() {
        return values.clone();
    }

    /**
     * @param i index
     * @return value {@code i}
     */
    public float value(int i) {
        return values[i];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ScoreTrace t && station.equals(t.station) && start.equals(t.start)
                && Double.compare(rate, t.rate) == 0 && java.util.Arrays.equals(values, t.values)
                && Double.compare(windowSeconds, t.windowSeconds) == 0;
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(station, start, rate, java.util.Arrays.hashCode(values), windowSeconds);
    }

    @Override
    public String toString() {
        return "ScoreTrace[station=" + station + ", start=" + start + ", rate=" + rate + ", " + values.length
                + " values, windowSeconds=" + windowSeconds + "]";
    }

    /**
     * @param i index
     * @return its time
     */
    public Instant timeOf(double i) {
        return start.plusNanos(Math.round(i / rate * 1e9));
    }

    /** @return number of values */
    public int length() {
        return values.length;
    }
}
