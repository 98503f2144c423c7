package io.github.seisclr.eval;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * One method's detections over a range of thresholds: candidates found at a low threshold, each
 * with its peak value, are kept at threshold {@code t} when their peak reaches {@code t} (the
 * convention of pick-probability evaluations), so that one run yields the whole precision-recall
 * curve. Matching follows {@link DetectionMatch}.
 */
public final class MethodScores {
    /**
     * A candidate with its picks.
     *
     * @param station station (STA)
     * @param onset detection onset (its P pick)
     * @param peak peak of the characteristic function
     * @param sPick S pick, or null
     */
    public record Candidate(String station, Instant onset, double peak, Instant sPick) {
    }

    /**
     * One point of the curve.
     *
     * @param threshold threshold
     * @param result the matching at that threshold
     * @param falsePerHour false detections per hour of pre-event noise
     */
    public record Point(double threshold, DetectionMatch.Result result, double falsePerHour) {
    }

    private MethodScores() {
    }

    /**
     * @param candidates detections found at a low threshold
     * @param refs reference picks
     * @param tolerance matching tolerance
     * @param noiseHours hours of pre-event noise in the data (for false detections per hour)
     * @return one point per distinct candidate peak (plus the lowest), thresholds ascending
     */
    public static List<Point> curve(List<Candidate> candidates, List<ReferenceEvent> refs, Duration tolerance,
                                    double noiseHours) {
        TreeSet<Double> thresholds = new TreeSet<>();
        candidates.forEach(c -> thresholds.add(c.peak()));
        List<Point> out = new ArrayList<>();
        for (double t : thresholds) {
            out.add(at(candidates, refs, tolerance, noiseHours, t));
        }
        return out;
    }

    /**
     * @param candidates detections found at a low threshold
     * @param refs reference picks
     * @param tolerance matching tolerance
     * @param noiseHours hours of pre-event noise
     * @param threshold the threshold
     * @return the matching at that threshold
     */
    public static Point at(List<Candidate> candidates, List<ReferenceEvent> refs, Duration tolerance, double noiseHours,
                           double threshold) {
        List<DetectionMatch.Candidate> kept = candidates.stream().filter(c -> c.peak() >= threshold)
                .map(c -> new DetectionMatch.Candidate(c.station(), c.onset(), c.peak())).toList();
        DetectionMatch.Result r = DetectionMatch.match(kept, refs, tolerance);
        return new Point(threshold, r, noiseHours > 0 ? r.falsePositives() / noiseHours : Double.NaN);
    }

    /**
     * @param curve points from {@link #curve}
     * @return the point with the highest F1
     */
    public static Point best(List<Point> curve) {
        return curve.stream().max(java.util.Comparator.comparingDouble(p -> p.result().f1())).orElseThrow();
    }
}
