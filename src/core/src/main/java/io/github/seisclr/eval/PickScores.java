package io.github.seisclr.eval;

import io.github.seisclr.detect.Detection;
import io.github.seisclr.detect.DetectionResult;
import io.github.seisclr.pick.Phase;
import io.github.seisclr.pick.Pick;
import io.github.seisclr.pick.Polarity;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How good a detection run's picks are against reference picks: residuals, the share of events
 * given an S, how well the reported uncertainties cover the residuals, and first-motion polarities.
 * Detections are matched to reference P arrivals as {@link DetectionMatch} does (by their P pick,
 * else their start; within {@code tolerance}; one per reference).
 *
 * @param p P residuals (pick - reference, s) of matched events; missing: references not detected, or
 *     detected (matched by the detection's start) without a P pick
 * @param s S residuals of matched events with a reference S; missing: those without an S pick
 * @param pCoverage how the P uncertainties cover the P residuals
 * @param sCoverage how the S uncertainties cover the S residuals
 * @param matched reference events detected
 * @param withReferenceS of those, events with a reference S
 * @param sPicked of those, events given an S pick
 * @param polarity first motions of the matched events' P picks
 * @param residualsP the P residuals, for histograms
 */
public record PickScores(Residuals p, Residuals s, Coverage pCoverage, Coverage sCoverage, int matched,
                         int withReferenceS, int sPicked, Polarities polarity, double[] residualsP) {

    /**
     * The share of residuals within one and two of the reported standard deviations, on the side
     * each residual falls (a late pick against its lower uncertainty, an early one its upper).
     *
     * @param n residuals
     * @param within1 share with |residual| at most one sigma
     * @param within2 share at most two sigma
     * @param medianSigma median of the sigmas they were compared with (s)
     */
    public record Coverage(int n, double within1, double within2, double medianSigma) {
        static Coverage of(List<double[]> residualAndSigma) {
            int n = residualAndSigma.size();
            if (n == 0) {
                return new Coverage(0, Double.NaN, Double.NaN, Double.NaN);
            }
            long w1 = residualAndSigma.stream().filter(x -> Math.abs(x[0]) <= x[1] + 1e-9).count();
            long w2 = residualAndSigma.stream().filter(x -> Math.abs(x[0]) <= 2 * x[1] + 1e-9).count();
            double[] sig = residualAndSigma.stream().mapToDouble(x -> x[1]).sorted().toArray();
            return new Coverage(n, (double) w1 / n, (double) w2 / n, sig[n / 2]);
        }
    }

    /**
     * First-motion polarities of P picks.
     *
     * @param picks P picks counted
     * @param decided picks with a polarity (positive or negative)
     */
    public record Polarities(int picks, int decided) {
    }

    /**
     * @param r a detection run
     * @param refs reference arrivals
     * @param tolerance largest |P pick - reference P| of a match
     * @return the scores of the picks of detections matched to a reference
     */
    public static PickScores of(DetectionResult r, List<ReferenceEvent> refs, Duration tolerance) {
        Map<String, Pick> pBy = new HashMap<>();
        Map<String, Pick> sBy = new HashMap<>();
        for (Pick x : r.picks().picks()) {
            (x.phase() == Phase.P ? pBy : sBy).putIfAbsent(x.detectionId(), x);
        }
        List<DetectionMatch.Candidate> cands = new ArrayList<>();
        Map<DetectionMatch.Candidate, Detection> byCandidate = new java.util.IdentityHashMap<>();
        for (Detection d : r.detections()) {
            Pick p = pBy.get(d.id());
            DetectionMatch.Candidate c = new DetectionMatch.Candidate(MethodScores.stationOf(d.station()),
                    p != null ? p.time() : d.start(), d.peakScore());
            cands.add(c);
            byCandidate.put(c, d);
        }
        DetectionMatch.Result m = DetectionMatch.match(cands, refs, tolerance);
        List<double[]> pRes = new ArrayList<>();
        List<double[]> sRes = new ArrayList<>();
        int withS = 0;
        int sPicked = 0;
        int decided = 0;
        int unpicked = 0;
        for (DetectionMatch.Candidate[] pair : m.matched()) {
            ReferenceEvent ref = refs.stream().filter(x -> x.station().equals(pair[0].station())
                    && x.pTime().equals(pair[0].onset())).findFirst().orElseThrow();
            Detection d = byCandidate.get(pair[1]);
            Pick p = pBy.get(d.id());
            if (p != null) {
                pRes.add(residual(ref.pTime(), p));
                if (p.polarity().decided()) {
                    decided++;
                }
            } else {
                unpicked++; // detected (by its start) but given no P: a reference without a P pick
            }
            if (ref.sTime() != null) {
                withS++;
                Pick s = sBy.get(d.id());
                if (s != null) {
                    sPicked++;
                    sRes.add(residual(ref.sTime(), s));
                }
            }
        }
        double[] pv = pRes.stream().mapToDouble(x -> x[0]).toArray();
        return new PickScores(Residuals.of(pv, m.falseNegatives() + unpicked),
                Residuals.of(sRes.stream().mapToDouble(x -> x[0]).toArray(), withS - sPicked),
                Coverage.of(pRes), Coverage.of(sRes), m.truePositives(), withS, sPicked,
                new Polarities(pRes.size(), decided), pv);
    }

    /** @return {pick - reference (s), the uncertainty on that side} */
    static double[] residual(Instant reference, Pick p) {
        double r = Duration.between(reference, p.time()).toNanos() / 1e9;
        return new double[] {r, r > 0 ? p.lowerUncertaintySeconds() : p.upperUncertaintySeconds()};
    }
}
