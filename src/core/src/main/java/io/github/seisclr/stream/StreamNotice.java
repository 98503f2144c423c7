package io.github.seisclr.stream;

import io.github.seisclr.io.SourceId;

import java.time.Instant;

/**
 * Something the stream did to the data that a user should know about: nothing is dropped or
 * restarted without one.
 *
 * @param kind what happened
 * @param station station code NET.STA.LOC.BI
 * @param channel the channel concerned (null for the whole station)
 * @param time data time it concerns
 * @param message a sentence saying what and why
 */
public record StreamNotice(Kind kind, String station, SourceId channel, Instant time, String message) {
    /** What happened. */
    public enum Kind {
        /** A gap in a channel: the station's stretch ends there and restarts after it. */
        GAP,
        /** A record entirely before data already processed (a duplicate or too late): dropped. */
        LATE_OR_DUPLICATE,
        /**
         * A record overlapping data already processed: the overlapping samples dropped; or, at another
         * sample rate (one record's rate or time stamp wrong), both kept, each in its own run, and the
         * notice says so beside the {@link #RATE_CHANGE}.
         */
        OVERLAP,
        /** The sample rate changed: the channel restarts. */
        RATE_CHANGE,
        /**
         * A channel at a rate the model cannot use (its Nyquist frequency not above the model's
         * band, or a damaged header's rate): not used. Other rates are resampled, as in batch.
         */
        RATE_UNSUPPORTED,
        /** Time went back by more than the clock-reset limit: the channel restarts. */
        CLOCK_JUMP,
        /** A component stopped sending: the station goes on without it. */
        CHANNEL_SILENT,
        /** A silent component is back: the station restarts with it. */
        CHANNEL_BACK,
        /**
         * A run of one repeated value of at least {@link io.github.seisclr.signal.Flatlines#MIN_SECONDS}
         * (a dead channel or fill values): treated as a gap, as batch detection does.
         */
        FLATLINE,
        /** A channel that is not Z, N/1 or E/2: not used. */
        CHANNEL_IGNORED,
        /** The station's calibration was fitted (after its warm-up) or adapted. */
        CALIBRATED,
        /**
         * A station that stopped sending was ended ({@link StreamingDetector#endStation}): what it
         * held was scored and its open detection decided; its data, when they come again, restart it.
         */
        STATION_ENDED
    }

    @Override
    public String toString() {
        return kind + " " + station + (channel == null ? "" : " " + channel) + " " + time + ": " + message;
    }
}
