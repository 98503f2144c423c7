package io.github.seisclr.pick;

import io.github.seisclr.io.SourceId;

import java.time.Instant;

/**
 * A phase arrival picked by seisclr.
 *
 * @param channel the channel picked on
 * @param phase phase hint
 * @param time arrival time (UTC)
 * @param uncertaintySeconds one-sided uncertainty (s)
 * @param confidence the detection's peak score (robust standard deviations above background)
 * @param detectionId id of the detection it belongs to
 * @param evidence how it was found, for people reading the output
 */
public record Pick(SourceId channel, Phase phase, Instant time, double uncertaintySeconds, double confidence,
                   String detectionId, String evidence) {
}
