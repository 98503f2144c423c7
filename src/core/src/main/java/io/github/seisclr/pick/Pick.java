package io.github.seisclr.pick;

import io.github.seisclr.io.SourceId;

import java.time.Instant;

/**
 * A phase arrival picked by seisclr.
 *
 * <p>The uncertainties are meant as one standard deviation: about 68 % of true arrivals lie within
 * {@code [time - lowerUncertaintySeconds, time + upperUncertaintySeconds]} (calibrated on synthetic
 * data and checked on real data, see docs/evaluation.md). {@code uncertaintySeconds} is the larger
 * of the two, for readers that take one number.
 *
 * @param channel the channel picked on
 * @param phase phase hint
 * @param time arrival time (UTC)
 * @param uncertaintySeconds symmetric uncertainty (s): the larger of the lower and upper ones
 * @param lowerUncertaintySeconds how much earlier the arrival may be (s)
 * @param upperUncertaintySeconds how much later the arrival may be (s)
 * @param polarity first-motion polarity (P on the vertical), {@link Polarity#NONE} for S and for a P without a vertical
 * @param confidence the detection's highest score up to the moment the pick was decided (robust standard
 *     deviations above background): at most the detection's {@code peakScore}, which can grow after it
 * @param detectionId id of the detection it belongs to
 * @param evidence how it was found, for people reading the output
 */
public record Pick(SourceId channel, Phase phase, Instant time, double uncertaintySeconds,
                   double lowerUncertaintySeconds, double upperUncertaintySeconds, Polarity polarity,
                   double confidence, String detectionId, String evidence) implements java.io.Serializable {

    /**
     * Checks the uncertainties: the lower and upper ones at least 0, and the symmetric one the larger of
     * them (API review: a pick that broke the rule was written as given, its CSV columns disagreeing).
     */
    public Pick {
        if (!(lowerUncertaintySeconds >= 0) || !(upperUncertaintySeconds >= 0)) {
            throw new IllegalArgumentException("pick uncertainties must be >= 0, got " + lowerUncertaintySeconds
                    + " / " + upperUncertaintySeconds);
        }
        if (uncertaintySeconds != Math.max(lowerUncertaintySeconds, upperUncertaintySeconds)) {
            throw new IllegalArgumentException("a pick's uncertaintySeconds is the larger of its lower and upper"
                    + " uncertainties (" + lowerUncertaintySeconds + " / " + upperUncertaintySeconds + "), got "
                    + uncertaintySeconds);
        }
        if (polarity == null) {
            polarity = Polarity.NONE;
        }
    }

    /**
     * A pick with a symmetric uncertainty and no polarity.
     *
     * @param channel the channel picked on
     * @param phase phase hint
     * @param time arrival time (UTC)
     * @param uncertaintySeconds symmetric uncertainty (s)
     * @param confidence the detection's highest score when the pick was decided
     * @param detectionId id of the detection it belongs to
     * @param evidence how it was found
     */
    public Pick(SourceId channel, Phase phase, Instant time, double uncertaintySeconds, double confidence,
                String detectionId, String evidence) {
        this(channel, phase, time, uncertaintySeconds, uncertaintySeconds, uncertaintySeconds, Polarity.NONE,
                confidence, detectionId, evidence);
    }

    /** @return whether the lower and upper uncertainties differ (QuakeML then carries both) */
    public boolean asymmetric() {
        return Math.abs(lowerUncertaintySeconds - upperUncertaintySeconds) > 1e-4;
    }
}
