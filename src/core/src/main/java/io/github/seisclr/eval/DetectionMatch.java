package io.github.seisclr.eval;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Matches detection onsets to reference P arrivals, one to one, per station: a detection is true
 * when its onset lies within {@code tolerance} of a reference P. The pairs are taken nearest first,
 * then matches are moved where that lets more references be matched, so that the count is the
 * largest any one-to-one matching gives and does not depend on the order of the lists (two
 * references 1 s apart no longer lose a match because the earlier took the later's only candidate).
 */
public final class DetectionMatch {
    private DetectionMatch() {
    }

    /**
     * A detection onset to be matched.
     *
     * @param station station code (STA)
     * @param onset onset time
     * @param score its score (for precision-recall curves)
     */
    public record Candidate(String station, Instant onset, double score) {
    }

    /**
     * Counts of a matching.
     *
     * @param truePositives detections matched to a reference
     * @param falsePositives detections matched to none
     * @param falseNegatives references matched by none
     * @param matched for each matched reference, the candidate (same order as truePositives)
     */
    public record Result(int truePositives, int falsePositives, int falseNegatives, List<Candidate[]> matched) {
        /** @return TP / (TP + FP), 0 when there is no detection */
        public double precision() {
            return truePositives + falsePositives == 0 ? 0 : (double) truePositives / (truePositives + falsePositives);
        }

        /** @return TP / (TP + FN), 0 when there is no reference */
        public double recall() {
            return truePositives + falseNegatives == 0 ? 0 : (double) truePositives / (truePositives + falseNegatives);
        }

        /** @return harmonic mean of precision and recall */
        public double f1() {
            double p = precision();
            double r = recall();
            return p + r == 0 ? 0 : 2 * p * r / (p + r);
        }
    }

    /**
     * @param candidates detection onsets
     * @param references reference P arrivals
     * @param tolerance largest |onset - P|
     * @return the counts; {@code matched} holds {reference as a candidate at P, detection}
     */
    public static Result match(List<Candidate> candidates, List<ReferenceEvent> references, Duration tolerance) {
        List<ReferenceEvent> refs = references.stream().sorted(Comparator.comparing(ReferenceEvent::pTime)).toList();
        long tol = tolerance.toNanos();
        // each reference's candidates within tolerance, nearest first (ties: the list's order)
        List<List<Integer>> near = new ArrayList<>();
        List<long[]> pairs = new ArrayList<>(); // {gap, reference, candidate}
        for (int r = 0; r < refs.size(); r++) {
            ReferenceEvent ref = refs.get(r);
            List<long[]> own = new ArrayList<>();
            for (int c = 0; c < candidates.size(); c++) {
                Candidate cand = candidates.get(c);
                if (cand.station().equals(ref.station())) {
                    long gap = Math.abs(Duration.between(ref.pTime(), cand.onset()).toNanos());
                    if (gap <= tol) {
                        own.add(new long[] {gap, r, c});
                    }
                }
            }
            own.sort(PAIR_ORDER);
            near.add(own.stream().map(x -> (int) x[2]).toList());
            pairs.addAll(own);
        }
        pairs.sort(PAIR_ORDER);
        int[] refOf = new int[candidates.size()];
        int[] candOf = new int[refs.size()];
        java.util.Arrays.fill(refOf, -1);
        java.util.Arrays.fill(candOf, -1);
        for (long[] p : pairs) {
            int r = (int) p[1];
            int c = (int) p[2];
            if (candOf[r] < 0 && refOf[c] < 0) {
                candOf[r] = c;
                refOf[c] = r;
            }
        }
        for (int r = 0; r < refs.size(); r++) {
            if (candOf[r] < 0) {
                augment(r, near, refOf, candOf, new boolean[candidates.size()]);
            }
        }
        int tp = 0;
        List<Candidate[]> matched = new ArrayList<>();
        for (int r = 0; r < refs.size(); r++) {
            if (candOf[r] >= 0) {
                tp++;
                ReferenceEvent ref = refs.get(r);
                matched.add(new Candidate[] {new Candidate(ref.station(), ref.pTime(), Double.NaN),
                        candidates.get(candOf[r])});
            }
        }
        return new Result(tp, candidates.size() - tp, refs.size() - tp, matched);
    }

    /** Nearest first; ties by reference, then candidate, so that the result does not depend on sorting. */
    private static final Comparator<long[]> PAIR_ORDER = Comparator.<long[]>comparingLong(x -> x[0])
            .thenComparingLong(x -> x[1]).thenComparingLong(x -> x[2]);

    /** Kuhn's augmenting path from reference {@code r}: @return whether it found one and matched {@code r} */
    private static boolean augment(int r, List<List<Integer>> near, int[] refOf, int[] candOf, boolean[] seen) {
        for (int c : near.get(r)) {
            if (seen[c]) {
                continue;
            }
            seen[c] = true;
            if (refOf[c] < 0 || augment(refOf[c], near, refOf, candOf, seen)) {
                refOf[c] = r;
                candOf[r] = c;
                return true;
            }
        }
        return false;
    }
}
