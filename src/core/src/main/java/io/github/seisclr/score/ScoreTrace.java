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
 * @param values the score
 * @param windowSeconds length of the trailing window each value summarises
 */
public record ScoreTrace(String station, Instant start, double rate, float[] values, double windowSeconds) {

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
