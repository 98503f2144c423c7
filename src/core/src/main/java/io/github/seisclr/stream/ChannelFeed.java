package io.github.seisclr.stream;

import io.github.seisclr.io.SourceId;
import io.github.seisclr.io.Times;
import io.github.seisclr.io.Trace;
import io.github.seisclr.signal.Despiker;
import io.github.seisclr.signal.Flatlines;
import io.github.seisclr.signal.Resampler;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * One channel's records put in order: contiguous runs of samples, a new run after each break
 * (gap, rate change, clock reset, flat line). Records ahead of the expected time wait for the
 * records before them until the data have gone on for the reorder tolerance ({@link #settled}). A
 * channel at another rate than the model's is resampled run by run with the batch path's
 * {@link Resampler}, each output sample as soon as the input it depends on has arrived (the
 * filter's half-length later), the run's last ones when it
 * ends: the same numbers as resampling the whole run at once.
 */
final class ChannelFeed {
    /**
     * A contiguous run of samples, indexed from its first sample ({@code 0}); the samples before
     * {@link #base} are forgotten.
     */
    static final class Run {
        final long startNanos;
        final double rate;
        private double[] samples = new double[1024];
        private long base; // run index of samples[0]
        long count; // samples in the run (including held ones)
        long consumed; // samples handed to the station
        int held; // trailing samples of one repeated value, held back until it is known whether they flat-line
        /** The run at the model's rate that the station reads: this run, or its resampled copy. */
        final Run out;
        /** Resamples this run into {@link #out}; null when the channel is at the model's rate. */
        private final Resampler resampler;
        private boolean closed;
        /** The run's first sample, from which the resampler measures (it may be forgotten from {@link #samples}). */
        private double origin;
        /**
         * Replaces the spikes of a run that is resampled, before the resampler reads them, as batch
         * does ({@link Despiker#despiked}); null at the model's rate, where the detector does it.
         */
        private final Despiker despiker;
        /** The channel, for the despiker's warning; null where none is to be given. */
        private final SourceId id;
        /** Samples given to the despiker, and those it has given back (written over the raw ones). */
        private long fed;
        private long judged;

        Run(long startNanos, double rate, Resampler resampler, double modelRate) {
            this(startNanos, rate, resampler, modelRate, null);
        }

        Run(long startNanos, double rate, Resampler resampler, double modelRate, SourceId id) {
            this.startNanos = startNanos;
            this.rate = rate;
            this.resampler = resampler;
            this.id = id;
            this.out = resampler == null ? this : new Run(startNanos, modelRate, null, modelRate);
            this.despiker = resampler == null ? null : Despiker.ofOne();
        }

        long nanosOf(long i) {
            return startNanos + Math.round(i * 1e9 / rate);
        }

        long endNanos() {
            return nanosOf(count);
        }

        /** @return samples that may be handed on: not consumed and not held back */
        int available() {
            return (int) (count - held - consumed);
        }

        /** @return samples received and released (not held back) */
        long released() {
            return count - held;
        }

        /** @return the last sample added */
        double last() {
            return samples[(int) (count - 1 - base)];
        }

        /** Copies {@code n} samples from run index {@code from}. */
        void copy(long from, double[] dst, int offset, int n) {
            System.arraycopy(samples, (int) (from - base), dst, offset, n);
        }

        /** @return samples held in memory */
        int buffered() {
            return samples.length;
        }

        void add(double v) {
            if (count - base == samples.length) {
                samples = Arrays.copyOf(samples, Math.max(1024, 2 * samples.length));
            }
            if (count == 0) {
                origin = v;
            }
            samples[(int) (count++ - base)] = v;
        }

        /** Forgets the samples before run index {@code i}, once that frees enough to be worth a copy. */
        void forgetBefore(long i) {
            if (i - base > 65536) {
                int drop = (int) (i - base);
                samples = Arrays.copyOfRange(samples, drop, Math.max(drop + 1024, (int) (count - base)));
                base = i;
            }
        }

        /** Resamples what the samples released so far decide; all of the run once it is closed. */
        void resample() {
            if (resampler == null) {
                return;
            }
            despike();
            long n = closed ? count : judged;
            long last = closed ? resampler.outputs(count) : Long.MAX_VALUE;
            while (out.count < last && (closed || resampler.lastInput(out.count) < n)) {
                out.add(resampler.output(out.count, samples, base, n, origin));
            }
            forgetBefore(resampler.firstInput(out.count));
        }

        /** Passes the samples released since the last call through the despiker, all of them once closed. */
        private void despike() {
            long upTo = closed ? count : released();
            if (upTo > fed) {
                double[] back = despiker.pushOne(samples, (int) (fed - base), (int) (upTo - base));
                System.arraycopy(back, 0, samples, (int) (judged - base), back.length);
                judged += back.length;
                fed = upTo;
            }
            if (closed && judged < count) {
                double[] rest = despiker.finishOne();
                System.arraycopy(rest, 0, samples, (int) (judged - base), rest.length);
                judged += rest.length;
            }
            if (id != null && (despiker.warningDue() || closed && despiker.finalCountDue())) {
                // batch names each run's count once; a stream at the first spike, the 10th, ..., and the
                // run's whole count once it is closed
                despiker.warnChannel(id, Times.toInstant(startNanos), rate, 0, Long.MAX_VALUE);
            }
        }

        /** The run will get no more samples: its last outputs are decided. */
        void close() {
            held = 0;
            closed = true;
            resample();
            if (resampler != null) {
                samples = new double[0]; // every output is made: the input is not needed again
                base = count;
            }
        }
    }

    final SourceId id;
    final String station;
    private final double tolerance;
    private final double clockReset;
    /** A record stamped more than {@link #clockReset} before the data, until the next record tells what it is. */
    private Trace stampedBack;
    /**
     * Why {@link #place} takes a record stamped back past the limit as a clock reset now
     * ({@link #resetAt}); null while it holds such a record back instead.
     */
    private String resetBecause;
    private final Consumer<StreamNotice> notices;
    private final double modelRate;
    private final double bandLowHz;
    /** The runs, oldest first; the station reads each one's {@link Run#out}. */
    private final Deque<Run> runs = new ArrayDeque<>();
    private final TreeMap<Long, Trace> waiting = new TreeMap<>();
    /** What is known of each waiting record (by start) from when it came. */
    private final Map<Long, Came> came = new java.util.HashMap<>();

    /**
     * When a waiting record came: {@code received}, how much data the channel had received then
     * ({@link #received}, this record's included); {@code credible}, the channel's newest data time
     * then that other channels may count on ({@link #credibleNewest}); {@code ahead}, whether the
     * record was stamped more than the clock-reset limit past that time: the first records after a
     * long outage, or a bad time stamp, which other channels do not count on; {@code beyond}, whether
     * it was stamped more than the reorder tolerance past the channel's data and the records waiting
     * near them (see {@link #overtaken}).
     */
    private record Came(long received, boolean ahead, long credible, boolean beyond) {
    }

    /**
     * Data received (ns of records; not those wholly before the data placed, late or sent again),
     * for how long a waiting record has waited.
     */
    private long received;
    /**
     * For a waiting record that came {@link Came#beyond} the channel's data (by start): {@link #received}
     * when the last record stamped before it came after it. While such records keep coming, the
     * channel's data are still catching up with it ({@link #overtaken}).
     */
    private final Map<Long, Long> overtakenAt = new java.util.HashMap<>();
    /** {@link #received} when a record last came near the channel's data (not {@link Came#beyond} them). */
    private long nearAt;
    /** How many of the last samples appended the channel keeps, to tell a genuine overlap from a bad time stamp. */
    private static final int TAIL = 8192;
    /** The last samples appended to the newest run, a ring of {@link #TAIL} ({@link #agreesWithRun}). */
    private final double[] tail = new double[TAIL];
    /** Samples appended to the newest run (the ring holds the last {@link #TAIL} of them). */
    private long tailCount;
    private double rate = Double.NaN;
    /** Resamples the current rate to the model's; null at the model's rate or when the rate is not usable. */
    private Resampler resampler;
    private boolean usable;
    private int flatSamples;
    /** Length of the current flat-lined run being discarded, 0 when none. */
    private long flatCount;
    private double flatValue;
    private long flatStartNanos;
    /** The newest data time of the station's other channels, last given to {@link #settle} (ns). */
    private long stationNewest = Long.MIN_VALUE;
    /**
     * Whether {@link #drain} places every waiting record now, waited for or not: the input has ended
     * ({@link #flush}), or the rate changes and the channel restarts after them.
     */
    private boolean placeAll;
    /** Whether {@link #flush} is placing what waits (the input ended), not a rate change. */
    private boolean ending;
    /** Longest record seen (ns): a component may lag the others by one record without being silent. */
    long longestRecordNanos;
    /** The station's data received ({@link StationFeed}) when this channel's last record came. */
    long sentAt;
    boolean silent;
    /** {@link #dataEnd} when the channel was found silent: it is back only once its data go past it. */
    long silentAt;
    private long lastBreakStart = Long.MIN_VALUE;

    /**
     * @param modelRate the model's sample rate (Hz): other rates are resampled to it
     * @param bandLowHz the model's lowest frequency: a rate whose Nyquist frequency is not above
     *     it is not used, as in batch
     */
    ChannelFeed(SourceId id, String station, StreamConfig config, double modelRate, double bandLowHz,
                Consumer<StreamNotice> notices) {
        this.id = id;
        this.station = station;
        this.modelRate = modelRate;
        this.bandLowHz = bandLowHz;
        this.tolerance = config.reorderToleranceSeconds();
        this.clockReset = config.clockResetSeconds();
        this.notices = notices;
    }

    double rate() {
        return rate;
    }

    /** @return whether the current rate can be used: the model's, or one resampled to it */
    boolean usable() {
        return usable;
    }

    /**
     * @return the first run at the model's rate (null before any data, and while the first records
     *     wait: {@link #pending})
     */
    Run first() {
        return runs.isEmpty() ? null : runs.peekFirst().out;
    }

    /**
     * @return whether records wait for the channel's first run, which starts once the data have gone
     *     on for the reorder tolerance past the earliest of them (at a rate the model can use)
     */
    boolean pending() {
        return runs.isEmpty() && !waiting.isEmpty() && usable;
    }

    /**
     * @param othersNewest the newest data time of the station's other channels (ns)
     * @return whether the station should wait for this channel's first run: records wait for it, and
     *     the earliest lies within the reorder tolerance of the others' data (one stamped far ahead,
     *     a bad clock, would hold the station for as long as its stamp stays ahead)
     */
    boolean pendingNear(long othersNewest) {
        return pending() && othersNewest != Long.MIN_VALUE
                && waiting.firstKey() - othersNewest <= tolerance * 1e9;
    }

    /** @return whether a run follows the first one (the first has ended) */
    boolean hasLaterRun() {
        return runs.size() > 1;
    }

    /** @return samples held in memory, at both rates, and in records waiting to be placed */
    long heldSamples() {
        long n = stampedBack == null ? 0 : stampedBack.length();
        for (Trace w : waiting.values()) {
            n += w.length();
        }
        for (Run r : runs) {
            n += r.buffered() + (r.out == r ? 0 : r.out.buffered());
        }
        return n;
    }

    /** @return the end of the newest data (ns), for silence checks */
    long dataEnd() {
        return runs.isEmpty() ? Long.MIN_VALUE : runs.peekLast().endNanos();
    }

    /** @return the start of the newest run (ns): where the channel resumed after its last break */
    long newestRunStart() {
        return runs.isEmpty() ? Long.MIN_VALUE : runs.peekLast().startNanos;
    }

    /** @return where the channel's last break began (ns): the end of the run before the newest; MIN_VALUE: none */
    long lastBreakStart() {
        return lastBreakStart;
    }

    void accept(Trace t) {
        long start = Times.toNanos(t.start());
        long end = Times.toNanos(t.endExclusive());
        Trace resetWith = null; // the earlier of a record stamped back and the next, on one new time line
        Trace thenPlace = null;
        if (stampedBack != null && start == Times.toNanos(stampedBack.start()) && t.length() == stampedBack.length()) {
            // a copy of the record held says nothing of what it is (a second review: taken as the data
            // going on without it, it was called a bad time stamp where it was a duplicate)
            notice(StreamNotice.Kind.LATE_OR_DUPLICATE, t.start(), "record " + t.start() + " to " + t.end()
                    + " repeats one waiting to be placed; dropped");
            return;
        }
        if (stampedBack != null) {
            Trace back = stampedBack;
            stampedBack = null;
            long backStart = Times.toNanos(back.start());
            long half = Math.round(0.5e9 / rate);
            // the time between the two, whichever lies first (negative where they overlap): the next record
            // goes on from the one stamped back when it lies on its time line, out of order within the
            // reorder tolerance included (never closer than half a sample, for a tolerance of 0), and is
            // not a copy of it (review: a repeat of a bad time stamp was taken as a reset)
            long between = start >= backStart ? start - Times.toNanos(back.endExclusive()) : backStart - end;
            if (between >= -half && between <= Math.max(Math.round(tolerance * 1e9), half)) {
                resetWith = start < backStart ? t : back;
                thenPlace = start < backStart ? back : null;
            } else {
                notice(StreamNotice.Kind.CLOCK_JUMP, back.start(), String.format(Locale.ROOT, "record %s to %s came"
                        + " stamped %.1f s before data already received, and the channel's next record does not go on"
                        + " from it: a bad time stamp; dropped", back.start(), back.end(),
                        (expectedNanos() - backStart) / 1e9));
            }
        }
        longestRecordNanos = Math.max(longestRecordNanos, end - start);
        if (runs.isEmpty() || end > dataEnd()) { // not wholly before the data placed (a late record or a re-sent one)
            received += end - start;
            if (!beyondNear(start)) {
                nearAt = received;
            }
            // the channel's data go on towards the records held ahead of them (not old data sent again)
            for (Long later : waiting.tailMap(start, false).keySet()) {
                if (came.get(later).beyond()) {
                    overtakenAt.put(later, received);
                }
            }
        }
        if (resetWith == null) {
            place(t);
            return;
        }
        resetAt(resetWith, ", and the next record goes on from it");
        if (thenPlace != null) {
            place(thenPlace);
        } else {
            place(t);
        }
    }

    /** Puts a record where it belongs (accepted, or taken from the waiting ones). */
    private void place(Trace t) {
        double[] x = t.samples();
        long start = Times.toNanos(t.start());
        if (runs.isEmpty()) {
            // the channel's first run starts at its earliest record of the reorder tolerance's
            // first stretch: a record out of order by less than the tolerance is placed, not dropped
            // as before data already received (found by review: the channel's first record, come
            // second, was dropped)
            if (Double.isNaN(rate)) {
                rate(t.sampleRate());
            }
            if (!io.github.seisclr.io.SampleRates.agree(t.sampleRate(), rate)) {
                if (usable) {
                    // another rate before the first run began: the records waiting at the old one
                    // start their runs now, and the rate changes after them as after a run (below)
                    placeWaiting();
                } else {
                    // records at a rate the model cannot use are not kept (as after a run of them)
                    restartAtRateOf(t);
                }
            }
            if (runs.isEmpty()) {
                if (await(start, t)) {
                    drain();
                    resample();
                }
                return;
            }
        }
        if (!io.github.seisclr.io.SampleRates.agree(t.sampleRate(), rate)) {
            placeWaiting(); // the records waiting at the old rate keep their runs (found by review)
            restartAtRateOf(t);
            newRun(start, x);
            resample();
            return;
        }
        long expected = expectedNanos();
        long half = Math.round(0.5e9 / rate);
        long d = start - expected;
        if (Math.abs(d) <= half) {
            append(x, 0);
        } else if (d < 0) {
            long end = Times.toNanos(t.endExclusive());
            if (-d > clockReset * 1e9) {
                if (resetBecause == null) {
                    // a clock reset or a bad time stamp (a GPS week rollover's): the channel's next
                    // record tells which, as a record stamped far ahead waits for what follows it
                    // (review: one record stamped 1900 restarted the station, and its detections for
                    // the next 50 min differed from batch's, which reads that record apart)
                    stampedBack = t;
                    return;
                }
                notice(StreamNotice.Kind.CLOCK_JUMP, t.start(), String.format(Locale.ROOT, "record starts %.1f s before data"
                        + " already received%s; taken as a clock reset, channel restarts", -d / 1e9, resetBecause)
                        + dropWaiting());
                restartAt(t);
                newRun(start, t);
                resample();
                return;
            }
            if (-d < Math.round(1e9 / rate)) {
                // it starts after the last sample received but less than a sample early: the clock
                // stepped back by under a sample; no sample of it stands where one was, so a new run
                // with all of them, as batch reads it (TraceAssembler)
                notice(StreamNotice.Kind.GAP, t.start(), String.format(Locale.ROOT, "record starts %.1f ms early, less than a"
                        + " sample (the clock stepped back); the station restarts at it, no sample missing", -d / 1e6));
                newRun(start, t);
                drain();
                resample();
                return;
            }
            if (end - half <= expected) {
                notice(StreamNotice.Kind.LATE_OR_DUPLICATE, t.start(), "record " + t.start() + " to " + t.end()
                        + " is entirely before data already received (duplicate or too late); dropped");
                return;
            }
            int skip = (int) Math.round(-d * rate / 1e9);
            notice(StreamNotice.Kind.OVERLAP, t.start(), "record overlaps data already received by " + skip
                    + " samples; those dropped, the rest appended");
            append(x, skip);
        } else if (!await(start, t)) {
            return;
        }
        drain();
        resample();
    }

    /**
     * Puts a record among those waiting to be placed; a duplicate of one waiting keeps the longer of
     * the two (of two as long, the first, unless it came stamped far ahead of the data and the second
     * did not), with a notice (found by review: after a gap the later one replaced it without a word).
     *
     * @return false when the record was dropped as the shorter duplicate
     */
    private boolean await(long start, Trace t) {
        Trace same = waiting.get(start);
        Came before = came.get(start);
        long credible = credibleNewest();
        boolean ahead = credible != Long.MIN_VALUE && start - credible > clockReset * 1e9;
        boolean beyond = beyondNear(start);
        if (same != null) {
            // of two as long, the one that did not come ahead of the data (a bad clock's) is kept
            boolean keepNew = t.length() > same.length() || t.length() == same.length()
                    && (before.ahead() || before.beyond()) && !ahead && !beyond;
            Trace dropped = keepNew ? same : t;
            notice(StreamNotice.Kind.LATE_OR_DUPLICATE, dropped.start(), "record " + dropped.start() + " to "
                    + dropped.end() + " repeats one waiting to be placed; dropped");
            if (dropped == t) {
                return false;
            }
        }
        if (before != null && !beyond) {
            overtakenAt.remove(start); // the record kept came in sequence
        }
        came.put(start, before != null ? new Came(before.received(), ahead, before.credible(), beyond)
                : new Came(received, ahead, credible, beyond));
        waiting.put(start, t);
        return true;
    }

    /** Places every waiting record now, each after its gap (a restart at another rate, the end of input). */
    private void placeWaiting() {
        placeAll = true;
        try {
            drain();
        } finally {
            placeAll = false;
        }
    }

    /** The channel restarts at {@code t}, at its rate (said, with the records waiting that it drops). */
    private void restartAtRateOf(Trace t) {
        if (!runs.isEmpty()) {
            long over = expectedNanos() - Times.toNanos(t.start());
            if (over > Math.round(0.5e9 / rate)) {
                // review (a station-software engineer): one record stamped 50 Hz among 100 Hz ones
                // spanned twice its time, over the next 6 s of data, and nothing said so (batch
                // refuses such a channel)
                notice(StreamNotice.Kind.OVERLAP, t.start(), String.format(Locale.ROOT, "record at %s Hz starts"
                        + " %.3f s before the end of the data at %s Hz before it, which overlap it (a record's"
                        + " sample rate or time stamp is wrong?); both are kept", io.github.seisclr.io.SampleRates.format(t.sampleRate()),
                        over / 1e9, io.github.seisclr.io.SampleRates.format(rate)));
            }
        }
        notice(StreamNotice.Kind.RATE_CHANGE, t.start(), "sample rate changed from " + rate + " to "
                + t.sampleRate() + " Hz; channel restarts" + dropWaiting());
        rate(t.sampleRate());
        restartAt(t);
    }

    /** @return what a restart drops of the records waiting to be placed, for its notice ("" for none) */
    private String dropWaiting() {
        return waiting.isEmpty() ? "" : "; " + waiting.size() + " record(s) waiting to be placed from before it dropped";
    }

    /**
     * The channel's time line starts again at {@code t}: the records waiting on the old one are
     * dropped (said in the notice), and how far the data have gone on is measured on the new line
     * alone ({@link #newestBesides}), so that the reorder tolerance works after a clock set
     * back (a newest time kept from the old line stayed ahead until the new times caught up, and every
     * record a little out of order became a gap and a dropped record; found by review).
     */
    private void restartAt(Trace t) {
        waiting.clear();
        came.clear();
        overtakenAt.clear();
        stationNewest = Long.MIN_VALUE; // the other channels' times count again once they are on this line
    }

    /** Resamples what the last run's released samples now decide (earlier runs are closed). */
    private void resample() {
        if (!runs.isEmpty()) {
            runs.peekLast().resample();
        }
    }

    private void closeLast() {
        if (!runs.isEmpty()) {
            runs.peekLast().close();
        }
    }

    /**
     * Tells the channel how far the station's other channels have come (the newest record's end over
     * them): a channel that sent a few seconds (at its start, or after a gap) and fell silent starts
     * their run once the others have gone on for the reorder tolerance (and is then found silent), as
     * it would on its own data.
     */
    void settle(long othersNewestNanos) {
        boolean further = othersNewestNanos > stationNewest;
        stationNewest = othersNewestNanos; // also back, after the others' clocks were set back
        if (further && !waiting.isEmpty()) {
            drain();
            resample();
        }
    }

    /**
     * Appends waiting records that now fit; declares a gap when the next one waited too long. A run
     * (the channel's first, or one after a gap) starts at its earliest waiting record only once the
     * data (its own, or the station's: {@link #settle}) have gone on for the reorder tolerance past
     * that record's start: until then an earlier record may still come, and would be dropped as
     * before data already received (found by review: the first record after a gap, come after the
     * second, was dropped).
     */
    private void drain() {
        while (!waiting.isEmpty()) {
            Map.Entry<Long, Trace> first = waiting.firstEntry();
            if (runs.isEmpty()) {
                if (!settled(first.getKey())) {
                    return;
                }
                pollFirst();
                newRun(first.getKey(), first.getValue());
                nearAgain();
                continue;
            }
            long expected = expectedNanos();
            long half = Math.round(0.5e9 / rate);
            long d = first.getKey() - expected;
            boolean overtaken = overtaken(first.getKey());
            if (Math.abs(d) <= half) {
                if (overtaken && isolated(first)) {
                    return; // until a record follows it, or the data it came ahead of overlap it
                }
                pollFirst();
                append(first.getValue().samples(), 0);
            } else if (d < 0) {
                pollFirst();
                if (overtaken && -d > 0.5e9 && !agreesWithRun(first.getValue(), expected)) {
                    // (an overlap of up to half a second is a clock stepped back, as in batch: review)
                    Trace t = first.getValue();
                    notice(StreamNotice.Kind.CLOCK_JUMP, t.start(), String.format(Locale.ROOT, "record %s to %s came"
                            + " stamped more than %.0f s past the channel's data, which then came in order over its"
                            + " time: a bad time stamp; dropped", t.start(), t.end(), tolerance));
                    continue;
                }
                place(first.getValue()); // overlap or duplicate now; then the rest (it returned, and at
                // the end of input or a rate change the records after it were lost: found by review)
            } else {
                boolean bad = !placeAll && wentOnWithout(first.getKey());
                if (!bad && overtaken) {
                    return; // the channel's data are still coming towards it in order: no gap yet
                }
                Came c = came.get(first.getKey());
                if (!bad && !placeAll && c != null && c.ahead() && !followed(first.getKey())) {
                    // stamped past the clock-reset limit: it waits for a later record (a clock that was
                    // reset, or data back after an outage, go on from it), for the data to go on
                    // without it (a bad time stamp, above) or for the end of the input, even where it
                    // is longer than the tolerance and so reaches it alone (black-box review: a 66 s
                    // record stamped six years ahead was placed at once as a run, and the station
                    // scored nothing more)
                    return;
                }
                if (!placeAll && !((bad || newestBesides(first.getKey()) - expected > tolerance * 1e9)
                        && settled(first.getKey()))) {
                    return;
                }
                pollFirst();
                if (bad) {
                    Trace t = first.getValue();
                    notice(StreamNotice.Kind.CLOCK_JUMP, t.start(), String.format(Locale.ROOT, "record %s to %s came"
                            + " stamped more than %.0f s past the channel's data, which went on in order for the"
                            + " reorder tolerance after it came: a bad time stamp; dropped", t.start(), t.end(),
                            clockReset));
                    continue;
                }
                // a record that came stamped past the clock-reset limit, with nothing after it, placed at
                // the end of the input: said as such (review: only "a gap of 2699998200 s" was said, after
                // the data, naming neither the record nor where the channel resumed)
                String ahead = ending && c != null && c.ahead() && !followed(first.getKey()) ? String.format(
                        Locale.ROOT, "; the record there, %s to %s, came stamped %.1f days past the channel's data"
                        + " and nothing followed it before the input ended (a bad time stamp?): placed as it is, as"
                        + " batch reads it", first.getValue().start(), first.getValue().end(), d / 86_400e9) : "";
                notice(StreamNotice.Kind.GAP, Times.toInstant(expected), String.format(Locale.ROOT, "gap of %.3f s"
                        + " (%d samples missing) from %s to %s%s; the station restarts after it", d / 1e9,
                        Math.round(d * rate / 1e9), Times.toInstant(expected), first.getValue().start(), ahead));
                newRun(first.getKey(), first.getValue());
                nearAgain();
            }
        }
    }

    /**
     * After a run starts (the channel's first, or one after a gap), the records waiting within the
     * tolerance of it are no longer ahead of the channel's data: they came so only because the run
     * was not placed yet (the third review: after a gap, a record come before its neighbour was held
     * as if an outage were being filled, and one after a clock step dropped as a bad time stamp).
     */
    private void nearAgain() {
        for (Map.Entry<Long, Trace> w : waiting.entrySet()) {
            Came c = came.get(w.getKey());
            if (c.beyond() && !beyondNear(w.getKey())) {
                came.put(w.getKey(), new Came(c.received(), c.ahead(), c.credible(), false));
                overtakenAt.remove(w.getKey());
            }
        }
    }

    /**
     * @return whether the records waiting from {@code startNanos} on have waited long enough that
     *     no record before it can still come within the reorder tolerance: everything is placed now
     *     ({@link #placeAll}); or the station's other channels have gone on for the tolerance past
     *     it ({@link #settle}); or the records waiting from it on hold a stretch that reaches the
     *     tolerance past its start, each within the clock-reset limit of the one before (a stretch
     *     further on counts only if it reaches the tolerance itself: one record stamped far ahead, a
     *     bad clock, must not make every record a little out of order a gap and a dropped record);
     *     or the earliest-come of them has waited while the tolerance's worth of data came (data
     *     that come in short bursts far apart must not be held without bound)
     */
    private boolean settled(long startNanos) {
        if (placeAll || stationNewest != Long.MIN_VALUE && stationNewest - startNanos > tolerance * 1e9) {
            return true;
        }
        long from = Long.MIN_VALUE;
        long reach = Long.MIN_VALUE;
        for (Map.Entry<Long, Trace> w : waiting.tailMap(startNanos, true).entrySet()) {
            if (aside(w.getKey(), startNanos)) {
                continue; // records the data are catching up with say nothing of a gap before them
            }
            if (reach == Long.MIN_VALUE || w.getKey() - reach > clockReset * 1e9) {
                from = w.getKey();
            }
            reach = Math.max(reach, Times.toNanos(w.getValue().endExclusive()));
            if (reach - from > tolerance * 1e9) {
                return true;
            }
        }
        long earliest = Long.MAX_VALUE;
        for (Map.Entry<Long, Came> c : came.entrySet()) {
            if (!aside(c.getKey(), startNanos)) {
                earliest = Math.min(earliest, c.getValue().received());
            }
        }
        return received - earliest > tolerance * 1e9;
    }

    /**
     * @return whether the waiting record at {@code start} came stamped more than the clock-reset
     *     limit past the channel's data and those data then went on in order, in the run they were
     *     in, for the reorder tolerance: a bad time stamp (made a run of its own, it would hold the
     *     station's other channels, which align on it, until real time reached it: found by review).
     *     After an outage the data before it do not go on; records placed after their own gaps
     *     start runs of their own. Nor is it one where the records waiting from it on follow one
     *     another without a gap for the tolerance: the newest data of a data logger that fills an
     *     outage longer than the limit from its buffer (dropped as bad time stamps before 2026-12-07
     *     while the filling went on).
     */
    private boolean wentOnWithout(long start) {
        Came c = came.get(start);
        return c != null && c.ahead() && !runs.isEmpty() && runs.peekLast().startNanos <= c.credible()
                && dataEnd() - c.credible() > tolerance * 1e9 && !goesOn(start);
    }

    /** @return whether the records waiting from {@code start} on follow one another without a gap for the tolerance */
    private boolean goesOn(long start) {
        long half = Math.round(0.5e9 / rate);
        long end = Long.MIN_VALUE;
        for (Map.Entry<Long, Trace> w : waiting.tailMap(start, true).entrySet()) {
            if (end != Long.MIN_VALUE && Math.abs(w.getKey() - end) > half) {
                return false;
            }
            end = Times.toNanos(w.getValue().endExclusive());
            if (end - start > tolerance * 1e9) {
                return true;
            }
        }
        return false;
    }

    /**
     * @return whether a later record waits beside the one waiting at {@code start}: any, not only one
     *     that starts where it ends (review: after an outage longer than the clock-reset limit every
     *     record comes so far ahead, and a tear of a few samples after the first one back held them all
     *     until the end of the input)
     */
    private boolean followed(long start) {
        return waiting.higherKey(start) != null;
    }

    /**
     * @return whether the waiting record at {@code start} came stamped more than the reorder
     *     tolerance past the channel's data, records stamped before it have come since, and they are
     *     still coming (the last of them within the tolerance's worth of data received): the
     *     channel's data are catching up with it, while the records waiting from it on span at most
     *     the clock-reset limit (a filling slower than real time never catches up, and would hold the
     *     newest data without bound). It waits for them: a datalogger that sends its
     *     newest data while it fills an outage from its buffer (backfill) gives the stream what
     *     batch reads, as long as the filling starts within the tolerance; and a record stamped
     *     minutes ahead of its time (a bad clock) is dropped when the genuine data overlap it, not
     *     made a run that drops them as late (found on 2026-12-07: a record stamped 10 min ahead cost
     *     the channel 10 min of data). Never while everything is placed ({@link #placeAll}).
     */
    private boolean overtaken(long start) {
        Long at = overtakenAt.get(start);
        if (placeAll || silent || at == null || received - at > tolerance * 1e9
                || Times.toNanos(waiting.lastEntry().getValue().endExclusive()) - start > clockReset * 1e9) {
            return false;
        }
        return !runs.isEmpty(); // (the data may break or flat-line on their way to it: review)
    }

    /**
     * @return whether a record starting at {@code start} lies more than the reorder tolerance past
     *     the channel's data and the records waiting near them ({@link Came#beyond}); false before
     *     any data
     */
    private boolean beyondNear(long start) {
        long near = dataEnd();
        for (Map.Entry<Long, Trace> w : waiting.entrySet()) {
            if (!came.get(w.getKey()).beyond()) {
                near = Math.max(near, Times.toNanos(w.getValue().endExclusive()));
            }
        }
        return near != Long.MIN_VALUE && start - near > tolerance * 1e9;
    }

    /**
     * @return whether the waiting record at {@code w} says nothing of a hole before the one at
     *     {@code first}: the data are catching up with it ({@link #overtaken}), or it came beyond
     *     the data, {@code first} did not, and records near the data still come (the newest records
     *     while an outage is filled, come before a filled record that came early: review; for the
     *     tolerance's worth of data at most, or a hole before data that stop would never be a gap:
     *     third review)
     */
    private boolean aside(long w, long first) {
        return w != first && (overtaken(w) || !runs.isEmpty() && came.get(w).beyond() && !came.get(first).beyond()
                && received - nearAt <= tolerance * 1e9);
    }

    /**
     * @return the end of the channel's data and of the records waiting, but those {@link #aside}
     *     from {@code first}: how far the data have gone on past the hole before it
     */
    private long newestBesides(long first) {
        long n = dataEnd();
        for (Map.Entry<Long, Trace> w : waiting.entrySet()) {
            if (!aside(w.getKey(), first)) {
                n = Math.max(n, Times.toNanos(w.getValue().endExclusive()));
            }
        }
        return n;
    }

    /**
     * @return whether the samples of {@code t} that overlap the channel's data (those before
     *     {@code expected}, a flat line being discarded included) are the data's own, as a genuine
     *     overlap's or a duplicate's are (batch merges them), so far as the last samples appended are
     *     still known ({@link #tail}); a bad time stamp's are not
     */
    private boolean agreesWithRun(Trace t, long expected) {
        int n = (int) Math.round((expected - Times.toNanos(t.start())) * rate / 1e9);
        for (int i = 0; i < Math.min(n, t.length()); i++) {
            long back = n - i; // samples before the next one due: the flat line being discarded, then the run's
            double v;
            if (back <= flatCount) {
                v = flatValue;
            } else if (back - flatCount <= Math.min(tailCount, TAIL)) {
                v = tail[(int) ((tailCount - (back - flatCount)) % TAIL)];
            } else {
                return false; // no longer known
            }
            if (t.samples()[i] != v) {
                return false;
            }
        }
        return n > 0;
    }

    /**
     * @return whether the channel's data are catching up with records that came ahead of them
     *     ({@link #overtaken}): while it keeps sending, it lags the station's other channels because
     *     it fills an outage, not because it is silent ({@link StationFeed})
     */
    boolean catchingUp() {
        for (Long w : waiting.keySet()) { // (the first may be a filled record come early: review)
            if (overtaken(w)) {
                return true;
            }
        }
        return false;
    }

    /**
     * @return whether no waiting record follows {@code w} without a gap: a record that the data
     *     reached without a gap is still taken for a bad time stamp until one does (a clock's error
     *     of whole records puts it exactly where the genuine record of its time belongs)
     */
    private boolean isolated(Map.Entry<Long, Trace> w) {
        Long next = waiting.higherKey(w.getKey());
        return next == null || Math.abs(next - Times.toNanos(w.getValue().endExclusive())) > Math.round(0.5e9 / rate);
    }

    /** Takes the first waiting record off the queue. */
    private void pollFirst() {
        long start = waiting.pollFirstEntry().getKey();
        came.remove(start);
        overtakenAt.remove(start);
    }

    /**
     * @return the newest data time of the channel that the other channels can count on (ns): its
     *     runs' end, or a waiting record's, but not one that came stamped more than the clock-reset
     *     limit past the channel's data (a bad clock would switch the station's reordering off)
     */
    long credibleNewest() {
        long n = dataEnd();
        for (Map.Entry<Long, Trace> w : waiting.entrySet()) {
            Came c = came.get(w.getKey());
            if (c == null || !c.ahead() && !overtaken(w.getKey())) {
                n = Math.max(n, Times.toNanos(w.getValue().endExclusive()));
            }
        }
        return n;
    }

    /** Places a record stamped more than the clock-reset limit back as a clock reset, saying {@code why}. */
    private void resetAt(Trace back, String why) {
        resetBecause = why;
        try {
            place(back);
        } finally {
            resetBecause = null;
        }
    }

    /**
     * End of input: whatever still waits is placed after its gap; a record stamped back past the
     * clock-reset limit that nothing followed is taken as a clock reset (it cannot be told from one,
     * and is not dropped); samples held back are released.
     */
    void flush() {
        ending = true; // only while it places (a station ended and fed again goes on with this feed)
        try {
            if (stampedBack != null) {
                Trace back = stampedBack;
                stampedBack = null;
                placeWaiting();
                resetAt(back, ", and nothing follows it");
            }
            placeWaiting();
        } finally {
            ending = false;
        }
        endFlatline();
        closeLast();
    }

    private void rate(double r) {
        rate = r;
        flatSamples = Flatlines.minSamples(r);
        usable = usableRate(r, modelRate, bandLowHz);
        resampler = usable && io.github.seisclr.io.SampleRates.needResampling(r, modelRate) ? new Resampler(r, modelRate)
                : null;
    }

    /**
     * @return whether a channel at {@code rate} can be used by a model at {@code modelRate} whose
     *     band starts at {@code bandLowHz}: its Nyquist frequency above the band's start (as batch
     *     requires), and resampling possible (rates less than a factor of 1000 apart)
     */
    static boolean usableRate(double rate, double modelRate, double bandLowHz) {
        return rate / 2 > bandLowHz && Resampler.supports(rate, modelRate); // else a damaged header's rate
    }

    /** @return when the next sample is due: after the last run, or after the flat line being discarded */
    private long expectedNanos() {
        Run last = runs.peekLast();
        return flatCount > 0 ? flatStartNanos + Math.round(flatCount * 1e9 / rate) : last.endNanos();
    }

    /**
     * A new run from a record, at that record's rate, as batch gives each segment the rate of its first
     * record (rates within the tolerance that joins records may still differ, and one not equal to the
     * model's is resampled).
     */
    private void newRun(long start, Trace t) {
        if (t.sampleRate() != rate) {
            rate(t.sampleRate());
        }
        newRun(start, t.samples());
    }

    private void newRun(long start, double[] x) {
        endFlatline();
        if (!runs.isEmpty()) {
            lastBreakStart = runs.peekLast().endNanos();
        }
        closeLast(); // a break ends the run: what it held back cannot flat-line any more
        runs.addLast(new Run(start, rate, resampler, modelRate, id));
        tailCount = 0;
        append(x, 0);
    }

    /**
     * Appends samples after the last run, one by one: the trailing samples of one repeated value are
     * held back; when they reach {@link Flatlines#minSamples} they are cut from the run, and until a
     * different value arrives the channel discards the flat line ({@link StreamNotice.Kind#FLATLINE}
     * when it ends), exactly the samples {@link Flatlines#split} leaves out of batch detection.
     */
    private void append(double[] x, int from) {
        for (int i = from; i < x.length; i++) {
            double v = x[i];
            if (flatCount > 0) {
                if (v == flatValue) {
                    flatCount++;
                    continue;
                }
                long resume = expectedNanos();
                endFlatline();
                runs.addLast(new Run(resume, rate, resampler, modelRate, id));
                tailCount = 0;
            }
            Run r = runs.peekLast();
            if (r.closed) { // data after flush(): a new run, as the station restarts
                r = new Run(r.endNanos(), rate, resampler, modelRate, id);
                runs.addLast(r);
                tailCount = 0;
            }
            boolean repeat = r.count > 0 && r.held > 0 && v == r.last();
            r.add(v);
            tail[(int) (tailCount++ % TAIL)] = v;
            r.held = repeat ? r.held + 1 : 1;
            if (r.held >= flatSamples) {
                r.count -= r.held;
                tailCount = Math.max(0, tailCount - r.held);
                flatCount = r.held;
                flatValue = v;
                flatStartNanos = r.endNanos();
                r.close(); // the flat line ends the run
            }
        }
    }

    private void endFlatline() {
        if (flatCount > 0) {
            notice(StreamNotice.Kind.FLATLINE, Times.toInstant(flatStartNanos), String.format(Locale.ROOT, "%.2f s of the"
                    + " constant value %s, treated as a gap; the station restarts after it", flatCount / rate, flatValue));
            flatCount = 0;
        }
    }

    /**
     * Drops every sample released so far, keeping the times: for a channel that is not used (a rate
     * the model cannot run at), whose data would otherwise pile up for as long as it sends.
     */
    void discardReleased() {
        discardReleased(false);
    }

    /**
     * As {@link #discardReleased()}, counting what is left out in {@link #discarded} where
     * {@code counted}: a usable channel's data that came too far behind its station's others (not
     * an unusable channel's, which is left out whole and said so by its notice).
     */
    void discardReleased(boolean counted) {
        for (Run r : runs) {
            long n = r.out.released() - r.out.consumed;
            if (counted && n > 0) {
                if (discarded == 0) {
                    discardedFrom = r.out.nanosOf(r.out.consumed);
                }
                discarded += n;
                discardedTo = r.out.nanosOf(r.out.released());
            }
            r.out.consumed = r.out.released();
        }
        dropConsumedRuns();
    }

    /** Samples (at the model's rate) {@link #discardReleased(boolean)} has counted, and their first and last time. */
    long discarded;
    long discardedFrom;
    long discardedTo;

    /** Forgets runs fully consumed except the last, and the consumed samples of the first. */
    void dropConsumedRuns() {
        while (runs.size() > 1 && runs.peekFirst().out.available() == 0) {
            runs.pollFirst();
        }
        Run first = first();
        if (first != null) {
            first.forgetBefore(first.consumed);
        }
    }

    private void notice(StreamNotice.Kind kind, Instant time, String message) {
        notices.accept(new StreamNotice(kind, station, id, time, message));
    }
}
