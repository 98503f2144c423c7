package io.github.seisclr.signal;

import io.github.seisclr.io.Trace;
import io.github.seisclr.io.Warnings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Flat-lined data: runs of one repeated value lasting at least {@value #MIN_SECONDS} s. A live
 * sensor's noise never repeats a sample that long; such runs are a dead channel, a digitizer fill
 * value, or the padding of a cut-out window. The detector treats them as gaps (so the step into
 * or out of a flat line is not taken for an earthquake) and reports them; the data themselves are
 * not changed. Shorter runs (quiet stations with coarse digitizers, brief clipping) are kept.
 */
public final class Flatlines {
    private static final Logger LOG = LoggerFactory.getLogger(Flatlines.class);
    /** Shortest run of one repeated value treated as flat-lined (s). */
    public static final double MIN_SECONDS = 2.0;

    private Flatlines() {
    }

    /**
     * @param sampleRate samples per second
     * @return the shortest flat-lined run at this rate, in samples (at least 2)
     */
    public static int minSamples(double sampleRate) {
        return Math.max(2, (int) Math.ceil(MIN_SECONDS * sampleRate));
    }

    /**
     * @param x samples
     * @param minSamples shortest run reported
     * @return each run of one repeated value at least {@code minSamples} long, as {@code [from, to)}
     */
    public static List<int[]> find(double[] x, int minSamples) {
        List<int[]> out = new ArrayList<>();
        int start = 0;
        for (int i = 1; i <= x.length; i++) {
            if (i == x.length || x[i] != x[start]) {
                if (i - start >= minSamples) {
                    out.add(new int[] {start, i});
                }
                start = i;
            }
        }
        return out;
    }

    /**
     * @param t a trace
     * @return its stretches outside flat-lined runs (the trace itself when it has none); each run
     *     is logged (WARN, once per process) with its channel, start, length and value
     */
    public static List<Trace> split(Trace t) {
        double[] x = t.samples();
        List<int[]> flat = find(x, minSamples(t.sampleRate()));
        if (flat.isEmpty()) {
            return List.of(t);
        }
        List<Trace> out = new ArrayList<>();
        int from = 0;
        for (int[] f : flat) {
            Warnings.once(LOG, "flat " + t.id() + "@" + t.timeOf(f[0]), String.format(Locale.ROOT, "%s: %.2f s of the constant value %s from %s, treated as a gap"
                    + " (flat-lined)", t.id(), (f[1] - f[0]) / t.sampleRate(), x[f[0]], t.timeOf(f[0])));
            if (f[0] > from) {
                out.add(t.slice(t.timeOf(from), t.timeOf(f[0] - 1)));
            }
            from = f[1];
        }
        if (from < x.length) {
            out.add(t.slice(t.timeOf(from), t.timeOf(x.length - 1)));
        }
        return out;
    }
}
