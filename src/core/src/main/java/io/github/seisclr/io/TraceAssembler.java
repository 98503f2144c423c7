package io.github.seisclr.io;

import io.github.seisclr.BadInputException;
import io.github.seisclr.BadInputException.Problem;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Merges records into continuous traces per channel, the way libmseed's trace list does: sort by
 * start time; a record continues a segment when it starts within the time tolerance of where the
 * segment ends and its rate agrees to 0.01 %; otherwise a gap starts a new segment. Overlapping
 * records are compared sample by sample: agreeing samples are kept once (an exact duplicate record
 * is dropped and counted), disagreeing ones follow the {@link OverlapPolicy}.
 */
final class TraceAssembler {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(TraceAssembler.class);
    /** Records this far from all other data of their channel are a cluster of their own ({@link #strays}). */
    static final long STRAY_GAP_NANOS = 30L * 86_400 * Times.NANOS_PER_SECOND;

    private final ReadOptions options;
    private boolean quietAboutStrays;
    private final Map<SourceId, List<RawRecord>> byChannel = new TreeMap<>();
    private final List<SkippedRecord> skipped = new ArrayList<>();
    private long sequence;
    private int recordCount;

    TraceAssembler(ReadOptions options) {
        this.options = options;
    }

    /** @return this assembler, not warning of records far from the rest of their channel (an index has) */
    TraceAssembler quietAboutStrays() {
        quietAboutStrays = true;
        return this;
    }

    void add(RawRecord r) {
        r.sequence = sequence++;
        recordCount++;
        if (r.kind == RawRecord.Kind.DATA) {
            byChannel.computeIfAbsent(r.id, k -> new ArrayList<>()).add(r);
        } else {
            skipped.add(skipped(r));
        }
    }

    /** @return a record without waveform samples, as listed in {@link WaveformSet#skippedRecords()} */
    static SkippedRecord skipped(RawRecord r) {
        return switch (r.kind) {
            case TEXT -> new SkippedRecord(r.source, r.byteOffset, r.id, r.start(),
                    r.declaredCount, "text (log) record, " + r.declaredCount + " characters: not waveform data");
            case NO_SAMPLES -> new SkippedRecord(r.source, r.byteOffset, r.id, r.start(),
                    0, "record holds no samples (header or blockettes only)");
            default -> throw new IllegalStateException(r.kind.toString());
        };
    }

    WaveformSet build(List<String> sources, List<String> skippedFiles, List<String> damagedFiles) {
        List<Trace> traces = new ArrayList<>();
        List<Gap> gaps = new ArrayList<>();
        int[] counters = new int[2]; // duplicates dropped, overlaps merged
        for (Map.Entry<SourceId, List<RawRecord>> e : byChannel.entrySet()) {
            assemble(e.getValue(), traces, gaps, counters);
        }
        sayClockSteps();
        sayDuplicates();
        leaps.forEach(l -> Warnings.once(LOG, l, l));
        leaps.clear();
        return new WaveformSet(traces, gaps, skipped, sources, skippedFiles, damagedFiles, recordCount,
                counters[0], counters[1]);
    }

    /** One segment under construction: pieces of records, copied into one array at the end. */
    private static final class Segment {
        final SourceId id;
        final long start;
        final double rate;
        final List<RawRecord> records = new ArrayList<>();
        final List<int[]> pieces = new ArrayList<>(); // {record index, from, count, destination}
        /** Records appended past a clock stepped back ({@link #steppedBack}), by start: their copies are duplicates. */
        final Map<Long, RawRecord> stepped = new java.util.HashMap<>();
        int count;
        SampleType type;

        Segment(RawRecord first) {
            this.id = first.id;
            this.start = first.startNanos;
            this.rate = first.sampleRate;
            this.type = first.sampleType;
            append(first, 0);
        }

        void append(RawRecord r, int from) {
            int n = r.samples.length - from;
            if (n <= 0) {
                return;
            }
            records.add(r);
            pieces.add(new int[] {records.size() - 1, from, n, count});
            count += n;
            type = type.widen(r.sampleType);
        }

        long endExclusiveNanos() {
            return start + Times.spanNanos(count, rate);
        }

        /** @return the time of the segment's last sample (ns) */
        long lastSampleNanos() {
            return endExclusiveNanos() - Times.spanNanos(1, rate);
        }

        /** @return the gap (negative for an overlap) from this segment's last sample to {@code r}'s first */
        Gap gapTo(RawRecord r) {
            return new Gap(id, Times.toInstant(lastSampleNanos()), r.start(), rate);
        }

        /** @return where {@code r} starts, in samples of this segment from its start (not rounded) */
        double position(RawRecord r) {
            return (r.startNanos - start) * rate / Times.NANOS_PER_SECOND;
        }

        /** @return the file (or stream) the segment's last record came from */
        String lastSource() {
            return records.get(records.size() - 1).source;
        }

        double sampleAt(int index) {
            int lo = 0;
            int hi = pieces.size() - 1;
            while (lo < hi) {
                int mid = (lo + hi + 1) >>> 1;
                if (pieces.get(mid)[3] <= index) {
                    lo = mid;
                } else {
                    hi = mid - 1;
                }
            }
            int[] p = pieces.get(lo);
            return records.get(p[0]).samples[p[1] + index - p[3]];
        }

        /**
         * Takes samples {@code [from, from + n)} out of the segment; those after them move {@code n}
         * samples earlier.
         */
        void cut(int from, int n) {
            List<int[]> kept = new ArrayList<>();
            for (int[] p : pieces) {
                int a = p[3];
                int b = p[3] + p[2];
                if (b <= from) {
                    kept.add(p);
                } else if (a >= from + n) {
                    kept.add(new int[] {p[0], p[1], p[2], p[3] - n});
                } else {
                    if (a < from) {
                        kept.add(new int[] {p[0], p[1], from - a, a});
                    }
                    if (b > from + n) {
                        int skip = from + n - a;
                        kept.add(new int[] {p[0], p[1] + skip, b - from - n, from});
                    }
                }
            }
            pieces.clear();
            pieces.addAll(kept);
            count -= n;
        }

        Trace toTrace() {
            double[] all = new double[count];
            for (int[] p : pieces) {
                System.arraycopy(records.get(p[0]).samples, p[1], all, p[3], p[2]);
            }
            return new Trace(id, start, rate, all, type);
        }
    }

    /**
     * Assembles one channel's records. Under {@link OverlapPolicy#ERROR} one segment is open at a
     * time. Under {@link OverlapPolicy#KEEP_BOTH} a disagreeing overlap opens a second one beside the
     * first, and each record continues whichever open segment it follows on from (as libmseed's
     * trace list adds a record to the segment it fits): two copies of an hour whose records
     * interleave become two segments, one per copy, not many short ones.
     */
    private void assemble(List<RawRecord> records, List<Trace> traces, List<Gap> gaps, int[] counters) {
        records.sort(Comparator.comparingLong((RawRecord r) -> r.startNanos)
                .thenComparingLong(r -> r.sequence));
        if (!quietAboutStrays) {
            strays(records).forEach(LOG::warn);
        }
        List<Segment> open = new ArrayList<>();
        for (RawRecord r : records) {
            if (open.isEmpty()) {
                open.add(new Segment(r));
                continue;
            }
            Segment latest = latestEnding(open);
            if (!SampleRates.agree(r.sampleRate, latest.rate)
                    && r.startNanos >= latest.endExclusiveNanos() - Times.spanNanos(1, latest.rate) / 2) {
                // a channel whose rate changes where its records do not overlap (a sensor reconfigured,
                // an archive's day at another rate) is one trace per rate, as libmseed's trace list
                // and ObsPy read it (it was refused for a plain input, and a user could not read the
                // rates apart: a black-box review); records of two rates that overlap are refused below
                if (Warnings.kept(r.start())) {
                    Warnings.once(LOG, "rate " + r.id + " " + r.startNanos, r.id + ": sample rate changes from "
                            + SampleRates.format(latest.rate) + " Hz to " + SampleRates.format(r.sampleRate) + " Hz at "
                            + r.start() + " (record at byte " + r.byteOffset + " of " + r.source + "); read as one trace"
                            + " per rate");
                }
                startAfter(open, latest, r, traces, gaps, options.timeToleranceSamples() * Times.spanNanos(1, latest.rate));
                continue;
            }
            if (!SampleRates.agree(r.sampleRate, latest.rate)) {
                // the record it overlaps: the last of the segment that ends latest (with KEEP_BOTH the
                // record read before it may be another copy's; review)
                RawRecord over = latest.records.get(latest.records.size() - 1);
                throw new BadInputException(Problem.MIXED_SAMPLE_RATE, r.source, r.id.toString(),
                        r.start(), r.byteOffset, String.format(java.util.Locale.ROOT, "sample rate changes from %s Hz"
                        + " (record at byte %d of %s) to %s Hz on one channel, and the records of the two rates"
                        + " overlap by %.3f s: a record's sample rate or time stamp is wrong (a change of rate"
                        + " where the records do not overlap is read as one trace per rate)",
                        SampleRates.format(latest.rate), over.byteOffset, over.source,
                        SampleRates.format(r.sampleRate), (latest.endExclusiveNanos() - r.startNanos) / 1e9));
            }
            long period = Times.spanNanos(1, latest.rate);
            double tolerance = options.timeToleranceSamples() * period;
            closeEnded(open, latest, r, tolerance, traces);
            if (mergedIntoAgreeing(open, r, tolerance, counters)) {
                continue;
            }
            Segment continued = continued(open, r, tolerance);
            if (continued != null) {
                continued.append(r, 0);
            } else if (r.startNanos - latest.endExclusiveNanos() > 0) {
                // after every open segment's end: a gap; none of them can be continued any more
                startAfter(open, latest, r, traces, gaps, 0);
            } else {
                overlap(open, r, traces, gaps);
            }
        }
        close(open, traces);
    }

    /**
     * Closes every open segment and starts a new one at {@code r}, with a gap from the segment that
     * ends latest where {@code r} starts more than {@code gapOverNanos} after its end.
     */
    private static void startAfter(List<Segment> open, Segment latest, RawRecord r, List<Trace> traces, List<Gap> gaps,
                                   double gapOverNanos) {
        close(open, traces);
        if (r.startNanos - latest.endExclusiveNanos() > gapOverNanos) {
            gaps.add(latest.gapTo(r));
        }
        open.add(new Segment(r));
    }

    /**
     * Names a channel's records that lie far from the rest of its data: split at gaps of more than
     * 30 days, a cluster of one or two records, fewer than the rest hold, is most likely a damaged
     * header time (a year or day of year spoilt moves a record years or months away, and the data
     * where it belonged become a gap). A longer stretch after such a gap (a day of another month, a
     * return after an outage) is data, not damage, and is not named. The records are read as they
     * are; the reader and the index log these as warnings (once: a read through an index does not).
     *
     * @param records one channel's records, sorted by start
     * @return the warnings, one per such cluster: its first record (file, byte offset, time) and how
     *     far it lies from the rest
     */
    static List<String> strays(List<RawRecord> records) {
        return strays(records.size(), i -> records.get(i).startNanos, i -> {
            RawRecord r = records.get(i);
            return r.source + " at byte " + r.byteOffset + ", channel " + r.id;
        });
    }

    /**
     * {@link #strays(List)} over any list of records.
     *
     * @param n how many records, sorted by start
     * @param start record {@code i}'s start (epoch nanoseconds)
     * @param where record {@code i}'s file, byte offset and channel, as messages name them
     * @return the warnings
     */
    static List<String> strays(int n, java.util.function.IntToLongFunction start,
                               java.util.function.IntFunction<String> where) {
        List<String> out = new ArrayList<>();
        List<Integer> starts = new ArrayList<>();
        starts.add(0);
        for (int i = 1; i < n; i++) {
            if (start.applyAsLong(i) - start.applyAsLong(i - 1) > STRAY_GAP_NANOS) {
                starts.add(i);
            }
        }
        if (starts.size() < 2) {
            return out;
        }
        starts.add(n);
        for (int c = 0; c + 1 < starts.size(); c++) {
            int from = starts.get(c);
            int to = starts.get(c + 1);
            int held = to - from;
            if (held > 2 || held >= n - held) {
                continue;
            }
            long before = from > 0 ? start.applyAsLong(from) - start.applyAsLong(from - 1) : Long.MAX_VALUE;
            long after = to < n ? start.applyAsLong(to) - start.applyAsLong(to - 1) : Long.MAX_VALUE;
            out.add(String.format(java.util.Locale.ROOT, "%s: %d record(s) from %s lie %.1f days from the rest of the"
                    + " channel's %d records (a damaged record time?); read as they are", where.apply(from), held,
                    Times.toInstant(start.applyAsLong(from)), Math.min(before, after) / (86_400.0 * Times.NANOS_PER_SECOND),
                    n - held));
        }
        return out;
    }

    private static Segment latestEnding(List<Segment> open) {
        Segment latest = open.get(0);
        for (Segment s : open) {
            if (s.endExclusiveNanos() > latest.endExclusiveNanos()) {
                latest = s;
            }
        }
        return latest;
    }

    /**
     * @return the open segment that {@code r} follows on from (starts within the tolerance of its
     *     end): of several, the one whose last record came from the same source, then the nearest
     *     in time; null if none
     */
    private static Segment continued(List<Segment> open, RawRecord r, double tolerance) {
        Segment best = null;
        for (Segment s : open) {
            long delta = Math.abs(r.startNanos - s.endExclusiveNanos());
            if (delta > tolerance) {
                continue;
            }
            if (best == null) {
                best = s;
                continue;
            }
            boolean same = s.lastSource().equals(r.source);
            boolean bestSame = best.lastSource().equals(r.source);
            if (same != bestSame ? same : delta < Math.abs(r.startNanos - best.endExclusiveNanos())) {
                best = s;
            }
        }
        return best;
    }

    /** Closes every open segment into a trace. */
    private static void close(List<Segment> open, List<Trace> traces) {
        for (Segment s : open) {
            traces.add(s.toTrace());
        }
        open.clear();
    }

    /**
     * Closes the open segments, other than the latest-ending one, that end before {@code r} starts
     * (beyond the tolerance): records come in order of start, so none can be continued any more.
     */
    private static void closeEnded(List<Segment> open, Segment latest, RawRecord r, double tolerance,
                                   List<Trace> traces) {
        for (java.util.Iterator<Segment> it = open.iterator(); it.hasNext(); ) {
            Segment s = it.next();
            if (s != latest && s.endExclusiveNanos() + tolerance < r.startNanos) {
                traces.add(s.toTrace());
                it.remove();
            }
        }
    }

    /**
     * A record whose samples repeat those an open segment already holds where the two overlap (the
     * same data twice): dropped (counted) where the segment holds all of it, else its new samples
     * appended. Checked before continuation, so that after a disagreement two copies that agree again
     * are not kept twice.
     *
     * @return whether {@code r} was merged into an open segment
     */
    private boolean mergedIntoAgreeing(List<Segment> open, RawRecord r, double tolerance, int[] counters) {
        for (Segment seg : open) {
            if (r.startNanos - seg.endExclusiveNanos() >= -tolerance
                    || r.startNanos > seg.lastSampleNanos()) {
                continue; // no overlap, or a clock stepped back by less than a sample (see overlap)
            }
            int overlapping = agreeing(seg, r);
            if (overlapping < 0) {
                RawRecord prior = seg.stepped.get(r.startNanos);
                if (prior != null && java.util.Arrays.equals(prior.samples, r.samples)) {
                    // a copy of a record the segment took past a clock step: its first samples were
                    // left out there, so it no longer matches the segment's samples (review: an
                    // identical copy of such a file was refused as disagreeing)
                    duplicate(r, counters);
                    return true;
                }
                continue;
            }
            if (overlapping >= r.samples.length) {
                duplicate(r, counters);
            } else {
                counters[1]++;
                seg.append(r, overlapping);
            }
            return true;
        }
        return false;
    }

    /** @return whether {@code r}'s samples lie on {@code seg}'s sample grid */
    private boolean aligned(Segment seg, RawRecord r) {
        double position = seg.position(r);
        return Math.abs(position - Math.round(position)) <= options.timeToleranceSamples();
    }

    /**
     * @return how many of {@code r}'s first samples fall on samples {@code seg} holds, where they lie on
     *     its grid and every one of them is equal; -1 otherwise
     */
    private int agreeing(Segment seg, RawRecord r) {
        if (!aligned(seg, r)) {
            return -1;
        }
        long k = Math.round(seg.position(r));
        int overlapping = (int) Math.min(r.samples.length, seg.count - k);
        for (int i = 0; i < overlapping; i++) {
            if (seg.sampleAt((int) k + i) != r.samples[i]) {
                return -1;
            }
        }
        return overlapping;
    }

    /**
     * A record that starts before the end of an open segment, repeats none and follows on from none:
     * a clock stepped back by less than a sample (a new segment), else an overlap that disagrees (a
     * new segment beside the others, or, under {@link OverlapPolicy#ERROR}, refused).
     */
    private void overlap(List<Segment> open, RawRecord r, List<Trace> traces, List<Gap> gaps) {
        Segment disagreeing = null;
        for (Segment seg : open) {
            if (r.startNanos >= seg.endExclusiveNanos()) {
                continue;
            }
            if (r.startNanos > seg.lastSampleNanos()) {
                // the record starts before the expected time but after the last sample read: the clock
                // stepped back by less than a sample (a timing correction), so no sample of it stands
                // where one was read; as libmseed does, a new segment, with every sample of both kept
                open.remove(seg);
                traces.add(seg.toTrace());
                gaps.add(seg.gapTo(r));
                open.add(new Segment(r));
                return;
            }
            if (disagreeing == null) {
                disagreeing = seg;
            }
        }
        Segment seg = disagreeing != null ? disagreeing : latestEnding(open);
        // a clock stepped back within a file and a leap second are no disagreeing copies, under either
        // policy (review: info, which reads keeping both sides, listed them as overlaps detect refuses)
        if (steppedBack(seg, r) || leapSecondCut(seg, r)) {
            return;
        }
        if (options.overlapPolicy() == OverlapPolicy.ERROR) {
            throw new BadInputException(Problem.CONFLICTING_OVERLAP, r.source, r.id.toString(),
                    r.start(), r.byteOffset, "record overlaps data already read for this channel (up to "
                    + Times.toInstant(seg.lastSampleNanos())
                    + ", from " + seg.lastSource() + ") with different "
                    + (aligned(seg, r) ? "samples" : "sample times (not on the same sample grid)")
                    + leapSecond(seg.start, seg.endExclusiveNanos(), r.startNanos).orElse(sameFile(seg, r)
                    .orElse("; remove one of the two copies (e.g. the file named here, or with ObsPy's merge)"))
                    + "; library callers may keep both with ReadOptions' OverlapPolicy.KEEP_BOTH");
        }
        gaps.add(seg.gapTo(r));
        open.add(new Segment(r));
    }

    /** @return whether {@code r} comes from the file of {@code seg}'s last record, after it in that file */
    private static boolean followsInItsFile(Segment seg, RawRecord r) {
        RawRecord last = seg.records.get(seg.records.size() - 1);
        return last.source.equals(r.source) && r.sequence >= last.sequence;
    }

    /**
     * @return where the record and the data it overlaps come one after the other from one file, the
     *     advice for a clock stepped back past what is taken as a step: there is no second copy to
     *     remove (review: "remove one of the two copies" for a file whose clock went back 0.8 s)
     */
    private static java.util.Optional<String> sameFile(Segment seg, RawRecord r) {
        if (!followsInItsFile(seg, r)) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(String.format(java.util.Locale.ROOT, "; both come one after the other from"
                + " this file: its clock stepped back %.3f s, more than the %.1f s read as a clock step (or the file"
                + " joins two recordings); cut the file where its time goes back, or correct its time stamps",
                (seg.endExclusiveNanos() - r.startNanos) / 1e9, CLOCK_STEP_NANOS / 1e9));
    }

    /** The days that ended with a positive leap second (23:59:60 UTC), 1972-2016: all there have been. */
    private static final List<java.time.LocalDate> LEAP_DAYS = java.util.stream.Stream.of("1972-06-30", "1972-12-31", "1973-12-31", "1974-12-31",
            "1975-12-31", "1976-12-31", "1977-12-31", "1978-12-31", "1979-12-31", "1981-06-30", "1982-06-30",
            "1983-06-30", "1985-06-30", "1987-12-31", "1989-12-31", "1990-12-31", "1992-06-30", "1993-06-30",
            "1994-06-30", "1995-12-31", "1997-06-30", "1998-12-31", "2005-12-31", "2008-12-31", "2012-06-30",
            "2015-06-30", "2016-12-31").map(java.time.LocalDate::parse).toList();

    /**
     * @param dataStart where the data read start (ns)
     * @param dataEnd where they end (exclusive, ns)
     * @param recordStart where the record that overlaps them starts (ns)
     * @return advice where the overlap is about a second and the data read hold a midnight that ended
     *     with a leap second, which {@link #leapSecondCut} did not cut: a record that holds 23:59:60
     *     runs a second past the next record's start on a time line without leap seconds (Java's,
     *     seisclr's), so that "remove one of the two copies" misled (review); empty otherwise
     */
    static java.util.Optional<String> leapSecond(long dataStart, long dataEnd, long recordStart) {
        long overlap = dataEnd - recordStart;
        if (overlap < Times.NANOS_PER_SECOND / 2 || overlap > Times.NANOS_PER_SECOND * 3 / 2) {
            return java.util.Optional.empty();
        }
        for (java.time.LocalDate day : LEAP_DAYS) {
            long midnight = leapMidnight(day);
            // review: the record after a 4096-byte record that holds the leap second starts tens of
            // seconds past midnight; what matters is that the data before it hold the midnight
            if (dataStart <= midnight && midnight < dataEnd) {
                return java.util.Optional.of(String.format(java.util.Locale.ROOT, "; the overlap, %.3f s, lies at the"
                        + " leap second that ended %s (23:59:60 UTC): a record that holds it runs a second past the"
                        + " next one's start on a time line without leap seconds, as seisclr's is; seisclr cuts the"
                        + " leap second out itself only where the record before holds that midnight and the next"
                        + " record starts a second before its end, which is not so here; cut the second you do not"
                        + " want out of the data (the leap second itself, or the record's samples after it)",
                        overlap / 1e9, day));
            }
        }
        return java.util.Optional.empty();
    }

    /**
     * Review (2026-12-07): a station recording across a leap second could not be read at all. The
     * digitiser samples on through 23:59:60, so the record that holds it runs a second past the next
     * record's start on seisclr's time line, which has no leap seconds (Java's); the second is cut
     * out, with a warning, where the segment's last record spans the leap second's midnight and the
     * record after it starts one second (to half a sample) before the segment's end: the samples of
     * [midnight, midnight + 1 s) on that time line, which are 23:59:60's, and those after them move a
     * second earlier, onto the UTC times the next record gives.
     *
     * @return whether the cut was made and {@code r} appended
     */
    private boolean leapSecondCut(Segment seg, RawRecord r) {
        long overlap = seg.endExclusiveNanos() - r.startNanos;
        long period = Times.spanNanos(1, seg.rate);
        int n = (int) Math.round(seg.rate);
        // a second is a whole number of samples only at a whole rate (at 0.5 Hz there is no second to cut)
        if (n < 1 || !SampleRates.agree(seg.rate, n) || !SampleRates.agree(r.sampleRate, seg.rate)
                || Math.abs(overlap - Times.spanNanos(n, seg.rate)) > period / 2) {
            return false;
        }
        RawRecord last = seg.records.get(seg.records.size() - 1);
        for (java.time.LocalDate day : LEAP_DAYS) {
            long midnight = leapMidnight(day);
            // the data hold the midnight and its leap second; the last record starts before the leap
            // second ends (one that starts inside it, at 23:59:60.5, is read as starting at 00:00:00.5:
            // review), so the second's samples lie in it or in it and the one before
            if (seg.start > midnight || last.startNanos >= midnight + Times.NANOS_PER_SECOND
                    || seg.endExclusiveNanos() < midnight + Times.NANOS_PER_SECOND) {
                continue;
            }
            int from = (int) Math.round((midnight - seg.start) * seg.rate / Times.NANOS_PER_SECOND);
            seg.cut(from, n);
            seg.append(r, 0);
            leaps.add(String.format(java.util.Locale.ROOT, "%s at byte %d, channel %s: the leap second that ended %s"
                    + " (23:59:60 UTC), %d sample(s) in this record%s, was cut out of the data: seisclr's time line, as"
                    + " Java's, has no leap seconds; the samples after it up to the next record are read a second"
                    + " earlier, on the UTC times that record (from %s) gives", last.source, last.byteOffset, last.id,
                    day, n, last.startNanos > midnight ? " and the one before it" : "", r.start()));
            return true;
        }
        return false;
    }

    /** @return the instant (ns) after the leap second that ended {@code day}: the next day's 00:00:00 */
    private static long leapMidnight(java.time.LocalDate day) {
        return Times.toNanos(day.plusDays(1).atStartOfDay().toInstant(java.time.ZoneOffset.UTC));
    }

    /** The leap seconds cut out ({@link #leapSecondCut}), said once the channels are assembled. */
    private final List<String> leaps = new ArrayList<>();

    /** The longest overlap of a record with the data before it in its own file taken for a clock stepped back. */
    static final long CLOCK_STEP_NANOS = Times.NANOS_PER_SECOND / 2;

    /** One clock step back found ({@link #steppedBack}): its record, the samples left out, the overlap. */
    private record Step(RawRecord record, int skipped, long overlapNanos) {
    }

    /**
     * Per channel: the first record dropped because it held only samples already read, said once the
     * channels are assembled (review, an ocean-bottom array: two copies of a file were read as one
     * without a word on the command line).
     */
    private final Map<SourceId, RawRecord> duplicates = new TreeMap<>();

    /**
     * Says, once per station stream, that records holding only samples already read were dropped: of
     * those in the span the run keeps ({@link Warnings#kept}). No count: a run that reads a channel in
     * overlapping pieces would give the first piece's; {@code seisclr info} counts them.
     */
    private void sayDuplicates() {
        Map<String, List<RawRecord>> byStream = new TreeMap<>();
        duplicates.forEach((id, r) -> byStream.computeIfAbsent(StationStream.codeOf(id), k -> new ArrayList<>()).add(r));
        byStream.forEach((stream, rs) -> {
            RawRecord r = rs.stream().min(Comparator.comparingLong((RawRecord x) -> x.startNanos)).orElseThrow();
            Warnings.once(LOG, "duplicate records " + stream, String.format(java.util.Locale.ROOT,
                    "%s: record(s) of %s holding only samples already read (the same data twice: two copies of a"
                            + " file, a record across midnight kept in both day files, or records sent again after a"
                            + " reconnection) are read once; the first, %s at"
                            + " byte %d, from %s (`seisclr info` counts them)", stream,
                    rs.stream().map(x -> x.id.toString()).collect(java.util.stream.Collectors.joining(", ")),
                    r.source, r.byteOffset, r.start()));
        });
        duplicates.clear();
    }

    /**
     * Counts a record dropped as holding only samples already read ({@code counters[0]}) and notes it
     * for {@link #sayDuplicates}.
     */
    private void duplicate(RawRecord r, int[] counters) {
        counters[0]++;
        if (Warnings.kept(r.start())) {
            duplicates.putIfAbsent(r.id, r);
        }
    }

    /** Per channel and file: the clock steps back found, in order, said once the channels are assembled. */
    private final Map<String, List<Step>> steps = new TreeMap<>();

    /**
     * A record that overlaps the end of the data before it in its own file by half a second or less,
     * coming after that data's last record in the file, and going on past it: the recorder's clock
     * stepped back (a timing correction after a GPS fix, or jitter of the time stamps of more than a
     * sample), not a second copy of the data. Its overlapping samples are left out and the rest go on
     * from the segment's end, as the stream reads such a record ({@code ChannelFeed}, OVERLAP), and the
     * channel's warning says how many, where the first was, and how far the clock stepped at most.
     * Overlaps across files, longer ones, and a record that comes before the segment's last one in its
     * file (two copies interleaved) are still refused.
     *
     * @return whether {@code r} was taken as such and appended to {@code seg}
     */
    private boolean steppedBack(Segment seg, RawRecord r) {
        long overlap = seg.endExclusiveNanos() - r.startNanos;
        long period = Times.spanNanos(1, seg.rate);
        int skip = (int) Math.round((double) overlap / period);
        if (!followsInItsFile(seg, r) || overlap <= 0 || overlap > CLOCK_STEP_NANOS || skip >= r.samples.length) {
            return false;
        }
        seg.append(r, skip);
        seg.stepped.put(r.startNanos, r);
        steps.computeIfAbsent(r.id + " " + r.source, k -> new ArrayList<>()).add(new Step(r, skip, overlap));
        return true;
    }

    /**
     * Says the clock steps back of the channels assembled so far, once per channel and file: of the
     * steps in the span the run keeps ({@link Warnings#kept}: an archive's day run does not warn of
     * those in its warm-up and overlap, which their own day warns of).
     */
    private void sayClockSteps() {
        for (Map.Entry<String, List<Step>> e : steps.entrySet()) {
            List<Step> kept = e.getValue().stream().filter(st -> Warnings.kept(st.record().start())).toList();
            if (kept.isEmpty()) {
                continue;
            }
            RawRecord first = kept.get(0).record();
            // keyed by channel and file: a day read in pieces lists it once (review), with the first piece's count
            Warnings.once(LOG, "clock step " + e.getKey(), String.format(java.util.Locale.ROOT,
                    "%s at byte %d, channel %s, time %s: %d record(s) of this file start up to %.3f s before the end"
                            + " of the data before them in it (the clock stepped back, as a timing correction or"
                            + " jittery time stamps do); their %d overlapping sample(s) are left out and the rest go"
                            + " on from there", first.source, first.byteOffset, first.id, first.start(), kept.size(),
                    kept.stream().mapToLong(Step::overlapNanos).max().orElseThrow() / 1e9,
                    kept.stream().mapToLong(Step::skipped).sum()));
        }
        steps.clear();
    }
}
