package io.github.seisclr.cli;

import io.github.seisclr.io.SampleType;
import io.github.seisclr.io.SourceId;
import io.github.seisclr.io.Trace;
import io.github.seisclr.io.WaveformSet;
import io.github.seisclr.io.Waveforms;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;

/** {@code seisclr bench}: throughput figures printed, not asserted. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measure throughput on this machine and print the figures.")
final class BenchCommand implements Callable<Integer> {
    @Option(names = "--what", defaultValue = "io",
            description = "what to measure: io (miniSEED read), signal (band-pass + recursive STA/LTA); default ${DEFAULT-VALUE}")
    String what;

    @Option(names = "--file", description = "miniSEED file to read (default: a generated station-day of Steim2 data)")
    Path file;

    @Option(names = "--repeat", defaultValue = "5", description = "timed repetitions after one warm-up (default ${DEFAULT-VALUE})")
    int repeat;

    @Override
    public Integer call() throws IOException {
        return switch (what) {
            case "io" -> benchRead();
            case "signal" -> benchSignal();
            default -> throw new IllegalArgumentException("--what must be io or signal, got '" + what + "'");
        };
    }

    private int benchRead() throws IOException {
        Path f = file;
        Path tmp = null;
        if (f == null) {
            tmp = Files.createTempFile("seisclr-bench-", ".mseed");
            f = tmp;
            System.out.println("Writing one station-day of 100 Hz integer data (8,640,000 samples, Steim2, 4096-byte records)...");
            Waveforms.write(List.of(stationDay()), f);
        }
        try {
            long bytes = Files.size(f);
            resetPeak();
            WaveformSet warm = Waveforms.read(f);
            long samples = warm.totalSamples();
            double best = Double.MAX_VALUE;
            double sum = 0;
            for (int i = 0; i < repeat; i++) {
                long t0 = System.nanoTime();
                WaveformSet set = Waveforms.read(f);
                double s = (System.nanoTime() - t0) / 1e9;
                if (set.totalSamples() != samples) {
                    throw new IllegalStateException("repeated read differs");
                }
                best = Math.min(best, s);
                sum += s;
            }
            System.out.printf("file: %s (%.1f MB, %,d samples)%n", f, bytes / 1e6, samples);
            System.out.printf("cores: %d, max heap: %d MB%n", Runtime.getRuntime().availableProcessors(),
                    Runtime.getRuntime().maxMemory() >> 20);
            System.out.printf("read + decode + merge: best %.3f s, mean %.3f s over %d runs%n", best, sum / repeat, repeat);
            System.out.printf("throughput: %,.0f samples/s (best), %.1f MB/s of miniSEED%n", samples / best, bytes / 1e6 / best);
            System.out.printf("peak heap used during the runs (includes garbage not yet collected): %d MB%n", peakHeapMb());
            warm = null;
            long before = liveHeap();
            WaveformSet kept = Waveforms.read(f);
            System.out.printf("live heap held by one read result: %d MB (%.1f bytes/sample)%n",
                    (liveHeap() - before) >> 20, (double) (liveHeap() - before) / kept.totalSamples());
            return 0;
        } finally {
            if (tmp != null) {
                Files.deleteIfExists(tmp);
            }
        }
    }

    private int benchSignal() {
        double[] x = stationDay().samples();
        double fs = 100;
        io.github.seisclr.signal.SosFilter bp = io.github.seisclr.signal.Butterworth.bandpass(4, 1, 20, fs);
        int nsta = io.github.seisclr.baseline.StaLta.nsamples(0.5, fs);
        int nlta = io.github.seisclr.baseline.StaLta.nsamples(10, fs);
        double[] times = new double[3];
        double[] best = {Double.MAX_VALUE, Double.MAX_VALUE, Double.MAX_VALUE};
        for (int r = 0; r <= repeat; r++) {
            long t0 = System.nanoTime();
            double[] f = bp.filter(x);
            long t1 = System.nanoTime();
            double[] cft = io.github.seisclr.baseline.StaLta.recursive(f, nsta, nlta);
            long t2 = System.nanoTime();
            double[] zp = bp.filterZeroPhase(x);
            long t3 = System.nanoTime();
            if (cft.length != x.length || zp.length != x.length) {
                throw new IllegalStateException();
            }
            times[0] = (t1 - t0) / 1e9;
            times[1] = (t2 - t1) / 1e9;
            times[2] = (t3 - t2) / 1e9;
            if (r > 0) {
                for (int k = 0; k < 3; k++) {
                    best[k] = Math.min(best[k], times[k]);
                }
            }
        }
        System.out.printf("one station-day, one channel: %,d samples at 100 Hz; cores: %d%n", x.length,
                Runtime.getRuntime().availableProcessors());
        System.out.printf("band-pass 1-20 Hz, 4 corners (causal):   %.3f s  %,.0f samples/s%n", best[0], x.length / best[0]);
        System.out.printf("recursive STA/LTA 0.5 s / 10 s:          %.3f s  %,.0f samples/s%n", best[1], x.length / best[1]);
        System.out.printf("band-pass + STA/LTA:                     %.3f s  %,.0f samples/s%n", best[0] + best[1],
                x.length / (best[0] + best[1]));
        System.out.printf("band-pass zero-phase (batch):            %.3f s  %,.0f samples/s%n", best[2], x.length / best[2]);
        return 0;
    }

    /** A station-day whose Steim2 compression resembles a broadband channel: a random walk with short-term noise. */
    static Trace stationDay() {
        int n = 8_640_000;
        double[] x = new double[n];
        Random r = new Random(42);
        double v = 0;
        for (int i = 0; i < n; i++) {
            v = 0.999 * v + r.nextGaussian() * 300;
            x[i] = Math.round(v + r.nextGaussian() * 50);
        }
        return Trace.of(SourceId.parse("XX.BENCH.00.HHZ"), Instant.parse("2024-01-01T00:00:00Z"), 100.0, x,
                SampleType.INTEGER);
    }

    private static long liveHeap() {
        System.gc();
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }

    private static void resetPeak() {
        System.gc();
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) {
                p.resetPeakUsage();
            }
        }
    }

    private static long peakHeapMb() {
        long peak = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) {
                peak += p.getPeakUsage().getUsed();
            }
        }
        return peak >> 20;
    }
}
