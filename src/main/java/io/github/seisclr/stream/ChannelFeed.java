package io.github.seisclr.stream;

import io.github.seisclr.io.SourceId;
import io.github.seisclr.io.Trace;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
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

        int available() {
            return (int) (count - consumed);
        }

        void append(double[] x, int from) {
            int n = x.length - from;
            if (count + n > samples.length) {
                samples = Arrays.copyOf(samples, Math.max(2 * samples.length, count + n));
            }
            System.arraycopy(x, from, samples, count, n);
            count += n;
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

    static long nanos(Instant t) {
        return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000_000L), t.getNano());
    }

    static Instant instant(long nanos) {
        return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
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
        long start = nanos(t.start());
        longestRecordNanos = Math.max(longestRecordNanos, nanos(t.endExclusive()) - start);
        newestNanos = Math.max(newestNanos, nanos(t.endExclusive()));
        if (Double.isNaN(rate) || runs.isEmpty()) {
            rate = t.sampleRate();
            newRun(start, x);
            return;
        }
        if (Math.abs(t.sampleRate() / rate - 1) > 1e-4) {
            notice(StreamNotice.Kind.RATE_CHANGE, t.start(), "sample rate changed from " + rate + " to "
                    + t.sampleRate() + " Hz; channel restarts");
            rate = t.sampleRate();
            waiting.clear();
            newRun(start, x);
            return;
        }
        Run last = runs.peekLast();
        long expected = last.endNanos();
        long half = Math.round(0.5e9 / rate);
        long d = start - expected;
        if (Math.abs(d) <= half) {
            last.append(x, 0);
        } else if (d < 0) {
            long end = nanos(t.endExclusive());
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
            last.append(x, skip);
        } else {
            waiting.put(start, t);
        }
        drain();
    }

    /** Appends waiting records that now fit; declares a gap when the next one waited too long. */
    private void drain() {
        while (!waiting.isEmpty()) {
            Run last = runs.peekLast();
            long expected = last.endNanos();
            long half = Math.round(0.5e9 / rate);
            Map.Entry<Long, Trace> first = waiting.firstEntry();
            long d = first.getKey() - expected;
            if (Math.abs(d) <= half) {
                waiting.pollFirstEntry();
                last.append(first.getValue().samples(), 0);
            } else if (d < 0) {
                waiting.pollFirstEntry();
                accept(first.getValue()); // overlap or duplicate now
                return;
            } else if (newestNanos - expected > tolerance * 1e9) {
                waiting.pollFirstEntry();
                notice(StreamNotice.Kind.GAP, instant(expected), String.format("gap of %.3f s (%d samples missing)"
                        + " from %s; the station restarts after it", d / 1e9, Math.round(d * rate / 1e9),
                        instant(expected)));
                newRun(first.getKey(), first.getValue().samples());
            } else {
                return;
            }
        }
    }

    /** End of input: whatever still waits is placed after its gap. */
    void flush() {
        newestNanos = Long.MAX_VALUE / 2;
        drain();
    }

    private void newRun(long start, double[] x) {
        Run r = new Run(start, rate);
        r.append(x, 0);
        runs.addLast(r);
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
            runs.pollFirst();
            runs.addFirst(moved);
        }
    }

    private void notice(StreamNotice.Kind kind, Instant time, String message) {
        notices.accept(new StreamNotice(kind, station, id, time, message));
    }
}
