package io.github.seisclr.stream;

import io.github.seisclr.io.SourceId;
import io.github.seisclr.io.Trace;
import io.github.seisclr.signal.Flatlines;
import io.github.seisclr.signal.Resampler;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A channel fed record by record gives the station exactly the samples the batch path makes of the
 * whole channel: the same runs (broken at gaps and flat lines) and, at another rate than the
 * model's, the same resampled values, bit for bit.
 */
class ChannelFeedTest {
    private static final double MODEL_RATE = 100;

    /** One run as the station reads it: its start and its samples at the model's rate. */
    private record Out(long startNanos, double[] samples) {
    }

    @ParameterizedTest(name = "{0} Hz")
    @ValueSource(doubles = {100, 40, 50, 200, 33.3001017293998})
    void recordByRecordGivesTheBatchPathsSamples(double rate) {
        SourceId id = SourceId.parse("XX.FEED..HHZ");
        Instant t0 = Instant.parse("2026-03-01T00:00:00Z");
        Random rng = new Random(7);
        // 10 min of noise with an event-like burst, a 6 s flat line at 4 min and a 20 s gap at 7 min
        int n = (int) Math.round(600 * rate);
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            double t = i / rate;
            x[i] = Math.round(50 * rng.nextGaussian() + (t > 100 && t < 130 ? 2000 * Math.sin(t * 31) * Math.exp(-(t - 100) / 8) : 0));
        }
        Arrays.fill(x, (int) (240 * rate), (int) (246 * rate), 777);
        int gapFrom = (int) (420 * rate);
        int gapTo = (int) (440 * rate);
        List<Trace> whole = List.of(Trace.of(id, t0, rate, Arrays.copyOfRange(x, 0, gapFrom)),
                Trace.of(id, t0.plusNanos(Math.round(gapTo * 1e9 / rate)), rate, Arrays.copyOfRange(x, gapTo, n)));

        // batch: flat lines cut out, then each piece resampled whole (signal.Alignment's path)
        List<Out> batch = new ArrayList<>();
        for (Trace t : whole) {
            for (Trace live : Flatlines.split(t)) {
                double[] y = rate == MODEL_RATE ? live.samples() : new Resampler(rate, MODEL_RATE).resample(live.samples());
                batch.add(new Out(io.github.seisclr.io.Times.toNanos(live.start()), y));
            }
        }

        // stream: records of 1.28 s, neighbours swapped within the reorder tolerance
        List<Trace> records = new ArrayList<>();
        for (Trace t : whole) {
            int step = (int) Math.round(1.28 * rate);
            for (int i = 0; i < t.length(); i += step) {
                int m = Math.min(step, t.length() - i);
                records.add(Trace.of(id, t.timeOf(i), rate, Arrays.copyOfRange(t.samples(), i, i + m)));
            }
        }
        for (int i = 1; i + 1 < records.size(); i += 7) {
            Collections.swap(records, i, i + 1);
        }
        List<StreamNotice> notices = new ArrayList<>();
        ChannelFeed f = new ChannelFeed(id, "XX.FEED..HH", StreamConfig.defaults(), MODEL_RATE, 1, notices::add);
        List<Out> stream = new ArrayList<>();
        Current current = new Current();
        for (Trace r : records) {
            f.accept(r);
            drain(f, stream, current, false);
        }
        f.flush();
        drain(f, stream, current, true);

        assertEquals(batch.size(), stream.size(), "runs; notices " + notices);
        for (int i = 0; i < batch.size(); i++) {
            assertEquals(batch.get(i).startNanos(), stream.get(i).startNanos(), "start of run " + i);
            assertArrayEquals(batch.get(i).samples(), stream.get(i).samples(), "samples of run " + i);
        }
        assertEquals(List.of(StreamNotice.Kind.FLATLINE, StreamNotice.Kind.GAP),
                notices.stream().map(StreamNotice::kind).toList(), notices.toString());
    }

    /** The run being read: its start and the blocks taken so far. */
    private static final class Current {
        long startNanos;
        final List<double[]> blocks = new ArrayList<>();
    }

    /** Takes what the feed has released, as the station does, closing each run when the next one starts. */
    private static void drain(ChannelFeed f, List<Out> done, Current current, boolean end) {
        while (f.first() != null) {
            ChannelFeed.Run r = f.first();
            int a = r.available();
            if (a > 0) {
                if (r.consumed == 0) {
                    current.blocks.clear();
                    current.startNanos = r.startNanos;
                }
                double[] b = new double[a];
                r.copy(r.consumed, b, 0, a);
                current.blocks.add(b);
                r.consumed += a;
            }
            boolean later = f.hasLaterRun();
            if ((later || end) && !current.blocks.isEmpty()) {
                done.add(new Out(current.startNanos, concat(current.blocks)));
                current.blocks.clear();
            }
            f.dropConsumedRuns();
            if (!later) {
                return;
            }
        }
    }

    private static double[] concat(List<double[]> parts) {
        double[] out = new double[parts.stream().mapToInt(p -> p.length).sum()];
        int o = 0;
        for (double[] p : parts) {
            System.arraycopy(p, 0, out, o, p.length);
            o += p.length;
        }
        return out;
    }
}
