package io.github.seisclr.eval;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Matches detection onsets to reference P arrivals, one to one, per station: a detection is true
 * when its onset lies within {@code tolerance} of a reference P not yet matched (nearest first).
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
        List<Candidate> free = new ArrayList<>(candidates);
        int tp = 0;
        List<Candidate[]> matched = new ArrayList<>();
        List<ReferenceEvent> refs = references.stream().sorted(Comparator.comparing(ReferenceEvent::pTime)).toList();
        for (ReferenceEvent r : refs) {
            Candidate best = null;
            long bestGap = Long.MAX_VALUE;
            for (Candidate c : free) {
                if (!c.station().equals(r.station())) {
                    continue;
                }
                long gap = Math.abs(Duration.between(r.pTime(), c.onset()).toNanos());
                if (gap <= tolerance.toNanos() && gap < bestGap) {
                    best = c;
                    bestGap = gap;
                }
            }
            if (best != null) {
                free.remove(best);
                tp++;
                matched.add(new Candidate[] {new Candidate(r.station(), r.pTime(), Double.NaN), best});
            }
        }
        return new Result(tp, free.size(), refs.size() - tp, matched);
    }
}
