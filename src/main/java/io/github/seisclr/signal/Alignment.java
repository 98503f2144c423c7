package io.github.seisclr.signal;

import io.github.seisclr.io.StationStream;
import io.github.seisclr.io.Trace;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Puts a station's components on one time grid at a target rate: resamples each segment when its
 * rate differs (rational ratios, anti-aliased), then cuts the stretches where every recorded
 * component has data, so that gaps in any component end a segment rather than being filled.
 * Flat-lined runs ({@link Flatlines}) count as gaps; a component flat throughout counts as absent.
 */
public final class Alignment {
    private Alignment() {
    }

    /**
     * @param station the station's components
     * @param targetRate the rate wanted (Hz)
     * @param minSeconds shortest stretch worth returning
     * @return aligned stretches, in time order
     */
    public static List<AlignedSegment> align(StationStream station, double targetRate, double minSeconds) {
        List<List<Trace>> comps = new ArrayList<>();
        comps.add(station.vertical().orElse(List.of()));
        List<List<Trace>> horizontals = station.horizontals();
        comps.add(horizontals.size() > 0 ? horizontals.get(0) : List.of());
        comps.add(horizontals.size() > 1 ? horizontals.get(1) : List.of());
        boolean[] present = new boolean[3];
        List<List<Trace>> resampled = new ArrayList<>();
        for (int c = 0; c < 3; c++) {
            List<Trace> r = new ArrayList<>();
            for (Trace t : comps.get(c)) {
                for (Trace live : Flatlines.split(t)) {
                    r.add(resample(live, targetRate));
                }
            }
            present[c] = !r.isEmpty();
            resampled.add(r);
        }
        if (!present[0] && !present[1] && !present[2]) {
            return List.of();
        }
        int ref = present[0] ? 0 : present[1] ? 1 : 2;
        List<AlignedSegment> out = new ArrayList<>();
        long minSamples = Math.max(1, Math.round(minSeconds * targetRate));
        for (Trace base : resampled.get(ref)) {
            // intersect the base segment with overlapping segments of the other components
            List<Instant[]> spans = new ArrayList<>();
            spans.add(new Instant[] {base.start(), base.end()});
            for (int c = 0; c < 3; c++) {
                if (!present[c] || c == ref) {
                    continue;
                }
                List<Instant[]> next = new ArrayList<>();
                for (Instant[] s : spans) {
                    for (Trace t : resampled.get(c)) {
                        Instant a = max(s[0], t.start());
                        Instant b = min(s[1], t.end());
                        if (!a.isAfter(b)) {
                            next.add(new Instant[] {a, b});
                        }
                    }
                }
                spans = next;
            }
            for (Instant[] s : spans) {
                long i0 = Math.max(0, (long) Math.ceil(index(base, s[0]) - 1e-6));
                long i1 = Math.min(base.length() - 1L, (long) Math.floor(index(base, s[1]) + 1e-6));
                if (i1 - i0 + 1 < minSamples) {
                    continue;
                }
                int n = (int) (i1 - i0 + 1);
                double[][] data = new double[3][n];
                Instant start = base.timeOf(i0);
                boolean ok = true;
                for (int c = 0; c < 3 && ok; c++) {
                    if (!present[c]) {
                        continue;
                    }
                    ok = fill(resampled.get(c), start, targetRate, data[c]);
                }
                if (ok) {
                    out.add(new AlignedSegment(station.code(), start, targetRate, data, present.clone()));
                }
            }
        }
        return out;
    }

    private static double index(Trace t, Instant time) {
        return Duration.between(t.start(), time).toNanos() * t.sampleRate() / 1e9;
    }

    /** Copies samples on the grid starting at {@code start}; components may be offset by under half a sample. */
    private static boolean fill(List<Trace> segs, Instant start, double rate, double[] dst) {
        for (Trace t : segs) {
            double first = index(t, start);
            long i0 = Math.round(first);
            if (Math.abs(first - i0) > 0.5 || i0 < 0 || i0 + dst.length > t.length()) {
                continue;
            }
            java.nio.DoubleBuffer view = t.samplesView();
            view.position((int) i0);
            view.get(dst, 0, dst.length);
            return true;
        }
        return false;
    }

    private static Trace resample(Trace t, double rate) {
        if (Math.abs(t.sampleRate() / rate - 1) < 1e-4) {
            return t;
        }
        double[] y = new Resampler(t.sampleRate(), rate).resample(t.samples());
        return Trace.of(t.id(), t.start(), rate, y);
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
