package io.github.seisclr.stream;

import io.github.seisclr.io.SourceId;
import io.github.seisclr.io.Times;
import io.github.seisclr.io.Trace;
import io.github.seisclr.signal.Flatlines;

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
 * (gap, rate change, clock reset). Records ahead of the expected time wait up to the reorder
 * tolerance for the records before them.
 */
final class ChannelFeed {
    /** A contiguous run of samples. */
    static final class Run {
        final long startNanos;
        final double rate;
        double[] samples = new double[1024];
        int count;
        long consumed; // samples handed to the station
        int held; // trailing samples of one repeated value, held back until it is known whether they flat-line

        Run(long startNanos, double rate) {
            this.startNanos = startNanos;
            this.rate = rate;
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
        int released() {
            return count - held;
        }

        void add(double v) {
            if (count == samples.length) {
                samples = Arrays.copyOf(samples, 2 * samples.length);
            }
            samples[count++] = v;
        }
    }

    final SourceId id;
    final String station;
    private final double tolerance;
    private final double clockReset;
    private final Consumer<StreamNotice> notices;
    final Deque<Run> runs = new ArrayDeque<>();
    private final TreeMap<Long, Trace> waiting = new TreeMap<>();
    private double rate = Double.NaN;
    private int flatSamples;
    /** Length of the current flat-lined run being discarded, 0 when none. */
    private long flatCount;
    private double flatValue;
    private long flatStartNanos;
    long newestNanos = Long.MIN_VALUE;
    /** Longest record seen (ns): a component may lag the others by one record without being silent. */
    long longestRecordNanos;
    boolean silent;

    ChannelFeed(SourceId id, String station, StreamConfig config, Consumer<StreamNotice> notices) {
        this.id = id;
        this.station = station;
        this.tolerance = config.reorderToleranceSeconds();
        this.clockReset = config.clockResetSeconds();
        this.notices = notices;
    }

    double rate() {
        return rate;
    }

    /** @return the end of the newest data (ns), for silence checks */
    long dataEnd() {
        return runs.isEmpty() ? Long.MIN_VALUE : runs.peekLast().endNanos();
    }

    void accept(Trace t) {
        double[] x = t.samples();
        long start = Times.toNanos(t.start());
        longestRecordNanos = Math.max(longestRecordNanos, Times.toNanos(t.endExclusive()) - start);
        newestNanos = Math.max(newestNanos, Times.toNanos(t.endExclusive()));
        if (Double.isNaN(rate) || runs.isEmpty()) {
            rate(t.sampleRate());
            newRun(start, x);
            return;
        }
        if (!io.github.seisclr.io.SampleRates.agree(t.sampleRate(), rate)) {
            notice(StreamNotice.Kind.RATE_CHANGE, t.start(), "sample rate changed from " + rate + " to "
                    + t.sampleRate() + " Hz; channel restarts");
            rate(t.sampleRate());
            waiting.clear();
            newRun(start, x);
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
                notice(StreamNotice.Kind.CLOCK_JUMP, t.start(), String.format("record starts %.1f s before data"
                        + " already received; taken as a clock reset, channel restarts", -d / 1e9));
                waiting.clear();
                newRun(start, x);
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
        } else {
            waiting.put(start, t);
        }
        drain();
    }

    /** Appends waiting records that now fit; declares a gap when the next one waited too long. */
    private void drain() {
        while (!waiting.isEmpty()) {
            long expected = expectedNanos();
            long half = Math.round(0.5e9 / rate);
            Map.Entry<Long, Trace> first = waiting.firstEntry();
            long d = first.getKey() - expected;
            if (Math.abs(d) <= half) {
                waiting.pollFirstEntry();
                append(first.getValue().samples(), 0);
            } else if (d < 0) {
                waiting.pollFirstEntry();
                accept(first.getValue()); // overlap or duplicate now
                return;
            } else if (newestNanos - expected > tolerance * 1e9) {
                waiting.pollFirstEntry();
                notice(StreamNotice.Kind.GAP, Times.toInstant(expected), String.format("gap of %.3f s (%d samples missing)"
                        + " from %s; the station restarts after it", d / 1e9, Math.round(d * rate / 1e9),
                        Times.toInstant(expected)));
                newRun(first.getKey(), first.getValue().samples());
            } else {
                return;
            }
        }
    }

    /** End of input: whatever still waits is placed after its gap; samples held back are released. */
    void flush() {
        newestNanos = Long.MAX_VALUE / 2;
        drain();
        endFlatline();
        if (!runs.isEmpty()) {
            runs.peekLast().held = 0;
        }
    }

    private void rate(double r) {
        rate = r;
        flatSamples = Flatlines.minSamples(r);
    }

    /** @return when the next sample is due: after the last run, or after the flat line being discarded */
    private long expectedNanos() {
        Run last = runs.peekLast();
        return flatCount > 0 ? flatStartNanos + Math.round(flatCount * 1e9 / rate) : last.endNanos();
    }

    private void newRun(long start, double[] x) {
        endFlatline();
        if (!runs.isEmpty()) {
            runs.peekLast().held = 0; // a break ends the run: what it held back cannot flat-line any more
        }
        runs.addLast(new Run(start, rate));
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
                runs.addLast(new Run(resume, rate));
            }
            Run r = runs.peekLast();
            boolean repeat = r.count > 0 && r.held > 0 && v == r.samples[r.count - 1];
            r.add(v);
            r.held = repeat ? r.held + 1 : 1;
            if (r.held >= flatSamples) {
                r.count -= r.held;
                flatCount = r.held;
                flatValue = v;
                flatStartNanos = r.endNanos();
                r.held = 0;
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
     * the model does not run at), whose data would otherwise pile up for as long as it sends.
     */
    void discardReleased() {
        for (Run r : runs) {
            r.consumed = r.released();
        }
        dropConsumedRuns();
    }

    /** Forgets runs fully consumed except the last. */
    void dropConsumedRuns() {
        while (runs.size() > 1 && runs.peekFirst().available() == 0) {
            runs.pollFirst();
        }
        Run first = runs.peekFirst();
        if (first != null && first.consumed > 65536) {
            // shift consumed samples out of memory, keeping times right
            int c = (int) first.consumed;
            Run moved = new Run(first.nanosOf(c), first.rate);
            moved.samples = Arrays.copyOfRange(first.samples, c, Math.max(c + 1024, first.count));
            moved.count = first.count - c;
            moved.held = first.held;
            runs.pollFirst();
            runs.addFirst(moved);
        }
    }

    private void notice(StreamNotice.Kind kind, Instant time, String message) {
        notices.accept(new StreamNotice(kind, station, id, time, message));
    }
}
