package io.github.seisclr.synth;

import java.time.Instant;

/**
 * One line of ground truth at one station: an earthquake's arrivals, a spike, a gap, or a
 * non-earthquake transient.
 *
 * @param kind what it is
 * @param station station code
 * @param eventId the earthquake's number (same at every station), or -1 for the rest
 * @param start P arrival for an event, the spike's time, the gap's first missing sample, or the
 *     transient's first sample
 * @param end when the event's coda has decayed to 5 % of its peak; the spike's time; the gap's
 *     last missing sample; the transient's last sample
 * @param pTime P arrival (events only, else null)
 * @param sTime S arrival (events only, else null)
 * @param magnitude event magnitude (NaN otherwise)
 * @param distanceKm hypocentral distance (NaN otherwise)
 * @param snr signal-to-noise ratio of the P arrival on the vertical, RMS over its first 2 s
 *     against the noise RMS, both band-passed 1-20 Hz; for a transient, its peak RMS over the
 *     station's 1-20 Hz noise RMS (NaN for spikes and gaps)
 * @param firstMotion the sign of the P wave's first motion on the vertical: +1 up, -1 down (0 for the
 *     rest)
 */
public record TruthEntry(Kind kind, String station, int eventId, Instant start, Instant end,
                         Instant pTime, Instant sTime, double magnitude, double distanceKm, double snr,
                         int firstMotion) {
    /** What a truth line describes. */
    public enum Kind {
        /** An earthquake's P and S arrivals. */
        EVENT,
        /** A single-sample spike (a glitch, not an earthquake). */
        SPIKE,
        /** Missing data. */
        GAP,
        /** A non-earthquake transient: a burst of band-limited noise or machinery hum. */
        TRANSIENT
    }
}
