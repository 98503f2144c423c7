package io.github.seisclr.io;

import java.time.Duration;
import java.time.Instant;

/**
 * A break in one channel's data between two segments. Gaps are reported, never filled: the
 * segments on either side stay separate {@link Trace}s.
 *
 * @param id the channel
 * @param lastBefore time of the last sample before the gap
 * @param firstAfter time of the first sample after the gap
 * @param sampleRate the channel's sample rate (Hz)
 */
public record Gap(SourceId id, Instant lastBefore, Instant firstAfter, double sampleRate) {

    /** @return the time between the last sample before and the first after */
    public Duration duration() {
        return Duration.between(lastBefore, firstAfter);
    }

    /**
     * @return the number of samples missing, rounded: duration × rate − 1; 0 where the clock stepped
     *     back by less than a sample (the first sample after lies less than a period after the last
     *     before); negative for an overlap kept with {@code KEEP_BOTH} (a negative duration)
     */
    public long missingSamples() {
        long n = Math.round(duration().toNanos() * sampleRate / 1e9) - 1;
        return duration().isNegative() ? n : Math.max(0, n);
    }

    @Override
    public String toString() {
        if (duration().isNegative()) {
            // an overlap kept with KEEP_BOTH (review: "-200 samples missing" for data read twice)
            return id + " overlap: data to " + lastBefore + ", then again from " + firstAfter + " ("
                    + duration().toNanos() / 1e9 + " s, about " + -missingSamples() + " samples' time held twice)";
        }
        return id + " gap " + lastBefore + " -> " + firstAfter + " (" + duration().toNanos() / 1e9
                + " s, " + missingSamples() + " samples missing)";
    }
}
