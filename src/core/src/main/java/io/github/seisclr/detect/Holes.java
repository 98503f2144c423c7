package io.github.seisclr.detect;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * The holes between the stretches of one station that were scored (gaps or flat lines in every
 * component, or stretches too short to score), counted as they come: how many, how long in all, the
 * first and the longest. Detections and picks cannot lie there, and each stretch after a hole starts
 * its score window afresh, so batch and stream both say them ({@link Detector#warnGaps},
 * {@link IncrementalDetector#holesWarning}).
 */
final class Holes {
    private final long toleranceNanos;
    private int count;
    private double total;
    private Instant first;
    private Instant firstTo;
    private Instant longFrom;
    private double longest;

    /** @param rate the stretches' sample rate (Hz): a hole is more than one and a half sample intervals */
    Holes(double rate) {
        toleranceNanos = Math.round(1.5e9 / rate);
    }

    /**
     * @param end where one stretch scored ends
     * @param next where the next one starts
     */
    void between(Instant end, Instant next) {
        long hole = Duration.between(end, next).toNanos();
        if (hole <= toleranceNanos) {
            return;
        }
        count++;
        total += hole / 1e9;
        if (first == null) {
            first = end;
            firstTo = next;
        }
        if (hole / 1e9 > longest) {
            longest = hole / 1e9;
            longFrom = end;
        }
    }

    /** @param code the station's code @return the warning, where there is a hole */
    Optional<String> warning(String code) {
        if (count == 0) {
            return Optional.empty();
        }
        return Optional.of(String.format(Locale.ROOT, "%s: %d hole(s) in the data scored, %s in all, where"
                + " nothing is scored (gaps or flat lines in every component, or stretches too short to score):"
                + " the first %s to %s, the longest %s from %s; each stretch after one starts its score"
                + " window afresh", code, count, Detector.span(total), first, firstTo, Detector.span(longest), longFrom));
    }
}
