package io.github.seisclr.eval;

import io.github.seisclr.detect.Detection;
import io.github.seisclr.detect.DetectionResult;
import io.github.seisclr.pick.Phase;
import io.github.seisclr.pick.Pick;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
     * @return one point per distinct candidate peak, thresholds ascending; without any candidate (a
     *     method that never triggered), one point at threshold 0 that finds nothing
     */
    public static List<Point> curve(List<Candidate> candidates, List<ReferenceEvent> refs, Duration tolerance,
                                    double noiseHours) {
        TreeSet<Double> thresholds = new TreeSet<>();
        candidates.forEach(c -> thresholds.add(c.peak()));
        if (thresholds.isEmpty()) {
            thresholds.add(0.0);
        }
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

    /**
     * @param r a detection run
     * @return one candidate per detection: its station code (STA), its P pick (else its start), its
     *     peak score and its S pick (or null)
     */
    public static List<Candidate> candidates(DetectionResult r) {
        Map<String, Instant> p = new HashMap<>();
        Map<String, Instant> s = new HashMap<>();
        for (Pick x : r.picks().picks()) {
            (x.phase() == Phase.P ? p : s).putIfAbsent(x.detectionId(), x.time());
        }
        List<Candidate> out = new ArrayList<>();
        for (Detection d : r.detections()) {
            out.add(new Candidate(stationOf(d.station()), p.getOrDefault(d.id(), d.start()),
                    d.peakScore(), s.get(d.id())));
        }
        return out;
    }

    /**
     * @param code a station stream's code, {@code NET.STA.LOC.BAND} (or {@code NET.STA})
     * @return its station part, {@code STA}
     * @throws IllegalArgumentException for a code without a network part
     */
    public static String stationOf(String code) {
        int a = code.indexOf('.');
        if (a < 0) {
            throw new IllegalArgumentException("station code '" + code + "' is not NET.STA[.LOC.BAND]");
        }
        int b = code.indexOf('.', a + 1);
        return b < 0 ? code.substring(a + 1) : code.substring(a + 1, b);
    }


    /**
     * @param rows reference picks with their windows' starts
     * @return hours of pre-event noise: from each window's start to its reference P
     */
    public static double noiseHours(List<ReferencePicks.Row> rows) {
        return rows.stream().filter(r -> r.windowStart() != null)
                .mapToDouble(r -> Duration.between(r.windowStart(), r.event().pTime()).toNanos() / 3.6e12).sum();
    }

    /**
     * Hours of pre-event noise in the windows the data hold: a row whose station the waveforms do
     * not hold, or which names a file the folder does not hold, is missed by every method, and its
     * window is no noise time.
     *
     * @param rows reference picks with their windows' starts
     * @param folder the folder the rows' files are relative to
     * @param stations the stations the waveforms hold
     * @return hours of pre-event noise in the windows held
     */
    public static double noiseHours(List<ReferencePicks.Row> rows, java.nio.file.Path folder,
                                    java.util.Collection<io.github.seisclr.io.StationStream> stations) {
        java.util.Set<String> held = new java.util.HashSet<>();
        stations.forEach(s -> held.add(s.station()));
        return noiseHours(rows.stream().filter(r -> held.contains(r.event().station()))
                .filter(r -> r.fileHeldIn(folder))
                .toList());
    }

    /**
     * @param candidates one method's detections
     * @param match their matching against the reference
     * @param threshold candidates below this peak are not counted
     * @param rows reference picks with their windows' starts
     * @param tolerance onset tolerance around the reference P
     * @return unmatched candidates whose onset lies in a window's pre-event noise (from its start to
     *     {@code tolerance} before its reference P), at that window's station
     */
    public static long preEventFalse(List<Candidate> candidates, DetectionMatch.Result match, double threshold,
                                     List<ReferencePicks.Row> rows, Duration tolerance) {
        List<Instant> matched = match.matched().stream().map(m -> m[1].onset()).toList();
        return candidates.stream().filter(c -> c.peak() >= threshold && !matched.contains(c.onset()))
                .filter(c -> rows.stream().anyMatch(r -> r.windowStart() != null && r.event().station().equals(c.station())
                        && !c.onset().isBefore(r.windowStart()) && c.onset().isBefore(r.event().pTime().minus(tolerance))))
                .count();
    }

    /**
     * Pick residuals of one method at one operating point: P as the matched onset less the reference
     * P (events not detected counted as missing), S as the matched candidate's S pick less the
     * reference S (reference events with an S whose detection has no S pick, or that were not
     * detected, counted as missing).
     *
     * @param p P residuals
     * @param s S residuals
     * @param pValues the P residuals themselves, s (for histograms)
     */
    public record PickResiduals(Residuals p, Residuals s, double[] pValues) {
    }

    /**
     * @param point the operating point ({@link #at} or one of {@link #curve})
     * @param candidates the candidates it was scored from
     * @param refs the reference events it was scored against
     * @return its P and S residuals against the references
     */
    public static PickResiduals residuals(Point point, List<Candidate> candidates, List<ReferenceEvent> refs) {
        List<Double> p = new ArrayList<>();
        List<Double> s = new ArrayList<>();
        for (DetectionMatch.Candidate[] m : point.result().matched()) {
            ReferenceEvent ref = refs.stream().filter(r -> r.station().equals(m[0].station())
                    && r.pTime().equals(m[0].onset())).findFirst().orElseThrow(() -> new IllegalArgumentException(
                    "a matched reference at " + m[0].station() + " " + m[0].onset() + " is not among the references"));
            p.add(Duration.between(ref.pTime(), m[1].onset()).toNanos() / 1e9);
            Candidate c = candidates.stream().filter(x -> x.station().equals(m[1].station())
                    && x.onset().equals(m[1].onset())).findFirst().orElseThrow(() -> new IllegalArgumentException(
                    "a matched detection at " + m[1].station() + " " + m[1].onset() + " is not among the candidates"));
            if (ref.sTime() != null && c.sPick() != null) {
                s.add(Duration.between(ref.sTime(), c.sPick()).toNanos() / 1e9);
            }
        }
        double[] pv = p.stream().mapToDouble(Double::doubleValue).toArray();
        int withS = (int) refs.stream().filter(r -> r.sTime() != null).count();
        return new PickResiduals(Residuals.of(pv, point.result().falseNegatives()),
                Residuals.of(s.stream().mapToDouble(Double::doubleValue).toArray(), withS - s.size()), pv);
    }

    /**
     * @param match a method's matching
     * @param references the references to count (a subset of those matched against)
     * @return how many of them the matching found
     */
    public static int found(DetectionMatch.Result match, java.util.Collection<ReferenceEvent> references) {
        java.util.Set<String> keys = new java.util.HashSet<>();
        references.forEach(r -> keys.add(r.station() + "|" + r.pTime()));
        return (int) match.matched().stream().filter(m -> keys.contains(m[0].station() + "|" + m[0].onset())).count();
    }

    /**
     * @param rows reference picks with their windows' starts
     * @param seconds how far into its window a reference P must lie
     * @return the references whose P lies at least that far after their window's start (those of rows
     *     without a start left out): where a method that needs a warm-up of that length can see them
     */
    public static List<ReferenceEvent> atLeastInto(List<ReferencePicks.Row> rows, double seconds) {
        return rows.stream().filter(r -> r.windowStart() != null && Duration.between(r.windowStart(), r.event().pTime())
                .toNanos() >= seconds * 1e9).map(ReferencePicks.Row::event).toList();
    }

    /**
     * Gross P errors, which the matching leaves out of the residuals: a P pick further than the
     * matching's tolerance from its reference counts as a missed event and a false detection.
     *
     * @param refs reference events
     * @param picks a method's P picks: station ({@code STA}) and time
     * @param from a residual at least this large (s) is gross
     * @param reach a pick further than this (s) from every reference P is no pick of it
     * @return the references whose nearest P pick at their station, within {@code reach}, lies at least
     *     {@code from} away
     */
    public static int grossErrors(List<ReferenceEvent> refs, List<Candidate> picks, double from, double reach) {
        int n = 0;
        for (ReferenceEvent r : refs) {
            double nearest = Double.POSITIVE_INFINITY;
            for (Candidate c : picks) {
                if (c.station().equals(r.station())) {
                    nearest = Math.min(nearest, Math.abs(Duration.between(r.pTime(), c.onset()).toNanos() / 1e9));
                }
            }
            n += nearest >= from && nearest <= reach ? 1 : 0;
        }
        return n;
    }

    /**
     * @param count events counted
     * @param hours over how long
     * @return the exact (Garwood) 95 % interval of the rate per hour behind a Poisson count: few false
     *     detections give a wide one
     */
    public static double[] poissonInterval(long count, double hours) {
        double lower = count == 0 ? 0 : new org.apache.commons.math3.distribution.ChiSquaredDistribution(2.0 * count)
                .inverseCumulativeProbability(0.025) / 2;
        double upper = new org.apache.commons.math3.distribution.ChiSquaredDistribution(2.0 * count + 2)
                .inverseCumulativeProbability(0.975) / 2;
        return new double[] {lower / hours, upper / hours};
    }

}
