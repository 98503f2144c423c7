package io.github.seisclr.io;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Random;

/** Seeded test signals and in-memory miniSEED, shared by the io tests. */
final class TestTraces {
    static final Instant T0 = Instant.parse("2024-03-01T00:00:00.123456Z");

    private TestTraces() {
    }

    /** A seeded random walk of integer counts, like a broadband channel's raw output. */
    static Trace randomWalk(String code, Instant start, double rate, int n, long seed) {
        Random r = new Random(seed);
        double[] x = new double[n];
        double v = 0;
        for (int i = 0; i < n; i++) {
            v += Math.round(r.nextGaussian() * 200);
            x[i] = v;
        }
        return Trace.of(SourceId.parse(code), start, rate, x, SampleType.INTEGER);
    }

    static byte[] mseed(List<Trace> traces, WriteOptions options) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            new MiniSeedWriter(options).write(traces, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static byte[] mseed(Trace... traces) {
        return mseed(List.of(traces), WriteOptions.defaults());
    }

    static WaveformSet read(byte[] bytes) {
        return Waveforms.read(new java.io.ByteArrayInputStream(bytes), "test.mseed");
    }

    static WaveformSet read(byte[] bytes, ReadOptions options) {
        return Waveforms.reader(options).read(new java.io.ByteArrayInputStream(bytes), "test.mseed");
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
