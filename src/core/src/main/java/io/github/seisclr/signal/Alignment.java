package io.github.seisclr.signal;

import io.github.seisclr.io.StationStream;
import io.github.seisclr.io.Trace;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Puts a station's components on one time grid at a target rate, each in its slot
 * ({@link StationStream#slot(char)}, as a stream does): resamples each segment when its
 * rate differs (rational ratios, anti-aliased), then cuts the time line wherever a component
 * starts or stops: each stretch holds the components that have data throughout it (the others
 * marked absent), so a gap in one component ends a stretch rather than being filled, and the
 * station goes on with the other components until it is back. Flat-lined runs
 * ({@link Flatlines}) count as gaps.
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
        return align(station, targetRate, minSeconds, seconds -> { });
    }

    /**
     * As {@link #align(StationStream, double, double)}, telling the caller what it leaves out.
     *
     * @param station the station's components
     * @param targetRate the rate wanted (Hz)
     * @param minSeconds shortest stretch worth returning
     * @param shortStretch given the length in seconds of each stretch left out for being shorter
     *     than {@code minSeconds}
     * @return aligned stretches, in time order
     */
    public static List<AlignedSegment> align(StationStream station, double targetRate, double minSeconds,
                                             java.util.function.DoubleConsumer shortStretch) {
        return align(station, targetRate, minSeconds, shortStretch, null);
    }

    /**
     * As {@link #align(StationStream, double, double)}, with the spikes of each trace that is
     * resampled replaced at its own rate first ({@link Despiker#despiked}), as the detector does:
     * resampling would spread a spike over several samples, where it is no longer told from ground
     * motion. (Traces at the target rate are left as they are: the detector replaces their spikes
     * in the aligned stretches, {@link Despiker#applyInPlace}.)
     *
     * @param station the station's components
     * @param targetRate the rate wanted (Hz)
     * @param minSeconds shortest stretch worth returning
     * @return aligned stretches, in time order
     */
    public static List<AlignedSegment> alignDespiked(StationStream station, double targetRate, double minSeconds) {
        return alignDespiked(station, targetRate, minSeconds, (t, d) -> d.warnTrace(t, null, null));
    }

    /**
     * As {@link #alignDespiked(StationStream, double, double)}, giving each resampled trace that had
     * spikes, and its despiker, to {@code found} instead of warning (for a caller that warns of part
     * of the time only).
     *
     * @param station the station's components
     * @param targetRate the rate wanted (Hz)
     * @param minSeconds shortest stretch worth returning
     * @param found given each trace that had spikes (as it came) and its despiker
     * @return aligned stretches, in time order
     */
    public static List<AlignedSegment> alignDespiked(StationStream station, double targetRate, double minSeconds,
                                                     java.util.function.BiConsumer<Trace, Despiker> found) {
        return align(station, targetRate, minSeconds, seconds -> { }, found);
    }

    /** @param found null to leave spikes as they are; else as {@link #alignDespiked(StationStream, double, double, java.util.function.BiConsumer)} */
    private static List<AlignedSegment> align(StationStream station, double targetRate, double minSeconds,
                                              java.util.function.DoubleConsumer shortStretch,
                                              java.util.function.BiConsumer<Trace, Despiker> found) {
        List<List<Trace>> comps = new ArrayList<>();
        for (int slot = 0; slot < 3; slot++) {
            comps.add(station.componentIn(slot).map(station.components()::get).orElse(List.of()));
        }
        List<List<Trace>> resampled = new ArrayList<>();
        for (int c = 0; c < 3; c++) {
            List<Trace> r = new ArrayList<>();
            for (Trace t : comps.get(c)) {
                for (Trace live : Flatlines.split(t)) {
                    boolean needs = io.github.seisclr.io.SampleRates.needResampling(live.sampleRate(), targetRate);
                    r.add(resample(found != null && needs ? Despiker.despiked(live, found) : live, targetRate));
                }
            }
            resampled.add(r);
        }
        // cut the time line where any component starts or stops; each piece gets the components
        // that cover it, so a stretch where one component is missing keeps the others
        TreeSet<Instant> cuts = new TreeSet<>();
        for (List<Trace> r : resampled) {
            for (Trace t : r) {
                cuts.add(t.start());
                cuts.add(t.endExclusive());
            }
        }
        // each piece records which segment of each component covers it (-1: none); pieces merge only
        // where the same segments go on, so a stretch never spans two segments of one component (two
        // segments can overlap or touch once resampled: a gap of under a sample at 200 Hz taken to
        // 100 Hz, a clock stepped back, both copies of an overlap kept)
        List<Piece> pieces = new ArrayList<>();
        Instant prev = null;
        for (Instant cut : cuts) {
            if (prev != null) {
                int[] cover = {-1, -1, -1};
                boolean any = false;
                for (int c = 0; c < 3; c++) {
                    List<Trace> r = resampled.get(c);
                    for (int i = 0; i < r.size(); i++) {
                        Trace t = r.get(i);
                        if (!t.start().isAfter(prev) && !t.endExclusive().isBefore(cut)) {
                            cover[c] = i;
                            any = true;
                            break;
                        }
                    }
                }
                Piece last = pieces.isEmpty() ? null : pieces.get(pieces.size() - 1);
                if (last != null && last.to().equals(prev) && java.util.Arrays.equals(last.cover(), cover)) {
                    pieces.set(pieces.size() - 1, new Piece(last.from(), cut, cover));
                } else if (any) {
                    pieces.add(new Piece(prev, cut, cover));
                }
            }
            prev = cut;
        }
        List<AlignedSegment> out = new ArrayList<>();
        long minSamples = Math.max(1, Math.round(minSeconds * targetRate));
        for (Piece piece : pieces) {
            boolean[] present = new boolean[3];
            for (int c = 0; c < 3; c++) {
                present[c] = piece.cover()[c] >= 0;
            }
            int ref = AlignedSegment.verticalOrFirst(present); // a piece covers one component at least
            Trace base = resampled.get(ref).get(piece.cover()[ref]);
            // the stretch takes the samples of its base in [from - 1/2, to - 1/2) samples: each sample
            // goes to the stretch whose cuts are nearest it, so stretches that meet between two samples
            // share none and lose none, and components a few microseconds apart (one starts or ends a
            // sliver before the others) keep their first and last samples, as a stream that puts them
            // on one grid sample by sample does
            long i0 = Math.max(0, (long) Math.ceil(index(base, piece.from()) - 0.5));
            long i1 = Math.min(base.length() - 1L, (long) Math.ceil(index(base, piece.to()) - 0.5) - 1);
            Instant start = base.timeOf(Math.max(0, Math.min(i0, base.length() - 1L)));
            for (int c = 0; c < 3; c++) {
                if (present[c] && i1 >= i0) {
                    // no further than the samples every component holds from the stretch's start (rates
                    // that agree without being equal drift apart by a fraction of a sample over hours)
                    Trace t = resampled.get(c).get(piece.cover()[c]);
                    i1 = Math.min(i1, i0 + t.length() - 1 - Math.round(index(t, start)));
                }
            }
            if (i1 - i0 + 1 < minSamples) {
                shortStretch.accept(Math.max(0, i1 - i0 + 1) / targetRate);
                continue;
            }
            int n = (int) (i1 - i0 + 1);
            double[][] data = new double[3][n];
            boolean ok = true;
            for (int c = 0; c < 3 && ok; c++) {
                if (present[c]) {
                    ok = fill(resampled.get(c).get(piece.cover()[c]), start, data[c]);
                }
            }
            if (ok) {
                out.add(new AlignedSegment(station.code(), start, targetRate, data, present));
            }
        }
        return out;
    }

    /** A stretch of the time line, [from, to), and for each component the segment covering it (-1: none). */
    private record Piece(Instant from, Instant to, int[] cover) {
    }

    private static double index(Trace t, Instant time) {
        return Duration.between(t.start(), time).toNanos() * t.sampleRate() / 1e9;
    }

    /** Copies samples on the grid starting at {@code start}; components may be offset by under half a sample. */
    private static boolean fill(Trace t, Instant start, double[] dst) {
        double first = index(t, start);
        long i0 = Math.round(first);
        if (Math.abs(first - i0) > 0.5 || i0 < 0 || i0 + dst.length > t.length()) {
            return false;
        }
        java.nio.DoubleBuffer view = t.samplesView();
        view.position((int) i0);
        view.get(dst, 0, dst.length);
        return true;
    }

    private static Trace resample(Trace t, double rate) {
        if (!io.github.seisclr.io.SampleRates.needResampling(t.sampleRate(), rate)) {
            return t;
        }
        double[] y;
        try {
            y = new Resampler(t.sampleRate(), rate).resample(t.samples());
        } catch (IllegalArgumentException e) {
            throw new io.github.seisclr.BadInputException(io.github.seisclr.BadInputException.Problem.BAD_SAMPLE_RATE,
                    null, t.id().toString(), t.start(), -1, "cannot resample to " + rate + " Hz: " + e.getMessage(), e);
        }
        return Trace.of(t.id(), t.start(), rate, y);
    }
}
