package io.github.seisclr.eval;

import java.time.Instant;

/**
 * A reference arrival at one station (analyst pick or synthetic truth).
 *
 * @param station station code (STA)
 * @param pTime P arrival
 * @param sTime S arrival, or null
 */
public record ReferenceEvent(String station, Instant pTime, Instant sTime) {
}
