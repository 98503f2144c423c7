package io.github.seisclr.baseline;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Trigger on/off with hysteresis, with the semantics of ObsPy's {@code trigger_onset}: a trigger
 * switches on at the first sample where the characteristic function exceeds {@code thrOn}
 * (strictly, {@code >}, as ObsPy's {@code charfct > thres1}) and lasts to the last sample of that
 * stretch where it stays above {@code thrOff} (again strictly: a sample equal to {@code thrOff}
 * ends it); a trigger longer than {@code maxLength} is cut to that length (or dropped), and a new
 * one can start only where the function rises above {@code thrOn} again.
 */
public final class Trigger {
    private Trigger() {
    }

    /** One trigger: first and last sample index, both inclusive. */
    public record Onset(int on, int off) {
    }

    /**
     * @param cft characteristic function
     * @param thrOn on threshold
     * @param thrOff off threshold, at most {@code thrOn}
     * @return the triggers, in order
     */
    public static List<Onset> onsets(double[] cft, double thrOn, double thrOff) {
        return onsets(cft, thrOn, thrOff, Integer.MAX_VALUE, false);
    }

    /**
     * @param cft characteristic function
     * @param thrOn on threshold
     * @param thrOff off threshold, at most {@code thrOn}
     * @param maxLength longest trigger in samples
     * @param dropLong drop triggers longer than {@code maxLength} instead of cutting them
     * @return the triggers, in order
     */
    public static List<Onset> onsets(double[] cft, double thrOn, double thrOff, int maxLength,
                                     boolean dropLong) {
        if (thrOff > thrOn) {
            throw new IllegalArgumentException("thrOff (" + thrOff + ") must not exceed thrOn (" + thrOn + ")");
        }
        List<Integer> ind1 = new ArrayList<>();
        List<Integer> ind2 = new ArrayList<>();
        for (int i = 0; i < cft.length; i++) {
            if (cft[i] > thrOn) {
                ind1.add(i);
            }
            if (cft[i] > thrOff) {
                ind2.add(i);
            }
        }
        List<Onset> picks = new ArrayList<>();
        if (ind1.isEmpty()) {
            return picks;
        }
        Deque<Double> on = new ArrayDeque<>();
        Deque<Double> of = new ArrayDeque<>();
        on.add((double) ind1.get(0));
        of.add(-1.0);
        // ends of the stretches above thrOff
        for (int k = 0; k < ind2.size(); k++) {
            if (k == ind2.size() - 1 || ind2.get(k + 1) - ind2.get(k) > 1) {
                of.add((double) ind2.get(k));
            }
        }
        // starts of the stretches above thrOn
        for (int k = 1; k < ind1.size(); k++) {
            if (ind1.get(k) - ind1.get(k - 1) > 1) {
                on.add((double) ind1.get(k));
            }
        }
        if (dropLong) {
            of.add(1e99);
            on.add(on.peekLast());
        } else {
            of.add((double) ind2.get(ind2.size() - 1));
        }
        of.add((double) cft.length);
        while (on.peekLast() > of.peekFirst()) {
            while (on.peekFirst() <= of.peekFirst()) {
                on.pollFirst();
            }
            while (of.peekFirst() < on.peekFirst()) {
                of.pollFirst();
            }
            if (of.peekFirst() - on.peekFirst() > maxLength) {
                if (dropLong) {
                    on.pollFirst();
                    continue;
                }
                of.addFirst(on.peekFirst() + maxLength);
            }
            picks.add(new Onset((int) (double) on.peekFirst(), (int) Math.min(of.peekFirst(), cft.length - 1)));
        }
        return picks;
    }
}
