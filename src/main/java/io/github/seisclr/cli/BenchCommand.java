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
    @Option(names = "--what", defaultValue = "io", description = "what to measure: io (default)")
    String what;

    @Option(names = "--file", description = "miniSEED file to read (default: a generated station-day of Steim2 data)")
    Path file;

    @Option(names = "--repeat", defaultValue = "5", description = "timed repetitions after one warm-up (default ${DEFAULT-VALUE})")
    int repeat;

    @Override
    public Integer call() throws IOException {
        if (!what.equals("io")) {
            throw new IllegalArgumentException("--what must be io, got '" + what + "'");
        }
        return benchRead();
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
